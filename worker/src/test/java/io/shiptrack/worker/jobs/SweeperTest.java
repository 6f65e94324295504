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
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.store.JobEntities;
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

    /** An IMPORT_EVENTS job of {@code events} events on one new shipment, one event a chunk, with no message sent. */
    private static String unqueuedImport(WorkerApp app, int events) {
        List<String> tns = List.of(Data.shipment(app, null, Instant.now()));
        return Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, events, Data.id())), 1, false);
    }

    @Test
    void acceptedJobNeverQueuedIsEnqueuedAfterTheGrace() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp app = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        String jobId = unqueuedImport(app, 2);
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
    @Test
    void anImportStillBeingStagedIsNotEnqueuedUntilItsInputIsComplete() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp app = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        String jobId = unqueuedImport(app, 3);
        // The submission is slow: its last chunk is not staged yet when the grace has passed.
        String lastChunk = app.jobStore().input(jobId, 2).orElseThrow();
        app.tables().getTableClient(TableKeys.JOBS).deleteEntity(jobId, JobEntities.inputRowKey(2));
        clock.advance(Duration.ofSeconds(30));
        app.sweeper().sweep();
        assertEquals(JobStatus.ACCEPTED, app.jobStore().find(jobId).orElseThrow().status());
        assertEquals(List.of(), drain(queue));

        app.jobStore().stage(jobId, 2, lastChunk);
        app.sweeper().sweep();
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
        assertEquals(List.of(message), drain(queue));
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message).outcome());
    }

    @Test
    void aQueuedJobWhoseMessageWasLostIsEnqueuedAgainAndAPoisonedNeverLeasedJobIsNotFailed() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp app = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        String jobId = unqueuedImport(app, 2);
        app.jobStore().replace(app.jobStore().find(jobId).orElseThrow().queued(clock.instant()));
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();

        // Its message failed every delivery while storage was down, before the job could be leased, and went to
        // the poison queue: the job is not failed by an outage.
        assertTrue(app.poison().handle(message, 5).isEmpty());
        assertEquals(JobStatus.QUEUED, app.jobStore().find(jobId).orElseThrow().status());

        clock.advance(Duration.ofSeconds(5));
        app.sweeper().sweep();
        assertEquals(List.of(), drain(queue), "a QUEUED job is not re-sent while its message may be live");
        clock.advance(Duration.ofMinutes(1));
        app.sweeper().sweep();
        assertEquals(List.of(message), drain(queue));
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message).outcome());
    }
}
