package io.shiptrack.worker.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import io.shiptrack.model.JobType;
import io.shiptrack.model.ODataFilters;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentEntities;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.PartitionScan;
import io.shiptrack.worker.cache.ShipmentCacheWriter;

/**
 * PURGE_DELIVERED: scans the shipment summaries and removes each shipment delivered before the cut-off (the job's
 * acceptance time minus {@code olderThanDays}, fixed so that a restart decides the same way): its events and
 * eventId markers in same-partition batches, its member index row, then its summary last, so that a shipment
 * half-removed by a crash is still found and finished by the redo. The shipments of a page are purged concurrently
 * on the worker's bounded storage pool.
 */
public final class PurgeDeliveredJob implements Job<PurgeDeliveredJob.Checkpoint> {

    private static final Logger LOG = Logger.getLogger(PurgeDeliveredJob.class.getName());
    static final int MAX_BATCH = 100;

    public record Checkpoint(Instant cutoff, String after, long scanned, long purged) {
    }

    private final TableClient shipments;
    private final TableClient memberShipments;
    private final ShipmentCacheWriter cache;
    private final ExecutorService pool;
    private final int pageSize;
    private final Duration timeout;

    /** {@code pool} bounds the shipments purged at once (SHIPTRACK_JOB_CONCURRENCY). */
    public PurgeDeliveredJob(TableClient shipments, TableClient memberShipments, ShipmentCacheWriter cache,
            ExecutorService pool, int pageSize, Duration timeout) {
        this.shipments = shipments;
        this.memberShipments = memberShipments;
        this.cache = cache;
        this.pool = pool;
        this.pageSize = pageSize;
        this.timeout = timeout;
    }

    @Override
    public JobType type() {
        return JobType.PURGE_DELIVERED;
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return Checkpoint.class;
    }

    @Override
    public Checkpoint begin(JobRecord job, Instant now) {
        return new Checkpoint(job.createdAt().minus(Duration.ofDays(job.parameters().olderThanDays())), null, 0, 0);
    }

    @Override
    public Step<Checkpoint> step(JobRecord job, Checkpoint cp, int chunkNo, Instant now) {
        List<TableEntity> rows = PartitionScan.page(shipments, TableKeys.SUMMARY_ROW, cp.after(), pageSize, timeout);
        List<Shipment> old = new ArrayList<>();
        for (TableEntity row : rows) {
            Shipment shipment = ShipmentEntities.shipmentFrom(row);
            if (shipment.status() == ShipmentStatus.DELIVERED && shipment.deliveredAt() != null
                    && shipment.deliveredAt().isBefore(cp.cutoff())) {
                old.add(shipment);
            }
        }
        List<String> purged = Parallel.map(pool, old, this::purge, done -> {
        });
        try {
            cache.remove(purged);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cache entries of purged shipments left to expire: " + e.getMessage());
        }
        String after = rows.isEmpty() ? cp.after() : rows.get(rows.size() - 1).getPartitionKey();
        Checkpoint next = new Checkpoint(cp.cutoff(), after, cp.scanned() + rows.size(), cp.purged() + purged.size());
        return new Step<>(next, next.scanned(), rows.isEmpty() ? next.scanned() : 0, rows.isEmpty());
    }

    /** Removes one shipment; returns its tracking number. */
    private String purge(Shipment shipment) {
        String tn = shipment.trackingNumber();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(ODataFilters.eq("PartitionKey", tn))
                .setSelect(List.of("PartitionKey", "RowKey"));
        List<TableTransactionAction> batch = new ArrayList<>();
        for (TableEntity row : shipments.listEntities(options, timeout, Context.NONE)) {
            if (row.getRowKey().equals(TableKeys.SUMMARY_ROW)) {
                continue;
            }
            batch.add(new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(tn,
                    row.getRowKey())));
            if (batch.size() == MAX_BATCH) {
                submit(batch);
            }
        }
        submit(batch);
        if (shipment.memberId() != null) {
            deleteIgnoringMissing(memberShipments, shipment.memberId(), tn);
        }
        deleteIgnoringMissing(shipments, tn, TableKeys.SUMMARY_ROW);
        return tn;
    }

    private void submit(List<TableTransactionAction> batch) {
        if (!batch.isEmpty()) {
            shipments.submitTransactionWithResponse(List.copyOf(batch), timeout, Context.NONE);
            batch.clear();
        }
    }

    private void deleteIgnoringMissing(TableClient table, String partitionKey, String rowKey) {
        try {
            table.deleteEntityWithResponse(new TableEntity(partitionKey, rowKey), false, timeout, Context.NONE);
        } catch (TableServiceException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
    }
}
