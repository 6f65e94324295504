package io.shiptrack.api.jobs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.storage.StorageErrors;
import io.vertx.core.Vertx;

/**
 * Puts job messages on the GRS jobs queue, Base64-encoded as the Functions queue trigger reads them by default. A
 * failure here is not the caller's: the job row is the outbox and the worker's sweeper enqueues it later.
 */
@ApplicationScoped
public class JobQueueGateway {

    private final QueueClient queue;

    @Inject
    JobQueueGateway(ShiptrackConfig config, Vertx vertx) {
        ShiptrackConfig.Storage storage = config.storage();
        // Two tries of 2 s: a queue outage costs a submission a few seconds at most, then the sweeper takes over.
        QueueClientBuilder builder = new QueueClientBuilder().queueName(config.queue().name())
                .httpClient(new VertxHttpClientBuilder().vertx(vertx).build())
                .addPolicy(StorageErrors.errorAnswerPolicy())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 2, Duration.ofSeconds(2),
                        Duration.ofMillis(100), Duration.ofMillis(100), null))
                .messageEncoding(QueueMessageEncoding.BASE64);
        if (storage.connectionString().isPresent()) {
            builder.connectionString(storage.connectionString().get());
            config.queue().endpoint().ifPresent(endpoint -> builder.endpoint(endpoint + "/" + config.queue().name()));
        } else {
            String account = storage.accountName().orElseThrow(() -> new IllegalStateException(
                    "set shiptrack.storage.account-name (managed identity) or shiptrack.storage.connection-string"));
            builder.endpoint(config.queue().endpoint().orElse("https://" + account + ".queue.core.windows.net"))
                    .credential(new DefaultAzureCredentialBuilder().build());
        }
        this.queue = builder.queueName(config.queue().name()).buildClient();
    }

    /** For subclasses in tests that replace the queue. */
    protected JobQueueGateway() {
        this.queue = null;
    }

    public void send(JobMessage message) {
        queue.sendMessage(message.toJson());
    }
}
