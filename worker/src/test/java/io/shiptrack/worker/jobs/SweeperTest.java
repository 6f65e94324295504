package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.azure.storage.queue.models.QueueMessageItem;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.JobType;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/** The sweeper on real Azurite: forgotten jobs enqueued, abandoned ones re-enqueued, finished ones cleaned. */
class SweeperTest {

    private static List<String> drain(String queue) {
        List<String> bodies = new java.util.ArrayList<>();
        for (QueueMessageItem item : WorkerStack.queue(queue).receiveMessages(32)) {
            bodies.add(item.getBody().toString());
            WorkerStack.queue(queue).deleteMessage(item.getMessageId(), item.getPopReceipt());
        }
        return bodies;
    }

    @Test
    void acceptedJobNeverQueuedIsEnqueuedAfterTheGrace() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp app = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        List<String> tns = List.of(Data.shipment(app, null, Instant.now()));
        String jobId = Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, 2, Data.id())), 1, false);
        clock.advance(Duration.ofSeconds(30));
        app.sweeper().sweep();
        assertEquals(JobStatus.QUEUED, app.jobStore().find(jobId).orElseThrow().status());
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
        assertTrue(drain(queue).contains(message));
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message).outcome());
    }

    @Test
    void runningJobWithExpiredLeaseIsRequeuedAndFinishedJobsAreCleaned() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(FaultPoints.AFTER_CHECKPOINT, 0), Map.of());
        List<String> tns = List.of(Data.shipment(crashing, null, Instant.now()));
        String jobId = Data.submit(crashing, "carrier-a", Data.importRequest(Data.events(tns, 3, Data.id())), 1,
                false);
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
        assertThrows(Crash.class, () -> crashing.runner().handle(message));
        WorkerApp app = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        app.sweeper().sweep();
        assertEquals(JobStatus.RUNNING, app.jobStore().find(jobId).orElseThrow().status(), "lease still live");
        clock.advance(Duration.ofSeconds(30));
        app.sweeper().sweep();
        assertEquals(JobStatus.QUEUED, app.jobStore().find(jobId).orElseThrow().status());
        assertTrue(drain(queue).contains(message));
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message).outcome());

        // A finished job whose clean-up was lost (input rows left behind) is cleaned by the next sweep.
        app.jobStore().stage(jobId, List.of("[]", "[]"));
        JobRecord row = app.jobStore().find(jobId).orElseThrow();
        app.jobStore().replace(new JobRecord(row.jobId(), row.type(), row.status(),
                row.submitter(), row.fingerprint(), row.parameters(), row.inputChunks(), row.attempts(),
                row.chunksDone(), row.checkpoint(), row.lease(), row.progress(), row.error(), false, row.createdAt(),
                row.updatedAt(), row.eTag()));
        app.sweeper().sweep();
        assertTrue(app.jobStore().input(jobId, 0).isEmpty());
        assertTrue(app.jobStore().find(jobId).orElseThrow().cleanedUp());
        assertEquals(List.of(), drain(queue).stream().filter(m -> m.contains(jobId)).collect(Collectors.toList()));
    }
}
