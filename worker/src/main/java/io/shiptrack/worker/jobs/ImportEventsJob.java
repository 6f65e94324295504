package io.shiptrack.worker.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportEvents;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.cache.ShipmentCacheWriter;

/**
 * IMPORT_EVENTS: applies a carrier's staged events one chunk row at a time. The chunk's events are grouped by
 * shipment, and the shipments are written concurrently on the worker's bounded storage pool, each through
 * {@link ShipmentStore#addEvents}: with the effect of {@code POST /shipments/{tn}/events} for each event (the latest
 * occurredAt wins, a repeated eventId changes nothing, which is what makes a redone chunk harmless), but one summary
 * read and as few entity-group transactions as fit. After each chunk the cached copies of the touched shipments are
 * refreshed, best effort.
 */
public final class ImportEventsJob implements Job<ImportEventsJob.Checkpoint> {

    private static final Logger LOG = Logger.getLogger(ImportEventsJob.class.getName());
    static final int MAX_KEPT_ERRORS = 20;

    /** Counts so far; {@code repeated} events were already stored (a redone chunk or a re-sent event). */
    public record Checkpoint(long applied, long repeated, long rejected, List<String> errors) {
    }

    private final JobStore jobs;
    private final ShipmentStore shipments;
    private final ShipmentCacheWriter cache;
    private final ExecutorService pool;
    private final FaultPoints faults;

    /** {@code pool} bounds the shipments written at once (SHIPTRACK_JOB_CONCURRENCY). */
    public ImportEventsJob(JobStore jobs, ShipmentStore shipments, ShipmentCacheWriter cache, ExecutorService pool,
            FaultPoints faults) {
        this.jobs = jobs;
        this.shipments = shipments;
        this.cache = cache;
        this.pool = pool;
        this.faults = faults;
    }

    @Override
    public Class<ImportEvents> parametersType() {
        return ImportEvents.class;
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return Checkpoint.class;
    }

    @Override
    public Checkpoint begin(JobRecord job, Instant now) {
        return new Checkpoint(0, 0, 0, List.of());
    }

    @Override
    public Step<Checkpoint> step(JobRecord job, Checkpoint checkpoint, int chunkNo, Instant now) {
        if (chunkNo >= job.inputChunks()) {
            return new Step<>(checkpoint, processed(checkpoint), job.progress().total(), true);
        }
        Map<String, List<ImportedEvent>> byShipment = new LinkedHashMap<>();
        for (ImportedEvent event : stagedEvents(jobs, job, chunkNo)) {
            byShipment.computeIfAbsent(event.trackingNumber(), tn -> new ArrayList<>()).add(event);
        }
        List<List<ImportedEvent>> groups = List.copyOf(byShipment.values());
        Runnable afterTransaction = () -> faults.reached(FaultPoints.AFTER_TRANSACTION, job.jobId(), chunkNo);
        List<Applied> results = Parallel.map(pool, groups, group -> apply(group, job, now, afterTransaction), done -> {
            if (done == groups.size() / 2) {
                faults.reached(FaultPoints.MID_CHUNK, job.jobId(), chunkNo);
            }
        });
        long applied = checkpoint.applied();
        long repeated = checkpoint.repeated();
        long rejected = checkpoint.rejected();
        List<String> errors = new ArrayList<>(checkpoint.errors());
        List<Shipment> touched = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Applied result = results.get(i);
            if (result.written() == null) {
                rejected += groups.get(i).size();
                for (ImportedEvent event : groups.get(i)) {
                    if (errors.size() < MAX_KEPT_ERRORS) {
                        errors.add("event " + event.eventId() + ": no shipment " + event.trackingNumber());
                    }
                }
            } else {
                applied += result.written().created();
                repeated += result.written().repeated();
                touched.add(result.written().shipment());
            }
        }
        // Each copy carries the version its shipment's last transaction stored: a write committed since stays.
        refreshCache(cache, touched, Instant.now());
        Checkpoint next = new Checkpoint(applied, repeated, rejected, List.copyOf(errors));
        return new Step<>(next, processed(next), job.progress().total(), chunkNo + 1 >= job.inputChunks());
    }

    /** The events of the job's staged chunk {@code chunkNo}, in their staged order. */
    public static List<ImportedEvent> stagedEvents(JobStore jobs, JobRecord job, int chunkNo) {
        String json = jobs.input(job.jobId(), chunkNo).orElseThrow(() -> new IllegalStateException(
                "staged input chunk " + chunkNo + " of job " + job.jobId() + " is missing"));
        return EventChunks.parse(json);
    }

    /** One shipment's events of the chunk; {@code written} is null when the shipment does not exist. */
    private record Applied(ShipmentStore.EventsWritten written) {
    }

    private Applied apply(List<ImportedEvent> group, JobRecord job, Instant now, Runnable afterTransaction) {
        String trackingNumber = group.get(0).trackingNumber();
        List<TrackingEvent> events = group.stream().map(event -> event.toEventRequest().toEvent(now)).toList();
        try {
            // Only the submitter's own shipments (any, for ops): another carrier's counts as unknown.
            return new Applied(shipments.addEvents(trackingNumber, events, job.writeScope(), now, afterTransaction));
        } catch (ShipmentNotFoundException e) {
            return new Applied(null);
        }
    }

    /** Stores a copy of each touched shipment as read at {@code readAt}; best effort. */
    public static void refreshCache(ShipmentCacheWriter cache, Collection<Shipment> touched, Instant readAt) {
        try {
            cache.store(touched, readAt);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cache refresh after an import chunk skipped: " + e.getMessage());
        }
    }

    /** Events counted so far, whatever became of them. */
    public static long processed(Checkpoint checkpoint) {
        return checkpoint.applied() + checkpoint.repeated() + checkpoint.rejected();
    }
}
