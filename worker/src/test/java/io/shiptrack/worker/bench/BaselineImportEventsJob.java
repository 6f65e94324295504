package io.shiptrack.worker.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.cache.ShipmentCacheWriter;
import io.shiptrack.worker.jobs.ImportEventsJob;
import io.shiptrack.worker.jobs.ImportEventsJob.Checkpoint;
import io.shiptrack.worker.jobs.Job;

/**
 * The benchmark's baseline, for the benchmark only: IMPORT_EVENTS as it was before issue 10, one event after
 * another, each through {@link ShipmentStore#addEvent} (a summary read and a three-row transaction per event). Run by
 * a {@link io.shiptrack.worker.jobs.JobRunner} of its own, with the same chunks and checkpoints as the job.
 */
public final class BaselineImportEventsJob implements Job<ImportEventsJob.Checkpoint> {

    static final int MAX_KEPT_ERRORS = 20;

    private final ImportEventsJob job;
    private final JobStore jobs;
    private final ShipmentStore shipments;
    private final ShipmentCacheWriter cache;

    /** {@code job}: today's job, whose checkpoint format and staged input this baseline shares. */
    public BaselineImportEventsJob(ImportEventsJob job, JobStore jobs, ShipmentStore shipments,
            ShipmentCacheWriter cache) {
        this.job = job;
        this.jobs = jobs;
        this.shipments = shipments;
        this.cache = cache;
    }

    @Override
    public Class<? extends JobParameters> parametersType() {
        return job.parametersType();
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return job.checkpointType();
    }

    @Override
    public Checkpoint begin(JobRecord row, Instant now) {
        return job.begin(row, now);
    }

    @Override
    public Step<Checkpoint> step(JobRecord row, Checkpoint checkpoint, int chunkNo, Instant now) {
        if (chunkNo >= row.inputChunks()) {
            return new Step<>(checkpoint, ImportEventsJob.processed(checkpoint), row.progress().total(), true);
        }
        List<ImportedEvent> events = ImportEventsJob.stagedEvents(jobs, row, chunkNo);
        long applied = checkpoint.applied();
        long repeated = checkpoint.repeated();
        long rejected = checkpoint.rejected();
        List<String> errors = new ArrayList<>(checkpoint.errors());
        Map<String, Shipment> touched = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            ImportedEvent event = events.get(i);
            try {
                ShipmentStore.Written<?> written = shipments.addEvent(event.trackingNumber(),
                        event.toEventRequest().toEvent(now), row.writeScope(), now);
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
        ImportEventsJob.refreshCache(cache, touched.values(), Instant.now());
        Checkpoint next = new Checkpoint(applied, repeated, rejected, List.copyOf(errors));
        return new Step<>(next, ImportEventsJob.processed(next), row.progress().total(),
                chunkNo + 1 >= row.inputChunks());
    }
}
