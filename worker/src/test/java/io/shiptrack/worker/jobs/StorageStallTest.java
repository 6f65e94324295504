package io.shiptrack.worker.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.WorkerStack;

/**
 * A table endpoint that stalls every call past its timeout, more calls at once than the SDK's shared pool has threads,
 * must not leave the worker unable to talk to storage once the endpoint answers again (see {@code StorageHttp}: the
 * JDK client completing its answers on that same pool deadlocked the failover drill's workers for good).
 */
class StorageStallTest {

    @Test
    void theWorkerTalksToStorageAgainAfterAStallThatTimedOutEveryCall() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("http://127.0.0.1:" + WorkerStack.azurite().tablePort())) {
            WorkerApp app = WorkerStack.app(WorkerStack.newQueue(), Clock.systemUTC(), FaultPoints.NONE,
                    Map.of("SHIPTRACK_TABLES_PRIMARY_ENDPOINT", proxy.baseUrl() + "/" + Azurite.ACCOUNT,
                            "SHIPTRACK_TABLES_TIMEOUT", "PT1S"));
            proxy.slow(Duration.ofSeconds(4));
            // More calls in flight than the SDK's shared executor has threads (ten per core).
            int calls = 10 * Runtime.getRuntime().availableProcessors() + 16;
            ExecutorService callers = Executors.newFixedThreadPool(calls);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    String jobId = "stall-" + i;
                    outcomes.add(callers.submit(() -> {
                        try {
                            app.jobStore().find(jobId);
                            return false;
                        } catch (RuntimeException timedOut) {
                            return true;
                        }
                    }));
                }
                for (Future<Boolean> outcome : outcomes) {
                    assertTrue(outcome.get(60, TimeUnit.SECONDS), "a call through the stalled endpoint timed out");
                }
            } finally {
                callers.shutdownNow();
            }
            proxy.heal();
            await("a table call answered after the stall").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> app.jobStore().find("after-the-stall").isEmpty());
        }
    }
}
