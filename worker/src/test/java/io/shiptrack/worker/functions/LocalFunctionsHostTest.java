package io.shiptrack.worker.functions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shiptrack.functionshost.LocalFunctionsHost;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.store.JobError;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.jobs.FaultPoints;
import io.shiptrack.worker.jobs.ImportEventsJob;
import io.shiptrack.worker.jobs.JobRunner;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.WorkerStack;

/** The local Functions host emulator running the worker's functions against real Azurite. */
class LocalFunctionsHostTest {

    static final Path HOST_JSON = Path.of("src/test/resources/host-test.json");

    @AfterEach
    void uninstall() {
        WorkerApp.install(null);
    }

    private static JobStatus status(WorkerApp app, String jobId) {
        return app.jobStore().find(jobId).orElseThrow().status();
    }

    @Test
    void poisonMessagesEndInThePoisonQueueWhileOtherJobsFlow() {
        String queue = WorkerStack.newQueue();
        String member = "member-" + Data.id();
        String failingMember = "failing-" + Data.id();
        WorkerApp setup = WorkerStack.app(queue);
        String failing = Data.submit(setup, failingMember, new JobRequest(new RecomputeMemberStats(failingMember)), 0,
                false);
        FaultPoints alwaysThrows = (point, jobId, chunk) -> {
            if (jobId.equals(failing)) {
                throw new IllegalStateException("this job always fails");
            }
        };
        WorkerApp app = WorkerStack.app(queue, Clock.systemUTC(), alwaysThrows, Map.of());
        WorkerApp.install(app);
        try (LocalFunctionsHost host = LocalFunctionsHost.start(HOST_JSON, WorkerStack.env(queue, Map.of()),
                List.of(JobFunctions.class))) {
            List<String> poison = List.of("{not json",
                    "{\"jobId\":\"" + "ab".repeat(16) + "\",\"type\":\"NO_SUCH_TYPE\"}",
                    new JobMessage("cd".repeat(16), JobType.WARM_CACHE).toJson(),
                    new JobMessage(failing, JobType.RECOMPUTE_MEMBER_STATS).toJson());
            poison.forEach(body -> WorkerStack.queue(queue).sendMessage(body));
            List<String> good = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                good.add(Data.submit(app, member, new JobRequest(new RecomputeMemberStats(member + i)), 0, true));
            }
            await().atMost(WorkerStack.await()).untilAsserted(() -> {
                for (String jobId : good) {
                    assertEquals(JobStatus.SUCCEEDED, status(app, jobId));
                }
            });
            await().atMost(WorkerStack.await()).untilAsserted(
                    () -> assertTrue(host.poisoned().containsAll(poison), "poisoned: " + host.poisoned()));
            await().atMost(WorkerStack.await()).untilAsserted(() -> assertEquals(JobStatus.FAILED,
                    status(app, failing)));
            JobRecord failed = app.jobStore().find(failing).orElseThrow();
            // A category for the submitter, never the exception's own text.
            assertEquals(JobError.ATTEMPTS_EXHAUSTED.shown(), failed.error());
            assertFalse(failed.error().contains("this job always fails"), failed.error());
            assertEquals(5, failed.attempts());
        }
    }

    @Test
    void jobAcceptedButNeverQueuedIsEnqueuedByTheTimerSweeper() {
        String queue = WorkerStack.newQueue();
        WorkerApp app = WorkerStack.app(queue);
        WorkerApp.install(app);
        try (LocalFunctionsHost host = LocalFunctionsHost.start(HOST_JSON, WorkerStack.env(queue, Map.of()),
                List.of(JobFunctions.class))) {
            String member = "member-" + Data.id();
            String jobId = Data.submit(app, member, new JobRequest(new RecomputeMemberStats(member)), 0, false);
            await().atMost(WorkerStack.await()).untilAsserted(() -> assertEquals(JobStatus.SUCCEEDED,
                    status(app, jobId)));
        }
    }

    @Test
    void killedHostProcessIsFinishedByARestartedHostRedoingAtMostOneChunk() throws Exception {
        String queue = WorkerStack.newQueue();
        WorkerApp app = WorkerStack.app(queue);
        String prefix = Data.id();
        int chunkSize = 10;
        List<String> reference = List.of(Data.shipment(app, "m", Instant.parse("2026-01-02T00:00:00Z")),
                Data.shipment(app, "m", Instant.parse("2026-01-02T00:00:00Z")));
        String referenceJob = Data.submit(app, "carrier-a", Data.importRequest(Data.events(reference, 60, prefix)),
                chunkSize, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(
                new JobMessage(referenceJob, JobType.IMPORT_EVENTS).toJson()).outcome());

        List<String> tns = List.of(Data.shipment(app, "m", Instant.parse("2026-01-02T00:00:00Z")),
                Data.shipment(app, "m", Instant.parse("2026-01-02T00:00:00Z")));
        Map<String, String> env = WorkerStack.env(queue, Map.of("SHIPTRACK_HOST_INVISIBLE", "PT2S",
                "SHIPTRACK_JOB_LEASE", "PT3S"));
        Process child = WorkerStack.startHostProcess(HOST_JSON, env);
        try {
            String jobId = Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, 60, prefix)), chunkSize,
                    true);
            await().atMost(WorkerStack.await()).pollInterval(Duration.ofMillis(20))
                    .until(() -> app.jobStore().find(jobId).orElseThrow().chunksDone() >= 3);
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            JobRecord killed = app.jobStore().find(jobId).orElseThrow();
            assertEquals(JobStatus.RUNNING, killed.status(), "killed in mid-import");

            WorkerApp.install(WorkerStack.app(queue, Clock.systemUTC(), FaultPoints.NONE, Map.of()));
            try (LocalFunctionsHost restarted = LocalFunctionsHost.start(HOST_JSON, env, List.of(JobFunctions.class))) {
                await().atMost(WorkerStack.await()).untilAsserted(() -> assertEquals(JobStatus.SUCCEEDED,
                        status(app, jobId)));
            }
            assertEquals(Data.snapshot(app, reference), Data.snapshot(app, tns));
            JobRecord done = app.jobStore().find(jobId).orElseThrow();
            ImportEventsJob.Checkpoint checkpoint = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
            assertTrue(checkpoint.repeated() <= chunkSize, "events redone: " + checkpoint.repeated());
            assertEquals(120, checkpoint.applied() + checkpoint.repeated());
        } finally {
            child.destroyForcibly();
        }
    }
}
