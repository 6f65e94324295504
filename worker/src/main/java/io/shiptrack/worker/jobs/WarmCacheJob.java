package io.shiptrack.worker.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.Shipment;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.WarmCache;
import io.shiptrack.store.PartitionScan;
import io.shiptrack.store.ShipmentEntities;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.cache.ShipmentCacheWriter;

/**
 * WARM_CACHE: fills the region's Redis with the most recently updated shipments. Table Storage cannot sort by
 * time, so the job scans the summaries twice: first it counts them per day of their last update (a small
 * histogram in the checkpoint) to find the cut-off day that yields {@code limit} shipments, then it loads the
 * shipments updated since that day into the cache, up to {@code limit}. Cache writes are SETs: a redo is harmless.
 */
public final class WarmCacheJob implements Job<WarmCacheJob.Checkpoint> {

    /** First the days are counted, then the shipments loaded; stored in checkpoints by name. */
    public enum Phase {
        COUNT, LOAD
    }

    /** {@code after} is the last PartitionKey scanned in {@code phase}. */
    public record Checkpoint(Phase phase, String after, Map<String, Long> perDay, String cutoffDay, long scanned,
            long loaded) {
    }

    private final TableClient shipments;
    private final ShipmentCacheWriter cache;
    private final int pageSize;
    private final Duration timeout;

    public WarmCacheJob(TableClient shipments, ShipmentCacheWriter cache, int pageSize, Duration timeout) {
        this.shipments = shipments;
        this.cache = cache;
        this.pageSize = pageSize;
        this.timeout = timeout;
    }

    @Override
    public Class<WarmCache> parametersType() {
        return WarmCache.class;
    }

    @Override
    public Class<Checkpoint> checkpointType() {
        return Checkpoint.class;
    }

    @Override
    public Checkpoint begin(JobRecord job, Instant now) {
        return new Checkpoint(Phase.COUNT, null, Map.of(), null, 0, 0);
    }

    @Override
    public Step<Checkpoint> step(JobRecord job, Checkpoint cp, int chunkNo, Instant now) {
        int limit = job.parameters(WarmCache.class).limit();
        List<TableEntity> rows = PartitionScan.page(shipments, TableKeys.SUMMARY_ROW, cp.after(), pageSize, timeout);
        String after = rows.isEmpty() ? cp.after() : rows.get(rows.size() - 1).getPartitionKey();
        // A shipment being purged is on its way out (see ShipmentStore.purge): neither counted nor loaded.
        List<Shipment> live = rows.stream().filter(row -> !ShipmentStore.isPurging(row))
                .map(ShipmentEntities::shipmentFrom).toList();
        if (cp.phase() == Phase.COUNT) {
            TreeMap<String, Long> perDay = new TreeMap<>(cp.perDay());
            for (Shipment shipment : live) {
                perDay.merge(day(shipment.updatedAt()), 1L, Long::sum);
            }
            if (!rows.isEmpty()) {
                return new Step<>(new Checkpoint(Phase.COUNT, after, perDay, null, cp.scanned() + rows.size(), 0),
                        0, limit, false);
            }
            return new Step<>(new Checkpoint(Phase.LOAD, null, perDay, cutoff(perDay, limit), cp.scanned(), 0), 0,
                    limit, false);
        }
        List<Shipment> load = new ArrayList<>();
        for (Shipment shipment : live) {
            if (cp.loaded() + load.size() < limit && cp.cutoffDay() != null
                    && day(shipment.updatedAt()).compareTo(cp.cutoffDay()) >= 0) {
                load.add(shipment);
            }
        }
        // Each copy carries the version the page read: one written since the page was read is newer and stays.
        cache.store(load, Instant.now());
        long loaded = cp.loaded() + load.size();
        boolean done = rows.isEmpty() || loaded >= limit;
        return new Step<>(new Checkpoint(Phase.LOAD, after, cp.perDay(), cp.cutoffDay(), cp.scanned(), loaded), loaded,
                Math.min(limit, cp.scanned()), done);
    }

    /** The latest day from which on at least {@code limit} shipments were updated (or the first day there is). */
    static String cutoff(TreeMap<String, Long> perDay, int limit) {
        long count = 0;
        String cutoff = null;
        for (Map.Entry<String, Long> day : perDay.descendingMap().entrySet()) {
            cutoff = day.getKey();
            count += day.getValue();
            if (count >= limit) {
                break;
            }
        }
        return cutoff;
    }

    private static String day(Instant instant) {
        return instant == null ? "0000-00-00" : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
