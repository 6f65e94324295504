package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.ShipmentStore;
import io.shiptrack.model.TableKeys;

/**
 * A hot tracking number: readers that miss together share one storage read, and a fresh copy that is due is
 * re-read in the background while readers keep getting answers from the cache.
 */
@QuarkusTest
@TestProfile(HotCopyTest.ShortRefresh.class)
@WithTestResource(TestStack.class)
class HotCopyTest extends FaultTestBase {

    /**
     * Copies are fresh for 4 s and re-read once they are 1 s old, with the near cache on as in production. One try of the SDK may take up to the whole
     * primary budget, so that a slow answer is one request to count, not a timed-out try and a retry.
     */
    public static class ShortRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shiptrack.cache.fresh-for", "4s", "shiptrack.cache.refresh-after", "1s",
                    "shiptrack.cache.near-for", "500ms", "shiptrack.tables.try-timeout", "800ms");
        }
    }

    @Test
    void readersMissingTogetherShareOneStorageRead() throws Exception {
        String tn = Fixtures.storedShipment(null);
        Supplier<List<String>> primaryReads = TestStack.primaryProxy().recordRequests("GET", tn);
        // The primary answers slowly (within its timeout), so all readers miss while one read runs.
        TestStack.primaryProxy().hang(Duration.ofMillis(300));
        int readers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().get("/api/v1/shipments/{tn}", tn);
                }));
            }
            start.countDown();
            int fromPrimary = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals(tn, response.path("trackingNumber"));
                if ("primary".equals(response.header("X-Read-Source"))) {
                    fromPrimary++;
                }
            }
            assertEquals(1, primaryReads.get().size(), "storage reads: " + primaryReads.get());
            assertTrue(fromPrimary >= 2, "readers answered by the one primary read: " + fromPrimary);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDueCopyIsReReadInTheBackgroundWhileReadersGetTheCache() {
        String tn = Fixtures.registeredShipment(null);
        // Another writer (another region's API, the worker) changes the shipment past this instance's cache.
        ShipmentStore store = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
        Instant now = Instant.now();
        store.addEvent(tn, new EventRequest("elsewhere-1", ShipmentStatus.IN_TRANSIT, now, "Antwerp, BE", null)
                .toEvent(now), now);

        List<String> sources = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = given().get("/api/v1/shipments/{tn}", tn);
            assertEquals(200, response.statusCode(), response.asString());
            sources.add(response.header("X-Read-Source"));
            return "IN_TRANSIT".equals(response.path("status"));
        });
        // Had the copy gone stale (4 s), a reader would have waited for storage and seen "primary".
        assertTrue(sources.stream().allMatch("cache"::equals), "read sources: " + sources);
    }
}
