package io.shiptrack.api.support;

import java.util.List;
import java.util.Map;

import com.azure.data.tables.TableServiceClient;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.TestSigningKeys;

/**
 * The real parts every API test runs against: Azurite, redis-server, and a fault-injecting proxy in front of each
 * table endpoint. Started once per test run on free loopback ports, stopped when the run ends.
 */
public class TestStack implements QuarkusTestResourceLifecycleManager {

    /** The jobs queue the API posts to and the worker reads. */
    public static final String QUEUE = Azurite.JOBS_QUEUE;

    /** The region of the API under test, and the other region with a worker (each has its own jobs queue). */
    public static final String REGION = "east";
    public static final String OTHER_REGION = "west";

    private static Azurite azurite;
    private static Redis redis;
    private static FaultProxy primaryProxy;
    private static FaultProxy secondaryProxy;

    @Override
    public Map<String, String> start() {
        azurite = Azurite.start();
        try {
            redis = Redis.start();
            String azuriteBase = "http://127.0.0.1:" + azurite.tablePort();
            primaryProxy = FaultProxy.start(azuriteBase);
            secondaryProxy = FaultProxy.start(azuriteBase);
            azurite.createShiptrackStorage(List.of(REGION, OTHER_REGION));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of(
                "shiptrack.storage.connection-string", azurite.connectionString(),
                "shiptrack.queue.endpoint", azurite.queueEndpoint(),
                "shiptrack.tables.primary-endpoint", primaryProxy.baseUrl() + "/" + Azurite.ACCOUNT,
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
        if (redis != null) {
            redis.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    /** Takes every injected fault away: both proxies pass through again (recording nothing) and Redis runs. */
    public static void healAll() {
        primaryProxy.heal();
        secondaryProxy.heal();
        primaryProxy.stopRecording();
        secondaryProxy.stopRecording();
        if (!redis.isRunning()) {
            redis.restart();
        }
    }

    public static FaultProxy primaryProxy() {
        return primaryProxy;
    }

    public static FaultProxy secondaryProxy() {
        return secondaryProxy;
    }

    public static Redis redis() {
        return redis;
    }

    public static Azurite azurite() {
        return azurite;
    }

    /** Tables reached straight on Azurite, past every proxy: what a test checks the stored state with. */
    public static TableServiceClient directTables() {
        return azurite.tableService();
    }
}
