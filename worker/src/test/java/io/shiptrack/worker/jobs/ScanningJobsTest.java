package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.model.jobs.PurgeDelivered;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.model.jobs.WarmCache;
import io.shiptrack.store.MemberStatsEntities;
import io.shiptrack.store.PartitionScan;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.cache.RedisShipmentCache;
import io.shiptrack.worker.cache.ShipmentCacheWriter;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/** RECOMPUTE_MEMBER_STATS, PURGE_DELIVERED, WARM_CACHE and the cross-partition scan on real Azurite and Redis. */
class ScanningJobsTest {

    /** Test set-up writes as ops: it adds events to shipments whoever owns them. */
    private static final CarrierScope SCOPE = CarrierScope.ops("ops-test");

    private static String run(WorkerApp app, JobParameters parameters) {
        String jobId = Data.submit(app, "ops-test", new JobRequest(parameters), 0, false);
        assertEquals(JobRunner.Outcome.SUCCEEDED,
                app.runner().handle(new JobMessage(jobId, JobType.of(parameters.getClass())).toJson()).outcome());
        return jobId;
    }

    /** {@code onTime} shipments delivered an hour early, {@code late} delivered 3 hours late, 2 in transit. */
    private static void memberShipments(WorkerApp app, String member, int onTime, int late) {
        Instant promised = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < onTime + late + 2; i++) {
            String tn = Data.shipment(app, member, promised);
            ShipmentStatus type = i < onTime + late ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT;
            Instant at = i < onTime ? promised.minus(Duration.ofHours(1)) : promised.plus(Duration.ofHours(3));
            Data.shipmentStore(app).addEvent(tn, new io.shiptrack.model.TrackingEvent("e" + i, type, at, null, null,
                    Instant.now()), SCOPE, Instant.now());
        }
    }

    @Test
    void memberStatsArePagedAndAggregated() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        String member = "member-" + Data.id();
        memberShipments(app, member, 13, 12);
        String jobId = run(app, new RecomputeMemberStats(member));
        MemberStats stats = MemberStatsEntities.from(app.tables().getTableClient(TableKeys.MEMBER_STATS)
                .getEntity(member, TableKeys.STATS_ROW));
        assertEquals(13, stats.onTimeCount());
        assertEquals(12, stats.lateCount());
        assertEquals(3.0, stats.averageDelayHours(), 1e-9);
        assertEquals(jobId, stats.jobId());
        JobRecord row = app.jobStore().find(jobId).orElseThrow();
        assertEquals(27, row.progress().processed());
        assertEquals(3, row.chunksDone(), "27 rows in pages of 10");
    }

    @Test
    void memberStatsSurviveACrashBetweenPages() {
        String queue = WorkerStack.newQueue();
        MutableClock clock = new MutableClock();
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(FaultPoints.BEFORE_CHECKPOINT, 1), Map.of());
        String member = "member-" + Data.id();
        memberShipments(crashing, member, 8, 15);
        String jobId = Data.submit(crashing, member,
                new JobRequest(new RecomputeMemberStats(member)), 0, false);
        String message = new JobMessage(jobId, JobType.RECOMPUTE_MEMBER_STATS).toJson();
        assertThrows(Crash.class, () -> crashing.runner().handle(message));
        clock.advance(Duration.ofSeconds(10));
        WorkerApp restarted = WorkerStack.app(queue, clock, FaultPoints.NONE, Map.of());
        assertEquals(JobRunner.Outcome.SUCCEEDED, restarted.runner().handle(message).outcome());
        MemberStats stats = MemberStatsEntities.from(restarted.tables().getTableClient(TableKeys.MEMBER_STATS)
                .getEntity(member, TableKeys.STATS_ROW));
        assertEquals(8, stats.onTimeCount());
        assertEquals(15, stats.lateCount());
    }

    @Test
    void crossPartitionScanEndsAndSeesEveryRowOnce() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        TableClient shipments = app.tables().getTableClient(TableKeys.SHIPMENTS);
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            mine.add(Data.shipment(app, null, Instant.parse("2026-03-01T12:00:00Z")));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            List<TableEntity> page = PartitionScan.page(shipments, TableKeys.SUMMARY_ROW, after, 7,
                    Duration.ofSeconds(20));
            if (page.isEmpty()) {
                after = "done";
                break;
            }
            page.forEach(row -> seen.add(row.getPartitionKey()));
            after = page.get(page.size() - 1).getPartitionKey();
        }
        assertEquals("done", after, "the scan ended");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row twice");
        assertTrue(seen.containsAll(mine));
    }

    @Test
    void purgeRemovesOldDeliveredShipmentsWithEventsAndIndexRows() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        String member = "member-" + Data.id();
        Instant now = Instant.now();
        String old = Data.shipment(app, member, now.minus(Duration.ofDays(40)));
        String recent = Data.shipment(app, member, now.minus(Duration.ofDays(2)));
        String moving = Data.shipment(app, member, now.minus(Duration.ofDays(40)));
        for (int i = 0; i < 3; i++) {
            Data.shipmentStore(app).addEvent(old, new io.shiptrack.model.TrackingEvent("o" + i,
                    i == 2 ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT,
                    now.minus(Duration.ofDays(40 - i)), null, null, now), SCOPE, now);
        }
        Data.shipmentStore(app).addEvent(recent, new io.shiptrack.model.TrackingEvent("r", ShipmentStatus.DELIVERED,
                now.minus(Duration.ofDays(1)), null, null, now), SCOPE, now);
        Data.shipmentStore(app).addEvent(moving, new io.shiptrack.model.TrackingEvent("m",
                ShipmentStatus.IN_TRANSIT, now.minus(Duration.ofDays(39)), null, null, now), SCOPE, now);
        // A second old one, purged concurrently with the first, with 120 events: its rows take three delete batches.
        String big = Data.shipment(app, member, now.minus(Duration.ofDays(40)));
        List<io.shiptrack.model.TrackingEvent> many = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            many.add(new io.shiptrack.model.TrackingEvent("b" + i,
                    i == 119 ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT,
                    now.minus(Duration.ofDays(40)).plusSeconds(i), null, null, now));
        }
        Data.shipmentStore(app).addEvents(big, many, SCOPE, now, () -> {
        });
        assertEquals(242, Data.snapshot(app, List.of(big)).size(), "summary, events, markers, index row");
        run(app, new PurgeDelivered(30));
        assertTrue(Data.snapshot(app, List.of(old)).isEmpty(), "old delivered shipment gone with all its rows");
        assertTrue(Data.snapshot(app, List.of(big)).isEmpty(), "every batch of the big one gone too");
        assertFalse(Data.snapshot(app, List.of(recent)).isEmpty());
        assertFalse(Data.snapshot(app, List.of(moving)).isEmpty());
        assertEquals(4, Data.snapshot(app, List.of(recent)).size(), "summary, event, marker, index row");
    }

    @Test
    void warmCacheLoadsTheMostRecentlyUpdatedShipments() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        // Updated on days later than any other test's shipments (this JVM's Azurite holds theirs too), so that these
        // are the table's most recent: two on the last two days, three on the day before. A limit of 2 selects the
        // two most recent and none of the three; a job that loaded any shipment but the most recent would load
        // one of the three or one of the other tests'.
        Instant latest = Instant.parse("2090-01-10T12:00:00Z");
        List<String> recent = List.of(updatedAt(app, latest), updatedAt(app, latest.minus(Duration.ofDays(1))));
        List<String> older = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            older.add(updatedAt(app, latest.minus(Duration.ofDays(2)).plusSeconds(i)));
        }
        String jobId = run(app, new WarmCache(2, null));
        JobRecord row = app.jobStore().find(jobId).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, row.status());
        assertEquals(2, row.progress().processed(), "shipments loaded");
        try (RedisShipmentCache cache = new RedisShipmentCache(URI.create(WorkerStack.redis().uri()),
                Duration.ofSeconds(5))) {
            for (String tn : recent) {
                CachedCopy copy = CachedCopy.decode(cache.get(CachedCopy.key(tn))).orElseThrow(
                        () -> new AssertionError(tn + ", one of the two most recent, was not loaded"));
                assertTrue(copy.json().contains("\"trackingNumber\":\"" + tn + "\""), copy.json());
            }
            for (String tn : older) {
                assertNull(cache.get(CachedCopy.key(tn)), tn + ", older than the two most recent, was loaded");
            }
        }
        assertNotNull(row.checkpoint());
        assertNull(row.lease().owner());
    }

    @Test
    void aWarmCachePageReadBeforeAWriteNeverReplacesTheWritesNewerCopy() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        // Later than any other test's shipments, so that a limit of 1 loads this one.
        String tn = updatedAt(app, Instant.parse("2091-01-10T12:00:00Z"));
        try (RedisShipmentCache redis = new RedisShipmentCache(URI.create(WorkerStack.redis().uri()),
                Duration.ofSeconds(5))) {
            AtomicReference<Shipment> written = new AtomicReference<>();
            // Between the job's page read and its cache store, a carrier's event commits and the API caches its copy.
            ShipmentCacheWriter writeInBetween = new ShipmentCacheWriter() {
                @Override
                public void store(Collection<Shipment> shipments, Instant readAt) {
                    if (written.get() == null && shipments.stream().anyMatch(s -> s.trackingNumber().equals(tn))) {
                        Shipment after = Data.shipmentStore(app).addEvent(tn, new TrackingEvent("in-between",
                                ShipmentStatus.DELIVERED, Instant.parse("2091-01-10T13:00:00Z"), null, null,
                                Instant.now()), SCOPE, Instant.now()).shipment();
                        redis.store(List.of(after), Instant.now());
                        written.set(after);
                    }
                    redis.store(shipments, readAt);
                }

                @Override
                public void remove(Collection<String> trackingNumbers) {
                    redis.remove(trackingNumbers);
                }
            };
            String jobId = Data.submit(app, "ops-test", new JobRequest(new WarmCache(1, null)), 0, false);
            JobRecord job = app.jobStore().find(jobId).orElseThrow();
            WarmCacheJob warm = new WarmCacheJob(app.tables().getTableClient(TableKeys.SHIPMENTS), writeInBetween,
                    1000, Duration.ofSeconds(10));
            WarmCacheJob.Checkpoint checkpoint = warm.begin(job, Instant.now());
            for (int chunk = 0; chunk < 10_000; chunk++) {
                Job.Step<WarmCacheJob.Checkpoint> step = warm.step(job, checkpoint, chunk, Instant.now());
                checkpoint = step.checkpoint();
                if (step.done()) {
                    break;
                }
            }
            assertNotNull(written.get(), "the job loaded the shipment");
            CachedCopy cached = CachedCopy.decode(redis.get(CachedCopy.key(tn))).orElseThrow();
            assertEquals(written.get().version(), cached.version(), "the job's older page replaced the write's copy");
            assertTrue(cached.json().contains("DELIVERED"), cached.json());
        }
    }

    /** A shipment registered (so last updated) at {@code at}. */
    private static String updatedAt(WorkerApp app, Instant at) {
        String tn = Data.trackingNumber();
        Data.shipmentStore(app).put(tn, Data.request(null, Instant.parse("2026-03-01T12:00:00Z")),
                CarrierScope.carrier(Data.CARRIER), at);
        return tn;
    }
}
