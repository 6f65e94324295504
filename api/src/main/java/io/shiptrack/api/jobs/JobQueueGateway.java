package io.shiptrack.api.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.store.errors.StorageErrors;
import io.vertx.core.Vertx;

/**
 * Puts job messages on the GRS jobs queue (a region-bound job on its region's queue, see JobQueues), Base64-encoded as the Functions queue trigger reads them by default. A
 * failure here is not the caller's: the job row is the outbox and the worker's sweeper enqueues it later.
 */
@ApplicationScoped
public class JobQueueGateway {

    private final Function<String, QueueClient> clients;
    private final String baseQueue;
    private final Map<String, QueueClient> queues = new ConcurrentHashMap<>();

    @Inject
    JobQueueGateway(ShiptrackConfig config, Vertx vertx) {
        ShiptrackConfig.Storage storage = config.storage();
        this.baseQueue = config.queue().name();
        this.clients = name -> {
            // Two tries of 2 s by default: a queue outage costs a submission a few seconds at most, then the sweeper
            // takes over. The synchronous send does not apply the retry policy's try timeout to a request that hangs,
            // so the HTTP client's own timeouts bound each try.
            Duration tryTimeout = config.queue().tryTimeout();
            QueueClientBuilder builder = new QueueClientBuilder().queueName(name)
                    .httpClient(new VertxHttpClientBuilder().vertx(vertx).connectTimeout(tryTimeout)
                            .responseTimeout(tryTimeout).readTimeout(tryTimeout).build())
                    .addPolicy(StorageErrors.errorAnswerPolicy())
                    .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, config.queue().maxTries(), tryTimeout,
                            Duration.ofMillis(100), Duration.ofMillis(100), null))
                    .messageEncoding(QueueMessageEncoding.BASE64);
            if (storage.connectionString().isPresent()) {
                builder.connectionString(storage.connectionString().get());
                config.queue().endpoint().ifPresent(endpoint -> builder.endpoint(endpoint + "/" + name));
            } else {
                String account = storage.accountName().orElseThrow(() -> new IllegalStateException(
                        "set shiptrack.storage.account-name (managed identity) or shiptrack.storage.connection-string"));
                builder.endpoint(config.queue().endpoint().orElse("https://" + account + ".queue.core.windows.net"))
                        .credential(new DefaultAzureCredentialBuilder().build());
            }
            return builder.queueName(name).buildClient();
        };
    }

    /** Sends {@code message} to the shared jobs queue, or to its region's queue when it is region-bound. */
    public void send(JobMessage message) {
        queues.computeIfAbsent(JobQueues.of(baseQueue, message), clients).sendMessage(message.toJson());
    }
}
