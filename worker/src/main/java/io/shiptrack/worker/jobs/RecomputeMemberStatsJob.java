package io.shiptrack.worker.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;

import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.store.MemberStatsEntities;
import io.shiptrack.store.ODataFilters;
import io.shiptrack.store.ShipmentEntities;

/**
 * RECOMPUTE_MEMBER_STATS: pages the member's MemberShipments partition in RowKey order, resuming after the last
 * key of the previous page (the continuation key kept in the checkpoint with the partial aggregates), and writes
 * the MemberStats row once the partition is done. Its only write is an upsert, so a redo changes nothing.
 */
public final class RecomputeMemberStatsJob implements Job<RecomputeMemberStatsJob.Checkpoint> {

    /** Partial aggregates after the member's shipments up to {@code after}. */
    public record Checkpoint(String after, long seen, long onTime, long late, long delayMillis) {
    }

    private final TableClient memberShipments;
    private final TableClient memberStats;
    private final int pageSize;
    private final Duration timeout;

    public RecomputeMemberStatsJob(TableClient memberShipments, TableClient memberStats, int pageSize,
            Duration timeout) {
        this.memberShipments = memberShipments;
        this.memberStats = memberStats;
        this.pageSize = pageSize;
        this.timeout = timeout;
    }

    @Override
    public Class<RecomputeMemberStats> parametersType() {
        return RecomputeMemberStats.class;
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return Checkpoint.class;
    }

    @Override
    public Checkpoint begin(JobRecord job, Instant now) {
        return new Checkpoint(null, 0, 0, 0, 0);
    }

    @Override
    public Step<Checkpoint> step(JobRecord job, Checkpoint checkpoint, int chunkNo, Instant now) {
        String memberId = job.parameters(RecomputeMemberStats.class).memberId();
        String filter = ODataFilters.eq("PartitionKey", memberId);
        if (checkpoint.after() != null) {
            filter = ODataFilters.and(filter, ODataFilters.gt("RowKey", checkpoint.after()));
        }
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(pageSize)
                .setSelect(List.of("PartitionKey", "RowKey", "PromisedBy", "DeliveredAt"));
        List<TableEntity> rows = memberShipments.listEntities(options, timeout, Context.NONE).stream()
                .limit(pageSize).toList();
        long onTime = checkpoint.onTime();
        long late = checkpoint.late();
        long delay = checkpoint.delayMillis();
        for (TableEntity row : rows) {
            MemberShipment shipment = ShipmentEntities.memberShipmentFrom(row);
            if (shipment.deliveredAt() == null || shipment.promisedBy() == null) {
                continue;
            }
            if (shipment.deliveredAt().isAfter(shipment.promisedBy())) {
                late++;
                delay += Duration.between(shipment.promisedBy(), shipment.deliveredAt()).toMillis();
            } else {
                onTime++;
            }
        }
        String after = rows.isEmpty() ? checkpoint.after() : rows.get(rows.size() - 1).getRowKey();
        Checkpoint next = new Checkpoint(after, checkpoint.seen() + rows.size(), onTime, late, delay);
        boolean done = rows.size() < pageSize;
        if (done) {
            MemberStats stats = new MemberStats(memberId, onTime, late, delay, now, job.jobId());
            memberStats.upsertEntityWithResponse(MemberStatsEntities.toEntity(stats), TableEntityUpdateMode.REPLACE,
                    timeout,
                    Context.NONE);
        }
        return new Step<>(next, next.seen(), done ? next.seen() : 0, done);
    }
}
