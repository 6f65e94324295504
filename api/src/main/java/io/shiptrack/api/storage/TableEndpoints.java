package io.shiptrack.api.storage;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.store.errors.StorageErrors;
import io.vertx.core.Vertx;

/**
 * Builds the table clients of both RA-GRS endpoints once, on Quarkus's own Vert.x instance. The Java Tables SDK
 * has no secondary-host retry, so the primary and the read-only secondary are two clients chosen by breakers.
 */
@ApplicationScoped
public class TableEndpoints {

    public static final String PRIMARY = "primary";
    public static final String SECONDARY = "secondary";

    private final ShiptrackConfig.Storage storage;
    private final ShiptrackConfig.Tables tables;
    private final HttpClient httpClient;

    TableEndpoints(ShiptrackConfig config, Vertx vertx) {
        this.storage = config.storage();
        this.tables = config.tables();
        // The per-try timeout bounds one HTTP exchange; SDK retries are few so the breaker, not the SDK's
        // exponential backoff, decides how long a failing endpoint costs.
        this.httpClient = new VertxHttpClientBuilder().vertx(vertx).connectTimeout(tables.tryTimeout())
                .responseTimeout(tables.tryTimeout()).readTimeout(tables.tryTimeout()).build();
    }

    @Produces
    @Singleton
    @Named(PRIMARY)
    Tables primary() {
        return build(primaryEndpoint());
    }

    @Produces
    @Singleton
    @Named(SECONDARY)
    Tables secondary() {
        return build(tables.secondaryEndpoint().orElseGet(() -> secondaryOf(primaryEndpoint())));
    }

    String primaryEndpoint() {
        if (tables.primaryEndpoint().isPresent()) {
            return tables.primaryEndpoint().get();
        }
        if (storage.connectionString().isPresent()) {
            String endpoint = connectionStringParts().get("TableEndpoint");
            if (endpoint != null) {
                return endpoint;
            }
        }
        return "https://" + accountName() + ".table.core.windows.net";
    }

    /** {@code https://acct.table...} becomes {@code https://acct-secondary.table...}; path-style gets it in the path. */
    static String secondaryOf(String primary) {
        String account = "";
        java.net.URI uri = java.net.URI.create(primary);
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() > 1) {
            account = path.substring(1).split("/")[0];
            return primary.replaceFirst("/" + account, "/" + account + "-secondary");
        }
        String host = uri.getHost();
        int dot = host.indexOf('.');
        return primary.replaceFirst(host, host.substring(0, dot) + "-secondary" + host.substring(dot));
    }

    private Tables build(String endpoint) {
        Duration callTimeout = tables.tryTimeout().multipliedBy(tables.maxRetries() + 1L)
                .plus(tables.retryDelay().multipliedBy(tables.maxRetries()));
        TableServiceClientBuilder builder = new TableServiceClientBuilder().endpoint(endpoint).httpClient(httpClient)
                .retryOptions(new RetryOptions(new FixedDelayOptions(tables.maxRetries(), tables.retryDelay())))
                .addPolicy(StorageErrors.errorAnswerPolicy());
        if (storage.connectionString().isPresent()) {
            Map<String, String> parts = connectionStringParts();
            builder.credential(new AzureNamedKeyCredential(parts.get("AccountName"), parts.get("AccountKey")));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return new Tables(builder.buildClient(), callTimeout);
    }

    private String accountName() {
        return storage.accountName().orElseThrow(() -> new IllegalStateException(
                "set shiptrack.storage.account-name (managed identity) or shiptrack.storage.connection-string"));
    }

    private Map<String, String> connectionStringParts() {
        Map<String, String> parts = new HashMap<>();
        for (String part : storage.connectionString().orElseThrow().split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return parts;
    }
}
