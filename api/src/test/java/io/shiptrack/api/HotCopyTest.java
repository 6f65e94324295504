package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.shiptrack.api.cache.RedisGateway;
import io.shiptrack.api.cache.ShipmentCache;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/**
 * A hot tracking number: readers that miss together share one storage read, and a fresh copy that is due is
 * re-read in the background while readers keep getting answers from the cache.
 */
@QuarkusTest
@TestProfile(HotCopyTest.ShortRefresh.class)
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class HotCopyTest extends FaultTestBase {

    /**
     * Copies are fresh for 10 s and re-read once they are 1 s old, with the near cache on as in production. A primary
     * call may take 5 s here (one SDK try, and the fault-tolerance timeout), so that the readers of the sharing test
     * have seconds, not milliseconds, to join the one slow read, and that read is one request to count. Hedging is
     * off: a hedge would answer the slow read from the secondary (FaultMatrixTest covers it).
     */
    public static class ShortRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String primary = "quarkus.fault-tolerance.\"io.shiptrack.api.storage.PrimaryTablesGateway/call\"";
            return Map.of("shiptrack.cache.fresh-for", "10s", "shiptrack.cache.refresh-after", "1s",
                    "shiptrack.cache.near-for", "500ms", "shiptrack.tables.try-timeout", "5s",
                    primary + ".timeout.value", "5000", primary + ".timeout.unit", "millis",
                    "shiptrack.reads.hedge.enabled", "false");
        }
    }

    @Inject
    RedisGateway redis;

    @Test
    void readersMissingTogetherShareOneStorageRead() throws Exception {
        String tn = Fixtures.storedShipment(null);
        Supplier<List<String>> primaryReads = TestStack.primaryProxy().recordRequests("GET", tn);
        // The primary answers slowly (within its timeout), so all readers miss while one read runs.
        TestStack.primaryProxy().hang(Duration.ofSeconds(2));
        int readers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            CompletionService<Response> answers = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < readers; i++) {
                answers.submit(() -> {
                    start.await();
                    return given().get("/api/v1/shipments/{tn}", tn);
                });
            }
            start.countDown();
            int fromPrimary = 0;
            int readsWhileShared = -1;
            for (int i = 0; i < readers; i++) {
                Response response = answers.take().get();
                if (readsWhileShared < 0) {
                    // Counted when the shared read has answered: a reader that a loaded machine delays past that
                    // point finds a copy already due for re-reading (stamped when the read began, refreshed after
                    // 1 s here), and its background refresh is a second read that the sharing is not about.
                    readsWhileShared = primaryReads.get().size();
                }
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals(tn, response.path("trackingNumber"));
                if ("primary".equals(response.header("X-Read-Source"))) {
                    fromPrimary++;
                }
            }
            assertEquals(1, readsWhileShared, "storage reads: " + primaryReads.get());
            assertTrue(fromPrimary >= 2, "readers answered by the one primary read: " + fromPrimary);
        } finally {
            pool.shutdownNow();
        }
    }

    @Inject
    ShipmentCache cache;

    @Inject
    ObjectMapper json;

    @Inject
    ReactiveRedisDataSource redisCommands;

    /** Script runs Redis has answered so far: each copy stored, or refused as older, is one (CachedCopy). */
    private long copyStores() {
        String info = redisCommands.execute("INFO", "commandstats").await().atMost(Duration.ofSeconds(5)).toString();
        Matcher calls = Pattern.compile("cmdstat_eval:calls=(\\d+)").matcher(info);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void aSlowReadThatSawTheShipmentBeforeAWriteDoesNotReplaceTheWritesCopy() throws Exception {
        String tn = Fixtures.storedShipment(null);
        long storesBefore = copyStores();
        Supplier<List<String>> primaryReads = TestStack.primaryProxy().recordRequests("GET", tn);
        TestStack.primaryProxy().hang(Duration.ofMillis(1500));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Response> slowRead = reader.submit(() -> given().get("/api/v1/shipments/{tn}", tn));
            // Once the read has reached storage, a write commits past it and stores its copy, as a write does.
            await().atMost(Duration.ofSeconds(15)).until(() -> !primaryReads.get().isEmpty());
            ShipmentStore store = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                    TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
            Shipment written = store.put(tn, new ShipmentRequest("Hamburg, DE", "Lyon, FR",
                    Instant.parse("2026-12-01T12:00:00Z"), null, "acme"), CarrierScope.carrier(Tokens.CARRIER),
                    Instant.now()).shipment();
            cache.store(tn, CachedCopy.fromPrimary(json.writeValueAsString(written.toView()), written.version(),
                    Instant.now()));

            assertEquals(200, slowRead.get().statusCode());
        } finally {
            reader.shutdownNow();
            TestStack.primaryProxy().heal();
        }
        // Both stores are fire-and-forget: the write's, then the slow read's, which must be refused. Redis is read
        // once both have run, not before the slow read's store was even tried.
        await().atMost(Duration.ofSeconds(10)).until(() -> copyStores() >= storesBefore + 2);
        String stored = redis.get(CachedCopy.key(tn)).await().atMost(Duration.ofSeconds(5));
        assertTrue(stored.contains("Hamburg, DE"), "the write's copy stays in Redis: " + stored);
    }

    @Test
    void aRepeatedEventThatReadTheShipmentBeforeANewerEventDoesNotReplaceItsCopy() throws Exception {
        String tn = Fixtures.registeredShipment(null);
        Fixtures.postEvent(tn, "rep-1", "IN_TRANSIT", "2026-11-20T08:00:00Z").then().statusCode(201);
        Supplier<List<String>> primaryReads = TestStack.primaryProxy().recordRequests("GET", tn);
        // Each call of the repeat answers late (well within the write's 5 s), with what Azurite held when it came in.
        TestStack.primaryProxy().hang(Duration.ofMillis(500));
        ExecutorService carrier = Executors.newSingleThreadExecutor();
        try {
            Future<Response> repeat = carrier.submit(() -> Fixtures.postEvent(tn, "rep-1", "IN_TRANSIT",
                    "2026-11-20T08:00:00Z"));
            // The repeat has read the summary: DELIVERED commits past it (another API instance), with its copy.
            await().atMost(Duration.ofSeconds(5)).until(() -> !primaryReads.get().isEmpty());
            ShipmentStore store = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                    TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
            Instant now = Instant.now();
            Shipment delivered = store.addEvent(tn, new EventRequest("rep-2", ShipmentStatus.DELIVERED, now, "Lyon, FR",
                    null).toEvent(now), CarrierScope.carrier(Tokens.CARRIER), now).shipment();
            cache.store(tn, CachedCopy.fromPrimary(json.writeValueAsString(delivered.toView()), delivered.version(),
                    Instant.now()));

            assertEquals(200, repeat.get().statusCode(), "a repeated eventId");
        } finally {
            carrier.shutdownNow();
            TestStack.primaryProxy().heal();
        }
        // The repeat stored its copy of the shipment as it read it (IN_TRANSIT), later than DELIVERED's, and older.
        CachedCopy kept = CachedCopy.decode(redis.get(CachedCopy.key(tn)).await().atMost(Duration.ofSeconds(5)))
                .orElseThrow();
        assertTrue(kept.json().contains("DELIVERED"), "the newer event's copy stays: " + kept.json());
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).body("status",
                org.hamcrest.Matchers.equalTo("DELIVERED"));
    }

    @Test
    void aDueCopyIsReReadInTheBackgroundWhileReadersGetTheCache() {
        String tn = Fixtures.registeredShipment(null);
        // Another writer (another region's API, the worker) changes the shipment past this instance's cache.
        ShipmentStore store = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
        Instant now = Instant.now();
        store.addEvent(tn, new EventRequest("elsewhere-1", ShipmentStatus.IN_TRANSIT, now, "Antwerp, BE", null)
                .toEvent(now), CarrierScope.ops("ops-test"), now);

        List<String> sources = new ArrayList<>();
        await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = given().get("/api/v1/shipments/{tn}", tn);
            assertEquals(200, response.statusCode(), response.asString());
            sources.add(response.header("X-Read-Source"));
            return "IN_TRANSIT".equals(response.path("status"));
        });
        // Had the copy gone stale (10 s), a reader would have waited for storage and seen "primary".
        assertTrue(sources.stream().allMatch("cache"::equals), "read sources: " + sources);
    }

    @Test
    void aReReadThatCannotStoreIsNotRetriedOnEveryHit() {
        String tn = Fixtures.registeredShipment(null);
        Supplier<List<String>> primaryReads = TestStack.primaryProxy().recordRequests("GET", tn);
        Supplier<List<String>> secondaryReads = TestStack.secondaryProxy().recordRequests("GET", tn);
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.secondaryProxy());
        // Once the copy is due (1 s), the first hit starts a re-read, which fails on both endpoints.
        List<String> sources = new ArrayList<>();
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100)).until(() -> {
            sources.add(given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).extract()
                    .header("X-Read-Source"));
            return !primaryReads.get().isEmpty();
        });
        // Let the re-read get past the primary (it fails over to the secondary, which fails too), then hit the same
        // copy 20 times more.
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50))
                .until(() -> !secondaryReads.get().isEmpty());
        int afterFirst = primaryReads.get().size();
        for (int i = 0; i < 20; i++) {
            sources.add(given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).extract()
                    .header("X-Read-Source"));
        }
        // The one failed re-read made at most the SDK's two tries; the 20 hits on the same copy made none.
        assertTrue(afterFirst <= 2, "storage reads of the first re-read: " + primaryReads.get());
        assertEquals(afterFirst, primaryReads.get().size(), "storage reads after 20 more hits: " + primaryReads.get());
        assertTrue(sources.stream().allMatch("cache"::equals), "read sources: " + sources);
    }

    @Test
    void anOlderVersionNeverReplacesANewerOneInRedisWhateverItsReadTime() {
        String tn = Fixtures.trackingNumber();
        Instant now = Instant.now();
        CachedCopy newer = CachedCopy.fromPrimary("{\"status\":\"IN_TRANSIT\"}", 11, now);
        // What a secondary that lags answers after the newer version was cached: older, but read later.
        CachedCopy lagging = CachedCopy.fromSecondary("{\"status\":\"CREATED\"}", 10, now.plusSeconds(5),
                now.minusSeconds(30));
        Duration ttl = Duration.ofMinutes(1);
        Duration wait = Duration.ofSeconds(10);
        assertTrue(redis.store(tn, newer, ttl).await().atMost(wait), "first store");
        assertFalse(redis.store(tn, lagging, ttl).await().atMost(wait), "an older version is refused");
        assertEquals(newer.encode(), redis.get(CachedCopy.key(tn)).await().atMost(wait));
        CachedCopy sameLater = CachedCopy.fromSecondary("{\"status\":\"IN_TRANSIT\"}", 11, now.plusSeconds(6), now);
        assertTrue(redis.store(tn, sameLater, ttl).await().atMost(wait), "the same version read later");
        assertFalse(redis.store(tn, newer, ttl).await().atMost(wait), "the same version read earlier");
        CachedCopy newest = CachedCopy.fromPrimary("{\"status\":\"DELIVERED\"}", 12, now.minusSeconds(1));
        assertTrue(redis.store(tn, newest, ttl).await().atMost(wait), "a newer version, whatever its read time");
        assertEquals(newest.encode(), redis.get(CachedCopy.key(tn)).await().atMost(wait));
        assertFalse(redis.store(tn, CachedCopy.fromPrimary(null, 0, now.minusSeconds(2)), ttl).await().atMost(wait),
                "a \"not found\" read before the found copy");
        assertTrue(redis.store(tn, CachedCopy.fromPrimary(null, 0, now.plusSeconds(7)), ttl).await().atMost(wait),
                "a \"not found\" read after it (purged)");
    }
}
