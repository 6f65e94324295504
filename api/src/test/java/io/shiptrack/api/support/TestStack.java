package io.shiptrack.api.support;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;

import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.LaggingSecondary;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.TestSigningKeys;

/**
 * The real parts every API test runs against. Azurite comes from the dev service (dev-services/), which Quarkus starts
 * on free loopback ports before the application and stops after it; this harness adds what tests break on purpose: a
 * fault-injecting proxy in front of each table endpoint and one in front of the queue endpoint, and its own redis-server, which tests kill and restart (the
 * dev service's Redis is off in the test profile).
 *
 * <p>
 * The secondary endpoint is a {@link LaggingSecondary}: a copy of the dev service's tables in a second Azurite,
 * replicated at the next tick (lag 0; {@code -Dteststack.secondary-lag=5s} for more, {@code =same} for the
 * primary's own {@code -secondary} account, never behind). A test that reads from the secondary what it has just
 * written to the primary waits for the copy first: {@link #syncSecondary()}.
 */
public class TestStack implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    /** The jobs queue the API posts to and the worker reads. */
    public static final String QUEUE = Azurite.JOBS_QUEUE;

    /** The region of the API under test, and the other region with a worker (each has its own jobs queue). */
    public static final String REGION = "east";
    public static final String OTHER_REGION = "west";

    private static final String CONNECTION_STRING = "shiptrack.storage.connection-string";

    private static String connectionString;
    private static Redis redis;
    private static FaultProxy primaryProxy;
    private static FaultProxy secondaryProxy;
    private static FaultProxy queueProxy;
    private static LaggingSecondary secondary;
    private static Duration secondaryLag;

    private static volatile Instant startedAt;

    private Map<String, String> devServices = Map.of();

    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        devServices = context.devServicesProperties();
    }

    @Override
    public Map<String, String> start() {
        startedAt = Instant.now();
        connectionString = devServices.get(CONNECTION_STRING);
        if (connectionString == null) {
            throw new IllegalStateException("the dev service gave no " + CONNECTION_STRING
                    + " (is quarkus.shiptrack.devservices.enabled false, or storage configured for tests?)");
        }
        try {
            redis = Redis.start();
            String azuriteBase = serviceBase(connectionString, "TableEndpoint");
            primaryProxy = FaultProxy.start(azuriteBase);
            queueProxy = FaultProxy.start(serviceBase(connectionString, "QueueEndpoint"));
            Azurite.createShiptrackStorage(connectionString, List.of(REGION, OTHER_REGION));
            secondaryLag = LaggingSecondary.parseLag(System.getProperty("teststack.secondary-lag", "0"))
                    .orElse(null);
            if (secondaryLag != null) {
                // Tests that read from the secondary what they wrote sync it first; between syncs, a listing a
                // second is enough, and leaves the dev service's Azurite (the primary every test times) alone.
                secondary = LaggingSecondary.start(connectionString, secondaryLag, Duration.ofSeconds(1));
            }
            secondaryProxy = FaultProxy.start(secondary == null ? azuriteBase : secondary.baseUrl());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of(
                "shiptrack.tables.primary-endpoint", primaryProxy.baseUrl() + "/" + Azurite.ACCOUNT,
                "shiptrack.queue.endpoint", queueProxy.baseUrl() + "/" + Azurite.ACCOUNT,
                "shiptrack.tables.secondary-endpoint", secondaryProxy.baseUrl() + "/" + Azurite.ACCOUNT + "-secondary",
                "quarkus.redis.hosts", redis.uri(),
                "shiptrack.region", REGION,
                "shiptrack.regions", REGION + "," + OTHER_REGION,
                "mp.jwt.verify.publickey", TestSigningKeys.publicKeyPem(Tokens.TRUSTED));
    }

    @Override
    public void stop() {
        if (primaryProxy != null) {
            primaryProxy.close();
        }
        if (secondaryProxy != null) {
            secondaryProxy.close();
        }
        if (queueProxy != null) {
            queueProxy.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (secondary != null) {
            secondary.close();
            secondary = null;
        }
    }

    /**
     * Scheme, host and port of a service ({@code TableEndpoint}, {@code QueueEndpoint}) named in
     * {@code connectionString}, for a proxy to forward to.
     */
    private static String serviceBase(String connectionString, String endpoint) {
        URI service = URI.create(Azurite.endpoint(connectionString, endpoint));
        return service.getScheme() + "://" + service.getHost() + ":" + service.getPort();
    }

    /**
     * Takes every injected fault away: every proxy passes through again (recording nothing), Redis runs and the
     * secondary replicates with its usual lag.
     */
    public static void healAll() {
        if (secondary != null) {
            secondary.resume();
            secondary.setLag(secondaryLag);
        }
        for (FaultProxy proxy : new FaultProxy[]{primaryProxy, secondaryProxy, queueProxy}) {
            proxy.heal();
            proxy.stopRecording();
        }
        if (!redis.isRunning()) {
            redis.restart();
        }
    }

    /**
     * Records, from now on, every request that reaches a table endpoint (primary or secondary) through its proxy, as
     * "METHOD url"; {@link #healAll()} stops the recording.
     */
    public static Supplier<List<String>> recordStorageRequests() {
        List<Supplier<List<String>>> logs = new ArrayList<>();
        for (FaultProxy proxy : List.of(primaryProxy, secondaryProxy)) {
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "MERGE", "DELETE")) {
                logs.add(proxy.recordRequests(method, ""));
            }
        }
        return () -> logs.stream().flatMap(log -> log.get().stream()).toList();
    }

    /** When this harness started: after the dev service's Azurite, before the application. */
    public static Instant startedAt() {
        return startedAt;
    }

    public static FaultProxy primaryProxy() {
        return primaryProxy;
    }

    public static FaultProxy secondaryProxy() {
        return secondaryProxy;
    }

    /** In front of Azurite's queue endpoint: the API's job messages go through it. */
    public static FaultProxy queueProxy() {
        return queueProxy;
    }

    /**
     * The lagging secondary behind {@link #secondaryProxy()}: pause it for a secondary that is behind, sync it
     * before reading from the secondary what was just written, read its copy directly.
     */
    public static LaggingSecondary secondary() {
        if (secondary == null) {
            throw new IllegalStateException("the secondary is the primary's own storage (teststack.secondary-lag"
                    + "=same): there is no copy to pause or sync");
        }
        return secondary;
    }

    /** Whether the secondary is a lagging copy (the default) rather than the primary's own storage. */
    public static boolean secondaryIsACopy() {
        return secondary != null;
    }

    /**
     * Waits until the secondary holds everything written to the primary so far (no wait when the secondary is the
     * primary's own storage): what a test does before it reads from the secondary what it has just written.
     */
    public static void syncSecondary() {
        if (secondary != null) {
            secondary.syncNow();
        }
    }

    public static Redis redis() {
        return redis;
    }

    /** The connection string of the dev service's Azurite, past any proxy. */
    public static String connectionString() {
        return connectionString;
    }

    /** Tables reached straight on Azurite, past every proxy: what a test checks the stored state with. */
    public static TableServiceClient directTables() {
        return new TableServiceClientBuilder().connectionString(connectionString).buildClient();
    }
}
