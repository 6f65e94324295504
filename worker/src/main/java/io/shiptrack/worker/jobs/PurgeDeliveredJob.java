package io.shiptrack.worker.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.PurgeDelivered;
import io.shiptrack.store.PartitionScan;
import io.shiptrack.store.ShipmentEntities;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.cache.ShipmentCacheWriter;

/**
 * PURGE_DELIVERED: scans the shipment summaries and removes each shipment delivered before the cut-off (the job's
 * acceptance time minus {@code olderThanDays}, fixed so that a restart decides the same way) through
 * {@link ShipmentStore#purge}: the summary is marked first, If-Match the ETag the decision was made on, then its events
 * and eventId markers go in same-partition batches, its member index rows, and the summary last, If-Match the mark.
 * A write accepted before the mark makes the purge decide again; none is accepted after it. A shipment half-removed
 * by a crash keeps its marked summary, so the redo (or the shipment's next write) finishes it. The shipments of a
 * page are purged concurrently on the worker's bounded storage pool.
 */
public final class PurgeDeliveredJob implements Job<PurgeDeliveredJob.Checkpoint> {

    private static final Logger LOG = Logger.getLogger(PurgeDeliveredJob.class.getName());

    public record Checkpoint(Instant cutoff, String after, long scanned, long purged) {
    }

    private final TableClient shipments;
    private final ShipmentStore store;
    private final ShipmentCacheWriter cache;
    private final ExecutorService pool;
    private final int pageSize;
    private final Duration timeout;

    /** {@code pool} bounds the shipments purged at once (SHIPTRACK_JOB_CONCURRENCY). */
    public PurgeDeliveredJob(TableClient shipments, ShipmentStore store, ShipmentCacheWriter cache,
            ExecutorService pool, int pageSize, Duration timeout) {
        this.shipments = shipments;
        this.store = store;
        this.cache = cache;
        this.pool = pool;
        this.pageSize = pageSize;
        this.timeout = timeout;
    }

    @Override
    public Class<PurgeDelivered> parametersType() {
        return PurgeDelivered.class;
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return Checkpoint.class;
    }

    @Override
    public Checkpoint begin(JobRecord job, Instant now) {
        return new Checkpoint(
                job.createdAt().minus(Duration.ofDays(job.parameters(PurgeDelivered.class).olderThanDays())), null, 0,
                0);
    }

    @Override
    public Step<Checkpoint> step(JobRecord job, Checkpoint cp, int chunkNo, Instant now) {
        List<TableEntity> rows = PartitionScan.page(shipments, TableKeys.SUMMARY_ROW, cp.after(), pageSize, timeout);
        List<TableEntity> old = new ArrayList<>();
        for (TableEntity row : rows) {
            if (ShipmentStore.isPurging(row) || isOld(ShipmentEntities.shipmentFrom(row), cp.cutoff())) {
                old.add(row);
            }
        }
        List<String> purged = new ArrayList<>(Parallel.map(pool, old, row -> purge(row, cp.cutoff()), done -> {
        }));
        purged.removeIf(Objects::isNull);
        try {
            cache.remove(purged);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cache entries of purged shipments left to expire: " + e.getMessage());
        }
        String after = rows.isEmpty() ? cp.after() : rows.get(rows.size() - 1).getPartitionKey();
        Checkpoint next = new Checkpoint(cp.cutoff(), after, cp.scanned() + rows.size(), cp.purged() + purged.size());
        return new Step<>(next, next.scanned(), rows.isEmpty() ? next.scanned() : 0, rows.isEmpty());
    }

    /** Removes one shipment if it is still one to purge; returns its tracking number, or null. */
    private String purge(TableEntity summary, Instant cutoff) {
        return store.purge(summary, shipment -> isOld(shipment, cutoff)) ? summary.getPartitionKey() : null;
    }

    private static boolean isOld(Shipment shipment, Instant cutoff) {
        return shipment.status() == ShipmentStatus.DELIVERED && shipment.deliveredAt() != null
                && shipment.deliveredAt().isBefore(cutoff);
    }
}
