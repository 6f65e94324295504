package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static io.shiptrack.api.support.Fixtures.postEvent;
import static io.shiptrack.api.support.Fixtures.registeredShipment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.TestStack;

/**
 * {@code ETag} and {@code If-None-Match} on a shipment: the tag is the shipment's version, which grows with each
 * committed change; a client that names the version it holds (or a newer one, seen in another region) is answered 304,
 * without a storage call while the region's copy is current, and never an older version.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class ConditionalReadTest {

    @AfterEach
    void heal() {
        TestStack.healAll();
    }

    private static Response get(String tn, String ifNoneMatch) {
        return ifNoneMatch == null
                ? given().get("/api/v1/shipments/{tn}", tn)
                : given().header("If-None-Match", ifNoneMatch).get("/api/v1/shipments/{tn}", tn);
    }

    private static long version(Response response) {
        String tag = response.header("ETag");
        assertTrue(tag != null && tag.matches("\"\\d+\""), "a strong tag of digits: " + tag);
        return Long.parseLong(tag.substring(1, tag.length() - 1));
    }

    @Test
    void anUnchangedPollIs304WithoutAStorageCall() {
        String tn = registeredShipment(null);
        Response first = get(tn, null);
        assertEquals(200, first.statusCode());
        String tag = first.header("ETag");
        Supplier<List<String>> primary = TestStack.primaryProxy().recordRequests("GET", tn);
        Supplier<List<String>> secondary = TestStack.secondaryProxy().recordRequests("GET", tn);

        Response poll = get(tn, tag);
        assertEquals(304, poll.statusCode());
        assertEquals("", poll.asString(), "no body");
        assertEquals(tag, poll.header("ETag"));
        assertEquals("cache", poll.header("X-Read-Source"));
        assertEquals(List.of(), primary.get(), "no primary read");
        assertEquals(List.of(), secondary.get(), "no secondary read");
    }

    @Test
    void eachCommittedChangeGrowsTheVersionAndARepeatDoesNot() {
        String tn = registeredShipment(null);
        long registered = version(get(tn, null));
        postEvent(tn, "cr-1", "PICKED_UP", "2026-11-20T08:00:00Z").then().statusCode(201);
        Response picked = get(tn, "\"" + registered + "\"");
        assertEquals(200, picked.statusCode(), "changed since the tag: the new state");
        assertEquals("PICKED_UP", picked.path("status"));
        long afterEvent = version(picked);
        assertTrue(afterEvent > registered, afterEvent + " after " + registered);
        postEvent(tn, "cr-1", "DELIVERED", "2026-11-21T08:00:00Z").then().statusCode(200);
        assertEquals(304, get(tn, picked.header("ETag")).statusCode(), "a repeated eventId changes nothing");
    }

    @Test
    void aClientHoldingANewerVersionIsAnswered304NeverTheOlderOne() {
        String tn = registeredShipment(null);
        long held = version(get(tn, null));
        // A version this region has not seen yet: what a client read in the other region, ahead of this one.
        String newer = "\"" + (held + 1_000) + "\"";
        Response answer = get(tn, newer);
        assertEquals(304, answer.statusCode());
        assertEquals(newer, answer.header("ETag"), "the client's own tag: its copy is the newest known");
        assertEquals(304, get(tn, "W/\"1\", " + newer).statusCode(), "the newest of a list counts, weak or not");
        assertEquals(304, get(tn, "*").statusCode());
    }

    @Test
    void tagsThatAreNotOursMatchNothing() {
        String tn = registeredShipment(null);
        long held = version(get(tn, null));
        for (String foreign : List.of("\"abc\"", "W/\"x\"", "garbage", "\"\"", "\"" + (held - 1) + "\"",
                "\"99999999999999999999999\"", ",,,")) {
            Response answer = get(tn, foreign);
            assertEquals(200, answer.statusCode(), foreign);
            assertEquals(held, version(answer), foreign);
        }
    }

    @Test
    void aNotFoundHasNoTag() {
        Response answer = get(io.shiptrack.api.support.Fixtures.trackingNumber(), "*");
        assertEquals(404, answer.statusCode());
        assertEquals(null, answer.header("ETag"));
    }

    @Test
    void anEventsPageCarriesTheShipmentsVersionAndIs304WhileUnchanged() {
        String tn = registeredShipment(null);
        postEvent(tn, "ce-1", "PICKED_UP", "2026-11-20T08:00:00Z").then().statusCode(201);
        Response page = given().get("/api/v1/shipments/{tn}/events", tn);
        assertEquals(200, page.statusCode());
        String tag = page.header("ETag");
        assertEquals(get(tn, null).header("ETag"), tag, "the page shows the shipment's version");
        assertEquals(304,
                given().header("If-None-Match", tag).get("/api/v1/shipments/{tn}/events", tn).statusCode());
        postEvent(tn, "ce-2", "IN_TRANSIT", "2026-11-21T08:00:00Z").then().statusCode(201);
        Response changed = given().header("If-None-Match", tag).get("/api/v1/shipments/{tn}/events", tn);
        assertEquals(200, changed.statusCode());
        assertEquals(2, changed.jsonPath().getList("items").size());
        assertTrue(version(changed) > Long.parseLong(tag.replace("\"", "")));
    }
}
