package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.shiptrack.api.cache.RedisGateway;
import io.shiptrack.api.storage.PrimaryLatencyGate;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.SecondaryTablesGateway;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Values the JSON layer accepts but storage cannot hold (times before 1970 or beyond 9999, which the event row key
 * cannot order or Edm.DateTime cannot store; unpaired surrogates; a purge cut-off before any stored time) are a 400
 * naming the field before any storage call: hundreds of them change nothing, leave every breaker closed, and the next
 * valid write succeeds.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class HostileInputTest extends FaultTestBase {

    /** Times outside 1970-01-01 .. 9999-12-31, in every form Jackson reads an Instant from. */
    private static final List<String> HOSTILE_TIMES = List.of("\"1969-12-31T23:59:59.999Z\"",
            "\"1600-12-31T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"",
            "\"+1000000-06-15T00:00:00Z\"", "\"-999999-01-01T00:00:00Z\"", "-1", "-62135596800", "253402300800",
            "1.0E15");
    /** Texts with an unpaired UTF-16 surrogate, which has no UTF-8 form. */
    private static final List<String> HOSTILE_TEXTS = List.of("\"\\ud800\"", "\"abc\\udfff\"", "\"\\udbff\\u0041\"");
    private static final int ROUNDS = 8;

    @Test
    void hostileValuesAreRejectedWithoutTouchingStorageOrBreakers() {
        String existing = Fixtures.registeredShipment(null);
        List<String> rejectedTns = new ArrayList<>();
        Supplier<List<String>> storage = TestStack.recordStorageRequests();
        for (int round = 0; round < ROUNDS; round++) {
            for (String time : HOSTILE_TIMES) {
                String tn = Fixtures.trackingNumber();
                rejectedTns.add(tn);
                rejected(carrier().body(shipment(time, "\"Lyon, FR\"")).put("/api/v1/shipments/{tn}", tn),
                        "promisedBy");
                rejected(carrier().body(event(time, "\"scan\"")).post("/api/v1/shipments/{tn}/events", existing),
                        "occurredAt");
                rejected(carrier().header("Idempotency-Key", UUID.randomUUID().toString()).body(
                        "{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[{\"trackingNumber\":\"" + existing
                                + "\"," + event(time, "null").substring(1) + "]}}")
                        .post("/api/v1/jobs"), "parameters.events[0].occurredAt");
            }
            for (String text : HOSTILE_TEXTS) {
                rejected(carrier().body(shipment("\"2026-12-01T12:00:00Z\"", text))
                        .put("/api/v1/shipments/{tn}", Fixtures.trackingNumber()), "destination");
                rejected(carrier().body(event("\"2026-11-30T10:00:00Z\"", text))
                        .post("/api/v1/shipments/{tn}/events", existing), "note");
            }
            rejected(given().filter(Contract.BAD_REQUEST).auth().oauth2(Tokens.ops()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":2147483647}}")
                    .post("/api/v1/jobs"), "parameters.olderThanDays");
        }
        List<String> reached = storage.get();
        // The recording itself: a well-formed read of an unknown shipment does reach storage.
        given().get("/api/v1/shipments/{tn}", rejectedTns.get(0)).then().statusCode(404);
        TestStack.healAll();
        assertEquals(List.of(), reached, "requests of hostile values that reached storage");
        assertFalse(storage.get().isEmpty(), "the well-formed read was recorded");
        for (String tn : rejectedTns) {
            given().get("/api/v1/shipments/{tn}", tn).then().statusCode(404);
        }

        for (String breaker : List.of(PrimaryTablesGateway.BREAKER, SecondaryTablesGateway.BREAKER,
                PrimaryLatencyGate.BREAKER, RedisGateway.BREAKER)) {
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(breaker), breaker);
        }
        given().get("/api/v1/shipments/{tn}/events", existing).then().statusCode(200).body("items.size()",
                org.hamcrest.Matchers.equalTo(0));
        Fixtures.putShipment(Fixtures.trackingNumber(), null).then().statusCode(201);
        Fixtures.postEvent(existing, "after-hostile", "IN_TRANSIT", "1970-01-01T00:00:00Z").then().statusCode(201);
        // The cursor handed out for the earliest event this API accepts is one it accepts back.
        Fixtures.postEvent(existing, "after-hostile-2", "IN_TRANSIT", "2026-11-30T10:00:00Z").then().statusCode(201);
        String cursor = given().queryParam("limit", 1).get("/api/v1/shipments/{tn}/events", existing).then()
                .statusCode(200).extract().path("nextCursor");
        given().queryParam("limit", 1).queryParam("cursor", cursor).get("/api/v1/shipments/{tn}/events", existing)
                .then().statusCode(200).body("items[0].eventId", org.hamcrest.Matchers.equalTo("after-hostile"));
    }

    private static RequestSpecification carrier() {
        return given().filter(Contract.BAD_REQUEST).auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON);
    }

    private static String shipment(String promisedBy, String destination) {
        return "{\"origin\":\"Rotterdam, NL\",\"destination\":" + destination + ",\"promisedBy\":" + promisedBy
                + ",\"carrier\":\"acme\"}";
    }

    private static String event(String occurredAt, String note) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"IN_TRANSIT\",\"occurredAt\":" + occurredAt
                + ",\"note\":" + note + "}";
    }

    private static void rejected(io.restassured.response.Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
