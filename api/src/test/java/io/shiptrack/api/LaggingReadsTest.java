package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static io.shiptrack.api.support.Fixtures.postEvent;
import static io.shiptrack.api.support.Fixtures.registeredShipment;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shiptrack.api.storage.PrimaryLatencyGate;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Reads against a secondary that is behind, as an RA-GRS secondary may be for minutes: the lagging stand-in holds the
 * shipment as it was before DELIVERED while the primary has it. Whatever answers (a hedge in a brownout, the
 * failover in an outage, the secondary's "not found"), no answer goes back from a version this region has shown, and
 * the secondary's data is labelled as such.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class LaggingReadsTest extends FaultTestBase {

    @Inject
    ReactiveRedisDataSource redis;

    /** A shipment the secondary holds IN_TRANSIT, then DELIVERED on the primary only, answered once by the API. */
    private static String deliveredAheadOfTheSecondary() {
        String tn = registeredShipment(null);
        postEvent(tn, "lag-1", "IN_TRANSIT", "2026-11-20T08:00:00Z").then().statusCode(201);
        TestStack.syncSecondary();
        TestStack.secondary().pause();
        postEvent(tn, "lag-2", "DELIVERED", "2026-11-21T08:00:00Z").then().statusCode(201);
        Response delivered = given().get("/api/v1/shipments/{tn}", tn);
        assertEquals("DELIVERED", delivered.path("status"));
        return tn;
    }

    private static long version(Response response) {
        String tag = response.header("ETag");
        assertNotNull(tag, "an ETag on " + response.statusCode());
        return Long.parseLong(tag.replace("\"", ""));
    }

    /** Reads until {@code until} holds of the answers so far; every answer is recorded. */
    private static List<Response> readUntil(String tn, Supplier<Boolean> until, List<Response> answers) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            answers.add(given().get("/api/v1/shipments/{tn}", tn));
            return until.get();
        });
        return answers;
    }

    private static void assertNeverBack(List<Response> answers, long seen) {
        for (Response answer : answers) {
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals("DELIVERED", answer.path("status"),
                    "went back in time: " + answer.header("X-Read-Source") + " " + answer.asString());
            assertTrue(version(answer) >= seen, "version " + version(answer) + " after " + seen);
        }
    }

    @Test
    void aHedgeTheSecondaryWinsInABrownoutNeverAnswersItsOlderState() {
        String tn = deliveredAheadOfTheSecondary();
        long seen = version(given().get("/api/v1/shipments/{tn}", tn));
        Supplier<List<String>> secondaryReads = TestStack.secondaryProxy().recordRequests("GET", tn);
        // Every primary answer late past the hedge delay (250 ms in tests): once the copy is due, the secondary wins.
        TestStack.primaryProxy().slow(Duration.ofMillis(1_200));
        List<Response> answers = readUntil(tn, () -> secondaryReads.get().size() >= 2, new ArrayList<>());
        TestStack.primaryProxy().heal();
        readUntil(tn, () -> true, answers);
        assertNeverBack(answers, seen);
    }

    @Test
    void aPrimaryOutageAnswersTheHeldCopyNotTheSecondarysOlderOne() {
        String tn = deliveredAheadOfTheSecondary();
        long seen = version(given().get("/api/v1/shipments/{tn}", tn));
        Supplier<List<String>> secondaryReads = TestStack.secondaryProxy().recordRequests("GET", tn);
        TestStack.primaryProxy().fail503();
        List<Response> answers = readUntil(tn, () -> secondaryReads.get().size() >= 2, new ArrayList<>());
        assertNeverBack(answers, seen);
        Response last = answers.get(answers.size() - 1);
        assertEquals("cache", last.header("X-Read-Source"), "the held copy, answered as the cache");
        assertEquals("primary", last.header("X-Read-Origin"));
        assertNotNull(last.header("Age"));
        // Healed, with the secondary still behind: the primary answers again, never the older state.
        TestStack.primaryProxy().heal();
        assertNeverBack(readUntil(tn, () -> true, new ArrayList<>()), seen);
    }

    @Test
    void aSecondarysNotFoundNeverHidesAShipmentTheRegionHolds() {
        TestStack.secondary().pause();
        String tn = registeredShipment(null);
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200);
        Supplier<List<String>> secondaryReads = TestStack.secondaryProxy().recordRequests("GET", tn);
        TestStack.primaryProxy().fail503();
        List<Response> answers = readUntil(tn, () -> secondaryReads.get().size() >= 2, new ArrayList<>());
        for (Response answer : answers) {
            assertEquals(200, answer.statusCode(),
                    "not replicated yet is not \"no such shipment\": " + answer.asString());
        }
    }

    @Test
    void aClientHoldingANewerTagThanTheRegionIsAnswered304WhenOnlyTheSecondaryCanAnswer() {
        String tn = registeredShipment(null);
        postEvent(tn, "lag-1", "IN_TRANSIT", "2026-11-20T08:00:00Z").then().statusCode(201);
        TestStack.syncSecondary();
        TestStack.secondary().pause();
        // DELIVERED through the other region: this region never saw it, and the client holds its tag.
        Instant now = Instant.now();
        Shipment delivered = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10))
                .addEvent(tn, new EventRequest("lag-2", ShipmentStatus.DELIVERED, now, "Lyon, FR", null).toEvent(now),
                        CarrierScope.ops("ops-test"), now)
                .shipment();
        String tag = "\"" + delivered.version() + "\"";
        TestStack.primaryProxy().fail503();
        Response older = given().get("/api/v1/shipments/{tn}", tn);
        assertEquals(200, older.statusCode());
        assertEquals("IN_TRANSIT", older.path("status"), "without a tag, the older state this region has");
        Response conditional = given().header("If-None-Match", tag).get("/api/v1/shipments/{tn}", tn);
        assertEquals(304, conditional.statusCode(), "the client's newer version is never answered older");
        assertEquals(tag, conditional.header("ETag"));
    }

    @Test
    void theSecondarysDataSaysSoAlsoFromTheCache() {
        String tn = registeredShipment(null);
        TestStack.syncSecondary();
        redis.key().del(CachedCopy.key(tn)).await().atMost(Duration.ofSeconds(5));
        TestStack.primaryProxy().fail503();
        Instant before = Instant.now();
        Response direct = given().get("/api/v1/shipments/{tn}", tn);
        assertEquals(200, direct.statusCode());
        assertEquals("secondary", direct.header("X-Read-Source"));
        assertEquals("secondary", direct.header("X-Read-Origin"));
        Instant lastSync = OffsetDateTime.parse(direct.header("X-Secondary-Last-Sync")).toInstant();
        assertTrue(!lastSync.isAfter(before.plusSeconds(1)) && lastSync.isAfter(before.minusSeconds(60)),
                "the stand-in's last sync " + lastSync + ", read at " + before);
        Response cached = given().get("/api/v1/shipments/{tn}", tn);
        assertEquals("cache", cached.header("X-Read-Source"));
        assertEquals("secondary", cached.header("X-Read-Origin"), "a copy of the secondary's data");
        assertEquals(direct.header("X-Secondary-Last-Sync"), cached.header("X-Secondary-Last-Sync"));
    }

    @Test
    void anEventsPageIsNeverOlderThanTheTagItsClientHoldsAndSaysWhenItComesFromTheSecondary() {
        String tn = deliveredAheadOfTheSecondary();
        String tag = given().get("/api/v1/shipments/{tn}", tn).header("ETag");
        TestStack.primaryProxy().fail503();
        // Nothing but the secondary can answer: its page, labelled as its own, with the older version it shows.
        Response behind = given().get("/api/v1/shipments/{tn}/events", tn);
        assertEquals(200, behind.statusCode(), behind.asString());
        assertEquals("secondary", behind.header("X-Read-Source"));
        assertEquals(1, behind.jsonPath().getList("items").size(), "the secondary has not replicated DELIVERED");
        assertTrue(version(behind) < Long.parseLong(tag.replace("\"", "")), "its tag says it is older");
        Response conditional = given().header("If-None-Match", tag).get("/api/v1/shipments/{tn}/events", tn);
        assertEquals(304, conditional.statusCode(), "a client holding the newer list keeps it");
        TestStack.syncSecondary();
        Response caughtUp = given().get("/api/v1/shipments/{tn}/events", tn);
        assertEquals(200, caughtUp.statusCode());
        assertEquals(tag, caughtUp.header("ETag"));
        assertEquals(2, caughtUp.jsonPath().getList("items").size());
    }

    @Test
    void anEventsPageTheSecondaryAnswersBehindTheHeldCopyIsReadAgainOnTheHealthyPrimary() {
        String tn = deliveredAheadOfTheSecondary();
        String tag = given().get("/api/v1/shipments/{tn}", tn).header("ETag");
        Supplier<List<String>> secondaryReads = TestStack.secondaryProxy().recordRequests("GET", tn);
        // A brownout opens the primary-latency breaker; healed at once, the primary answers fast, while reads still ask
        // the secondary first for the breaker's delay (1 s in tests). Repeated if the machine stalled past it.
        List<Response> answers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestStack.primaryProxy().slow(Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                given().get("/api/v1/shipments/{tn}/events", tn).then().statusCode(200);
                return breakers.currentState(PrimaryLatencyGate.BREAKER) == CircuitBreakerState.OPEN;
            });
            TestStack.primaryProxy().heal();
            int asked = secondaryReads.get().size();
            answers.add(given().get("/api/v1/shipments/{tn}/events", tn));
            return secondaryReads.get().size() > asked;
        });
        for (Response answer : answers) {
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals(tag, answer.header("ETag"), "an events page older than the copy the region holds, from "
                    + answer.header("X-Read-Source"));
            assertEquals(2, answer.jsonPath().getList("items").size());
        }
        assertEquals("primary", answers.get(answers.size() - 1).header("X-Read-Source"),
                "the secondary answered first and was behind: read again on the primary");
    }

    @Test
    void aMembersListFromTheSecondaryNeverShowsAShipmentOlderThanTheRegionAnswered() {
        String member = "lag-" + Fixtures.trackingNumber().toLowerCase(java.util.Locale.ROOT);
        String tn = registeredShipment(member);
        postEvent(tn, "lag-1", "IN_TRANSIT", "2026-11-20T08:00:00Z").then().statusCode(201);
        TestStack.syncSecondary();
        TestStack.secondary().pause();
        postEvent(tn, "lag-2", "DELIVERED", "2026-11-21T08:00:00Z").then().statusCode(201);
        assertEquals("DELIVERED", given().get("/api/v1/shipments/{tn}", tn).path("status"));
        TestStack.primaryProxy().fail503();
        Response list = given().auth().oauth2(Tokens.member(member)).get("/api/v1/me/shipments");
        assertEquals(200, list.statusCode(), list.asString());
        assertEquals("secondary", list.header("X-Read-Source"));
        assertEquals(List.of(tn), list.jsonPath().getList("items.trackingNumber"));
        assertEquals("DELIVERED", list.jsonPath().getString("items[0].status"),
                "the row as the region answered it, not as the secondary holds it");
        assertEquals("2026-11-21T08:00:00Z", list.jsonPath().getString("items[0].deliveredAt"));
    }
}
