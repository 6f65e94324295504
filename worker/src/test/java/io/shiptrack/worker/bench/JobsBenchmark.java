package io.shiptrack.worker.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import io.shiptrack.model.JobType;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentEntities;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.jobs.FaultPoints;
import io.shiptrack.worker.jobs.ImportEventsJob;
import io.shiptrack.worker.jobs.JobRunner;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/**
 * The jobs benchmark of docs/benchmarks.md, on Azurite: IMPORT_EVENTS through the JobRunner beside a raw Tables SDK
 * loop doing the same reads and entity-group transactions; RECOMPUTE_MEMBER_STATS over one member's shipments and
 * its checkpoint share; events redone after a crash in mid-import. Sizes from system properties.
 */
public final class JobsBenchmark {

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        int events = Integer.getInteger("bench.events", 100_000);
        int shipments = Integer.getInteger("bench.shipments", 1_000);
        int memberShipments = Integer.getInteger("bench.memberShipments", 10_000);
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue(), Clock.systemUTC(), FaultPoints.NONE,
                Map.of("SHIPTRACK_JOB_PAGE_SIZE", "500", "SHIPTRACK_JOB_LEASE", "PT5M",
                        "SHIPTRACK_JOB_TIME_BUDGET", "PT1H"));
        System.out.printf("IMPORT_EVENTS: %d events over %d shipments, %d events per chunk%n", events, shipments,
                EventChunks.MAX_EVENTS);
        String prefix = Data.id();
        // Raw loop before and after the job, so that neither side alone gets the cold JVM and Azurite; the job is
        // compared with the better of the two.
        double rawBefore = rawLoop(app, shipments(app, shipments), events, prefix);
        double job = importJob(app, shipments(app, shipments), events, prefix);
        double rawAfter = rawLoop(app, shipments(app, shipments), events, prefix);
        double raw = Math.max(rawBefore, rawAfter);
        System.out.printf("  raw SDK loop:  %.0f events/s (before the job), %.0f events/s (after)%n", rawBefore,
                rawAfter);
        System.out.printf("  job (runner):  %.0f events/s  = %.0f%% of the better raw loop%n", job, 100 * job / raw);
        stats(app, memberShipments);
        crashCost(Math.min(events, 20_000), Math.min(shipments, 200));
        System.exit(0);
    }

    private static List<String> shipments(WorkerApp app, int count) {
        List<String> tns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tns.add(Data.shipment(app, null, Instant.parse("2026-02-01T00:00:00Z")));
        }
        return tns;
    }

    /** What ShipmentStore.addEvent does, by hand: read the summary, one transaction of marker, event, summary. */
    private static double rawLoop(WorkerApp app, List<String> tns, int events, String prefix) {
        TableClient table = app.tables().getTableClient(TableKeys.SHIPMENTS);
        List<ImportedEvent> list = Data.events(tns, events / tns.size(), prefix);
        long t0 = System.nanoTime();
        for (ImportedEvent e : list) {
            Instant now = Instant.now();
            TableEntity summary = table.getEntityWithResponse(e.trackingNumber(), TableKeys.SUMMARY_ROW, null,
                    Duration.ofSeconds(20), Context.NONE).getValue();
            TrackingEvent event = e.toEventRequest().toEvent(now);
            Shipment after = ShipmentEntities.shipmentFrom(summary).withEvent(event, now);
            table.submitTransactionWithResponse(List.of(
                    new TableTransactionAction(TableTransactionActionType.CREATE,
                            ShipmentEntities.eventIdEntity(e.trackingNumber(), event)),
                    new TableTransactionAction(TableTransactionActionType.CREATE,
                            ShipmentEntities.eventEntity(e.trackingNumber(), event)),
                    new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                            ShipmentEntities.summaryEntity(after).addProperty("odata.etag", summary.getETag()), true)),
                    Duration.ofSeconds(20), Context.NONE);
        }
        return list.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double importJob(WorkerApp app, List<String> tns, int events, String prefix) {
        List<ImportedEvent> list = Data.events(tns, events / tns.size(), prefix);
        long s0 = System.nanoTime();
        String jobId = Data.submit(app, "bench-carrier", Data.importRequest(list), EventChunks.MAX_EVENTS, false);
        System.out.printf("  staging %d chunk rows: %.1f s%n", app.jobStore().find(jobId).orElseThrow().inputChunks(),
                (System.nanoTime() - s0) / 1e9);
        JobRunner.Result result = app.runner().handle(new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson());
        System.out.printf("  job: %s, %d chunks in %.1f s, checkpoints %.2f s%n", result.outcome(), result.chunks(),
                result.elapsed().toMillis() / 1e3, result.checkpointTime().toMillis() / 1e3);
        return list.size() / (result.elapsed().toNanos() / 1e9);
    }

    private static void stats(WorkerApp app, int count) {
        String member = "bench-member-" + Data.id();
        TableClient index = app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);
        Instant promised = Instant.parse("2026-02-01T00:00:00Z");
        List<TableTransactionAction> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Shipment s = Shipment.register(String.format("BENCH%015d", i),
                    new ShipmentRequest("A", "B", promised, member, "acme"), "acme", promised);
            s = new Shipment(s.trackingNumber(), io.shiptrack.model.ShipmentStatus.DELIVERED, "A", "B", member, "acme",
                    "acme", promised, promised.plus(Duration.ofHours(i % 3 == 0 ? 5 : -1)), null, promised, promised);
            batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                    ShipmentEntities.memberIndexEntity(s)));
            if (batch.size() == 100) {
                index.submitTransaction(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            index.submitTransaction(batch);
        }
        String jobId = Data.submit(app, member, new JobRequest(JobType.RECOMPUTE_MEMBER_STATS,
                new JobParameters(member, null, null, null)), 0, false);
        JobRunner.Result result = app.runner().handle(new JobMessage(jobId, JobType.RECOMPUTE_MEMBER_STATS).toJson());
        System.out.printf(
                "RECOMPUTE_MEMBER_STATS: %d shipments, %d pages of 500: %.2f s, checkpoints %.3f s (%.1f%%)%n",
                count, result.chunks(), result.elapsed().toMillis() / 1e3, result.checkpointTime().toMillis() / 1e3,
                100.0 * result.checkpointTime().toNanos() / result.elapsed().toNanos());
    }

    private static void crashCost(int events, int shipments) {
        MutableClock clock = new MutableClock();
        String queue = WorkerStack.newQueue();
        int crashChunk = events / EventChunks.MAX_EVENTS / 2;
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(FaultPoints.MID_CHUNK, crashChunk),
                Map.of("SHIPTRACK_JOB_LEASE", "PT5M", "SHIPTRACK_JOB_TIME_BUDGET", "PT1H"));
        List<String> tns = shipments(crashing, shipments);
        String jobId = Data.submit(crashing, "bench-carrier",
                Data.importRequest(Data.events(tns, events / shipments, Data.id())), EventChunks.MAX_EVENTS, false);
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
        try {
            crashing.runner().handle(message);
        } catch (Crash expected) {
            // the crash in mid-chunk
        }
        clock.advance(Duration.ofMinutes(10));
        WorkerApp restarted = WorkerStack.app(queue, clock, FaultPoints.NONE,
                Map.of("SHIPTRACK_JOB_LEASE", "PT5M", "SHIPTRACK_JOB_TIME_BUDGET", "PT1H"));
        restarted.runner().handle(message);
        JobRecord done = restarted.jobStore().find(jobId).orElseThrow();
        ImportEventsJob.Checkpoint cp = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
        System.out.printf("crash cost: %d events, crash in mid-chunk %d: %s, events redone %d (one chunk = %d)%n",
                events, crashChunk, done.status(), cp.repeated(), EventChunks.MAX_EVENTS);
    }
}
