package io.shiptrack.worker.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.shiptrack.model.JobType;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentStore;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobStore;
import io.shiptrack.worker.cache.ShipmentCacheWriter;

/**
 * IMPORT_EVENTS: applies a carrier's staged events one chunk row at a time, each through
 * {@link ShipmentStore#addEvent}, exactly as {@code POST /shipments/{tn}/events} does: event and summary in one
 * transaction, the latest occurredAt wins, a repeated eventId changes nothing (which is what makes a redone chunk
 * harmless). After each chunk the cached copies of the touched shipments are refreshed, best effort.
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
    private final FaultPoints faults;

    public ImportEventsJob(JobStore jobs, ShipmentStore shipments, ShipmentCacheWriter cache, FaultPoints faults) {
        this.jobs = jobs;
        this.shipments = shipments;
        this.cache = cache;
        this.faults = faults;
    }

    @Override
    public JobType type() {
        return JobType.IMPORT_EVENTS;
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
        String json = jobs.input(job.jobId(), chunkNo).orElseThrow(() -> new IllegalStateException(
                "staged input chunk " + chunkNo + " of job " + job.jobId() + " is missing"));
        List<ImportedEvent> events = EventChunks.parse(json);
        long applied = checkpoint.applied();
        long repeated = checkpoint.repeated();
        long rejected = checkpoint.rejected();
        List<String> errors = new ArrayList<>(checkpoint.errors());
        Map<String, Shipment> touched = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (i == events.size() / 2) {
                faults.reached(FaultPoints.MID_CHUNK, job.jobId(), chunkNo);
            }
            ImportedEvent event = events.get(i);
            try {
                // Only the submitter's own shipments (any, for ops): another carrier's counts as unknown.
                ShipmentStore.Written<?> written = shipments.addEvent(event.trackingNumber(),
                        event.toEventRequest().toEvent(now), job.writeScope(), now);
                if (written.created()) {
                    applied++;
                } else {
                    repeated++;
                }
                touched.put(event.trackingNumber(), written.shipment());
            } catch (ShipmentNotFoundException e) {
                rejected++;
                if (errors.size() < MAX_KEPT_ERRORS) {
                    errors.add("event " + event.eventId() + ": no shipment " + event.trackingNumber());
                }
            }
        }
        // Stamped after the chunk's writes committed, as the API stamps its copies (see CachedCopy.storeCommand).
        refreshCache(touched.values(), Instant.now());
        Checkpoint next = new Checkpoint(applied, repeated, rejected, List.copyOf(errors));
        return new Step<>(next, processed(next), job.progress().total(), chunkNo + 1 >= job.inputChunks());
    }

    private void refreshCache(Iterable<Shipment> touched, Instant readAt) {
        List<ShipmentView> views = new ArrayList<>();
        touched.forEach(shipment -> views.add(shipment.toView()));
        try {
            cache.store(views, readAt);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cache refresh after an import chunk skipped: " + e.getMessage());
        }
    }

    private static long processed(Checkpoint checkpoint) {
        return checkpoint.applied() + checkpoint.repeated() + checkpoint.rejected();
    }
}
