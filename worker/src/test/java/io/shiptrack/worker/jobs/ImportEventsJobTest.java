package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/**
 * IMPORT_EVENTS through the JobRunner on real Azurite: the same stored rows as posting each event on its own,
 * redelivery, crashes at every point (also on a storage pool thread while other shipments are in flight, and between
 * the transactions of one shipment), two workers.
 */
class ImportEventsJobTest {

    /** The carrier that owns the shipments of {@link Data#shipment}, posting as the API would for it. */
    private static final CarrierScope OWNER = CarrierScope.carrier(Data.CARRIER);

    static final int SHIPMENTS = 3;
    static final int PER_SHIPMENT = 4;
    /** Chunks are grouped by shipment: 6 events hold one shipment whole and half of the next. */
    static final int EVENTS_PER_CHUNK = 6;
    static final int CHUNKS = SHIPMENTS * PER_SHIPMENT / EVENTS_PER_CHUNK;

    /** A fresh set of shipments with the import applied by an uninterrupted run: the reference state. */
    private static Map<String, Map<String, Object>> reference(WorkerApp app, String prefix) {
        List<String> tns = shipments(app);
        String jobId = Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, PER_SHIPMENT, prefix)),
                EVENTS_PER_CHUNK, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(jobId)).outcome());
        return Data.snapshot(app, tns);
    }

    private static List<String> shipments(WorkerApp app) {
        List<String> tns = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS; i++) {
            tns.add(Data.shipment(app, "member-import", Instant.parse("2026-01-02T00:00:00Z")));
        }
        return tns;
    }

    private static String message(String jobId) {
        return new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
    }

    @Test
    void sameMessageTwiceHasItsEffectsOnce() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        String prefix = Data.id();
        Map<String, Map<String, Object>> expected = reference(app, prefix);
        List<String> tns = shipments(app);
        String jobId = Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, PER_SHIPMENT, prefix)),
                EVENTS_PER_CHUNK, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(jobId)).outcome());
        Map<String, Map<String, Object>> once = Data.snapshot(app, tns);
        assertEquals(JobRunner.Outcome.IGNORED_FINISHED, app.runner().handle(message(jobId)).outcome());
        assertEquals(once, Data.snapshot(app, tns));
        assertEquals(expected, once);
        JobRecord row = app.jobStore().find(jobId).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, row.status());
        assertEquals(SHIPMENTS * PER_SHIPMENT, row.progress().processed());
        assertTrue(row.cleanedUp(), "staged input removed after success");
        assertTrue(app.jobStore().input(jobId, 0).isEmpty());
    }

    static Stream<Arguments> crashPoints() {
        List<Arguments> points = new ArrayList<>();
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            for (String point : List.of(FaultPoints.MID_CHUNK, FaultPoints.AFTER_TRANSACTION,
                    FaultPoints.BEFORE_CHECKPOINT, FaultPoints.AFTER_CHECKPOINT)) {
                points.add(Arguments.of(point, chunk));
            }
        }
        return points.stream();
    }

    @ParameterizedTest(name = "crash at {0} of chunk {1}")
    @MethodSource("crashPoints")
    void crashThenRestartEndsIdenticalAndRedoesAtMostOneChunk(String point, int chunk) {
        String queue = WorkerStack.newQueue();
        String prefix = Data.id();
        Map<String, Map<String, Object>> expected = reference(WorkerStack.app(queue), prefix);

        MutableClock clock = new MutableClock();
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(point, chunk), Map.of());
        List<String> tns = shipments(crashing);
        String jobId = Data.submit(crashing, "carrier-a",
                Data.importRequest(Data.events(tns, PER_SHIPMENT, prefix)), EVENTS_PER_CHUNK, false);
        assertThrows(Crash.class, () -> crashing.runner().handle(message(jobId)));
        JobRecord crashed = crashing.jobStore().find(jobId).orElseThrow();
        WorkerApp restarted = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        boolean finished = point.equals(FaultPoints.AFTER_CHECKPOINT) && chunk == CHUNKS - 1;
        if (finished) {
            // The last checkpoint was the success: the redelivery is acknowledged and ignored.
            assertEquals(JobStatus.SUCCEEDED, crashed.status());
            assertEquals(JobRunner.Outcome.IGNORED_FINISHED, restarted.runner().handle(message(jobId)).outcome());
        } else {
            assertEquals(JobStatus.RUNNING, crashed.status(), "a crash leaves the lease held");
            // The redelivery before the lease expired is acknowledged; after it, a new worker takes over.
            assertEquals(JobRunner.Outcome.IGNORED_LEASED, restarted.runner().handle(message(jobId)).outcome());
            clock.advance(Duration.ofSeconds(10));
            assertEquals(JobRunner.Outcome.SUCCEEDED, restarted.runner().handle(message(jobId)).outcome());
        }

        assertEquals(expected, Data.snapshot(restarted, tns));
        JobRecord done = restarted.jobStore().find(jobId).orElseThrow();
        ImportEventsJob.Checkpoint checkpoint = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
        assertTrue(checkpoint.repeated() <= EVENTS_PER_CHUNK, "redone events: " + checkpoint.repeated());
        assertEquals(SHIPMENTS * PER_SHIPMENT, checkpoint.applied() + checkpoint.repeated());
        assertEquals(0, checkpoint.rejected());
        assertEquals(finished ? 1 : 2, done.attempts());
    }

    /**
     * Both workers hold the job at once: worker one is held after the writes of its first chunk, before its
     * checkpoint; its lease runs out (the clock moves on) and worker two takes the job over and finishes it while one
     * still holds it. Released, one must find its lease lost; the stored rows are those of one uninterrupted run.
     */
    @Test
    void twoWorkersOnOneJobEndAsOneWould() throws Exception {
        String queue = WorkerStack.newQueue();
        String prefix = Data.id();
        Map<String, Map<String, Object>> expected = reference(WorkerStack.app(queue), prefix);
        MutableClock clock = new MutableClock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FaultPoints holdFirstCheckpoint = (point, job, chunkNo) -> {
            if (point.equals(FaultPoints.BEFORE_CHECKPOINT) && chunkNo == 0 && held.getCount() > 0) {
                held.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
        WorkerApp one = WorkerStack.app(queue, clock, holdFirstCheckpoint,
                Map.of("SHIPTRACK_WORKER_ID", "one", "SHIPTRACK_JOB_LEASE", "PT60S"));
        WorkerApp two = WorkerStack.app(queue, clock, FaultPoints.NONE,
                Map.of("SHIPTRACK_WORKER_ID", "two", "SHIPTRACK_JOB_LEASE", "PT60S"));
        List<String> tns = shipments(one);
        String jobId = Data.submit(one, "carrier-a", Data.importRequest(Data.events(tns, PER_SHIPMENT, prefix)),
                EVENTS_PER_CHUNK, false);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<JobRunner.Result> first = pool.submit(() -> one.runner().handle(message(jobId)));
            assertTrue(held.await(60, TimeUnit.SECONDS), "worker one reached its first checkpoint");
            assertEquals(JobRunner.Outcome.IGNORED_LEASED, two.runner().handle(message(jobId)).outcome(),
                    "while one's lease runs, two leaves the job alone");
            clock.advance(Duration.ofSeconds(61));
            JobRunner.Outcome second;
            try {
                second = two.runner().handle(message(jobId)).outcome();
                // The overlap: two ran the job to its end while one was still inside its run, holding it.
                assertFalse(first.isDone(), "worker one still held the job while two ran it");
            } finally {
                release.countDown();
            }
            assertEquals(JobRunner.Outcome.SUCCEEDED, second, "two took over the expired lease and finished");
            assertEquals(JobRunner.Outcome.LEASE_LOST, first.get(60, TimeUnit.SECONDS).outcome(),
                    "one, released, finds its lease taken and stops without writing its checkpoint");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(expected, Data.snapshot(one, tns));
        JobRecord done = one.jobStore().find(jobId).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attempts(), "leased by one, then by two");
    }

    @Test
    void eventsOfUnknownShipmentsAreCountedNotFatal() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        List<ImportedEvent> events = Data.events(List.of(Data.trackingNumber()), 2, Data.id());
        String jobId = Data.submit(app, "carrier-a", Data.importRequest(events), EVENTS_PER_CHUNK, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(jobId)).outcome());
        JobRecord done = app.jobStore().find(jobId).orElseThrow();
        ImportEventsJob.Checkpoint checkpoint = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
        assertEquals(2, checkpoint.rejected());
        assertEquals(2, done.progress().processed());
    }

    @Test
    void timeBudgetEndsARunWithAContinuationMessage() {
        String queue = WorkerStack.newQueue();
        WorkerApp app = WorkerStack.app(queue, Clock.systemUTC(), FaultPoints.NONE,
                Map.of("SHIPTRACK_JOB_TIME_BUDGET", "PT0S"));
        List<String> tns = shipments(app);
        String jobId = Data.submit(app, "carrier-a", Data.importRequest(Data.events(tns, PER_SHIPMENT, Data.id())),
                EVENTS_PER_CHUNK, false);
        int runs = 0;
        JobRunner.Outcome outcome;
        do {
            outcome = app.runner().handle(message(jobId)).outcome();
            runs++;
            if (outcome == JobRunner.Outcome.CONTINUED) {
                var received = WorkerStack.queue(queue).receiveMessage();
                assertEquals(message(jobId), received.getBody().toString());
                WorkerStack.queue(queue).deleteMessage(received.getMessageId(), received.getPopReceipt());
            }
        } while (outcome == JobRunner.Outcome.CONTINUED && runs < 10);
        assertEquals(JobRunner.Outcome.SUCCEEDED, outcome);
        assertEquals(CHUNKS, runs, "one chunk per run with a zero budget");
    }

    /**
     * Events in an awkward order (out of time order, a DELIVERED before later events, one eventId twice with other
     * content, one posted before the import, one shipment with more events than one transaction holds): the job
     * stores exactly what posting each event on its own, in the same order, stores.
     */
    @Test
    void importStoresWhatPostingEachEventStores() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        String prefix = Data.id();
        List<String> viaJob = shipments(app);
        List<String> viaPost = shipments(app);
        Instant now = Instant.now();
        // posted before the import, on both sets
        Data.shipmentStore(app).addEvent(viaJob.get(0), awkward(viaJob, prefix).get(0).toEventRequest().toEvent(now),
                OWNER, now);
        Data.shipmentStore(app).addEvent(viaPost.get(0),
                awkward(viaPost, prefix).get(0).toEventRequest().toEvent(now), OWNER, now);

        String jobId = Data.submit(app, "carrier-a", Data.importRequest(awkward(viaJob, prefix)),
                EventChunks.MAX_EVENTS, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(jobId)).outcome());
        for (ImportedEvent event : awkward(viaPost, prefix)) {
            Data.shipmentStore(app).addEvent(event.trackingNumber(), event.toEventRequest().toEvent(now), OWNER, now);
        }

        assertEquals(Data.snapshot(app, viaPost), Data.snapshot(app, viaJob));
        ImportEventsJob.Checkpoint checkpoint = JobJson.read(app.jobStore().find(jobId).orElseThrow().checkpoint(),
                ImportEventsJob.Checkpoint.class);
        int total = awkward(viaJob, prefix).size();
        assertEquals(2, checkpoint.repeated(), "the event posted before and the second use of one eventId");
        assertEquals(total - 2, checkpoint.applied());
    }

    /** Shipment 0: 3 events; shipment 1: 120 events (three transactions); shipment 2: a repeated eventId. */
    private static List<ImportedEvent> awkward(List<String> tns, String prefix) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<ImportedEvent> events = new ArrayList<>();
        events.add(new ImportedEvent(tns.get(0), prefix + "-a", ShipmentStatus.IN_TRANSIT, base.plusSeconds(60),
                "Hub A", null));
        events.add(new ImportedEvent(tns.get(0), prefix + "-d", ShipmentStatus.DELIVERED, base.plusSeconds(7200),
                "Door", "signed"));
        events.add(new ImportedEvent(tns.get(0), prefix + "-b", ShipmentStatus.OUT_FOR_DELIVERY,
                base.plusSeconds(3600), "Hub B", null));
        for (int i = 0; i < 120; i++) {
            // Newest in the middle: the summary must follow the latest occurredAt, not the last event.
            long minutes = i == 60 ? 100_000 : (i * 37L) % 1000;
            events.add(new ImportedEvent(tns.get(1), prefix + "-m" + i, ShipmentStatus.IN_TRANSIT,
                    base.plusSeconds(60 * minutes), "Hub " + i, null));
        }
        events.add(new ImportedEvent(tns.get(2), prefix + "-x", ShipmentStatus.IN_TRANSIT, base.plusSeconds(10),
                "Hub X", null));
        events.add(new ImportedEvent(tns.get(2), prefix + "-x", ShipmentStatus.DELIVERED, base.plusSeconds(20),
                "Door", null));
        return events;
    }

    /**
     * A crash after the first of a big shipment's transactions, while other shipments of the chunk are in flight:
     * the restart ends identical to an uninterrupted run.
     */
    @Test
    void crashBetweenTheTransactionsOfOneShipmentEndsIdentical() {
        String queue = WorkerStack.newQueue();
        String prefix = Data.id();
        WorkerApp plain = WorkerStack.app(queue);
        List<String> reference = shipments(plain);
        String referenceJob = Data.submit(plain, "carrier-a", Data.importRequest(awkward(reference, prefix)),
                EventChunks.MAX_EVENTS, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED, plain.runner().handle(message(referenceJob)).outcome());

        MutableClock clock = new MutableClock();
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(FaultPoints.AFTER_TRANSACTION, 0), Map.of());
        List<String> tns = shipments(crashing);
        String jobId = Data.submit(crashing, "carrier-a", Data.importRequest(awkward(tns, prefix)),
                EventChunks.MAX_EVENTS, false);
        assertThrows(Crash.class, () -> crashing.runner().handle(message(jobId)));
        clock.advance(Duration.ofSeconds(10));
        WorkerApp restarted = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        assertEquals(JobRunner.Outcome.SUCCEEDED, restarted.runner().handle(message(jobId)).outcome());
        assertEquals(Data.snapshot(plain, reference), Data.snapshot(restarted, tns));
    }
}
