package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.store.errors.EndpointUnavailableException;
import io.shiptrack.store.errors.StorageErrors;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.WorkerStack;

/**
 * The worker's table client behind a proxy that fails in every shape: a run fails with a retryable exception (the
 * message is retried from the last checkpoint), never an {@link Error} that would take the host down, and the job
 * succeeds once the endpoint answers again.
 */
class ErrorAnswersTest {

    private static FaultProxy proxy;
    private static WorkerApp direct;
    private static WorkerApp proxied;

    @BeforeAll
    static void start() {
        proxy = FaultProxy.start("http://127.0.0.1:" + WorkerStack.azurite().tablePort());
        String queue = WorkerStack.newQueue();
        direct = WorkerStack.app(queue);
        proxied = WorkerStack.app(queue, Clock.systemUTC(), FaultPoints.NONE,
                Map.of("SHIPTRACK_TABLES_PRIMARY_ENDPOINT", proxy.baseUrl() + "/" + Azurite.ACCOUNT,
                        // Long enough for the SDK's own retries of an error answer (exponential, about 6 s), so
                        // that the answer, not the call's timeout, is what fails the run.
                        "SHIPTRACK_TABLES_TIMEOUT", "PT20S"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @ParameterizedTest
    @EnumSource(value = FaultShape.class, names = {"HANG", "SLOW_300_MS"}, mode = EnumSource.Mode.EXCLUDE)
    void anErrorAnswerOfAnyShapeFailsTheRunRetryably(FaultShape shape) {
        String member = "ea-" + Data.id();
        Data.shipment(direct, member, Instant.parse("2026-03-01T12:00:00Z"));
        String jobId = Data.submit(direct, "ops-test", new JobRequest(new RecomputeMemberStats(member)), 0, false);
        String message = new JobMessage(jobId, JobType.RECOMPUTE_MEMBER_STATS).toJson();

        shape.apply(proxy);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> proxied.runner().handle(message));
        assertTrue(StorageErrors.isUnavailable(failure), shape + " is a retryable unavailability: " + failure);
        if (shape.name().startsWith("STATUS_")) {
            // An error answer is told by its status before the SDK reads its body, whatever the body is.
            assertTrue(hasCause(failure, EndpointUnavailableException.class), shape + ": " + failure);
        }

        proxy.heal();
        assertEquals(JobRunner.Outcome.SUCCEEDED, proxied.runner().handle(message).outcome());
        assertEquals(JobStatus.SUCCEEDED, direct.jobStore().find(jobId).orElseThrow().status());
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
