package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;

/**
 * Malformed input of every kind: each a 4xx problem+json, never a 5xx, and nothing stored. The requests break the
 * OpenAPI document on purpose, so only their answers are checked against it ({@link Contract#BAD_REQUEST}).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class BadInputTest {

    /** Raw (already encoded) path segments that are not tracking numbers. */
    @ParameterizedTest
    @ValueSource(strings = {"abcdefgh1", "ABC1234", "A1234567890123456789012345678901234567890",
            "ABCD1234'%20or%20'1'%20eq%20'1", "ABCD1234%27", "ABCD%20eq%20X1234", "ABCD1234%00",
            "..%2F..%2FABCD1234", "ABCD%C3%891234", "ABCD%E2%80%8B1234", "ABCD1234%3B", "ABCD-1234"})
    void malformedTrackingNumbersAre400BeforeAnyStorageCall(String raw) {
        Supplier<List<String>> storage = TestStack.recordStorageRequests();
        try {
            expectProblem(bad().urlEncodingEnabled(false).get("/api/v1/shipments/" + raw), 400);
            expectProblem(bad().urlEncodingEnabled(false).get("/api/v1/shipments/" + raw + "/events"), 400);
            expectProblem(bad().urlEncodingEnabled(false).auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON)
                    .body(Fixtures.shipmentJson(null)).put("/api/v1/shipments/" + raw), 400);
            List<String> reached = storage.get();
            // The recording itself: a well-formed read of an unknown shipment does reach storage.
            given().get("/api/v1/shipments/{tn}", Fixtures.trackingNumber()).then().statusCode(404);
            assertEquals(List.of(), reached, "requests that reached storage");
            assertFalse(storage.get().isEmpty(), "the well-formed read was recorded");
        } finally {
            TestStack.healAll();
        }
    }

    @Test
    void dotDotSegmentsNeverReachAShipment() {
        int status = bad().urlEncodingEnabled(false).get("/api/v1/shipments/../../q/health").statusCode();
        // Normalised away by the HTTP layer: whatever answers, it is not a shipment and not a 5xx.
        assertTrue(status < 500, "status " + status);
        expectProblem(bad().urlEncodingEnabled(false).get("/api/v1/shipments/..%2F..%2Fq%2Fhealth"), 400);
    }

    @Test
    void malformedJsonIs400() {
        expectProblem(putRaw(Fixtures.trackingNumber(), "{\"origin\": \"Rotterdam\","), 400);
        expectProblem(putRaw(Fixtures.trackingNumber(), "not json at all"), 400);
        expectProblem(putRaw(Fixtures.trackingNumber(), "[1,2,3]"), 400);
    }

    @Test
    void wronglyTypedJsonIs400NamingTheField() {
        String tn = Fixtures.trackingNumber();
        expectProblem(putRaw(tn, "{\"origin\":\"A\",\"destination\":\"B\",\"promisedBy\":\"next tuesday\","
                + "\"carrier\":\"acme\"}"), 400).body("errors.field", hasItem("promisedBy"));
        expectProblem(putRaw(tn, "{\"origin\":{\"x\":1},\"destination\":\"B\",\"promisedBy\":\"2026-12-01T00:00:00Z\","
                + "\"carrier\":\"acme\"}"), 400).body("errors.field", hasItem("origin"));
        String registered = Fixtures.registeredShipment(null);
        expectProblem(bad().auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON)
                .body("{\"eventId\":\"e1\",\"type\":\"TELEPORTED\",\"occurredAt\":\"2026-11-20T08:00:00Z\"}")
                .post("/api/v1/shipments/{tn}/events", registered), 400).body("errors.field", hasItem("type"));
        assertEquals(0, ShipmentApiTest.rows(tn));
        assertEquals(0, ShipmentApiTest.eventRows(registered));
    }

    @Test
    void missingAndInvalidFieldsAre400ListingEach() {
        String tn = Fixtures.trackingNumber();
        expectProblem(putRaw(tn, "{}"), 400).body("errors.field", hasItem("origin"))
                .body("errors.field", hasItem("destination")).body("errors.field", hasItem("promisedBy"))
                .body("errors.field", hasItem("carrier"));
        expectProblem(putRaw(tn,
                "{\"origin\":\"A\\u0007\",\"destination\":\"B\",\"promisedBy\":\"2026-12-01T00:00:00Z\","
                        + "\"carrier\":\"acme\",\"memberId\":\"a/b\"}"),
                400).body("errors.field", hasItem("origin"))
                .body("errors.field", hasItem("memberId"));
        expectProblem(
                bad().auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON).put("/api/v1/shipments/{tn}", tn),
                400);
        String registered = Fixtures.registeredShipment(null);
        expectProblem(bad().auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON)
                .body("{\"eventId\":\"bad id!\",\"type\":\"PICKED_UP\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}")
                .post("/api/v1/shipments/{tn}/events", registered), 400).body("errors.field", hasItem("eventId"))
                .body("errors.field", hasItem("occurredAt"));
        assertEquals(0, ShipmentApiTest.rows(tn));
        assertEquals(0, ShipmentApiTest.eventRows(registered));
    }

    @Test
    void oversizedBodyIs413() {
        String tn = Fixtures.trackingNumber();
        String huge = "{\"origin\":\"" + "x".repeat(200_000) + "\",\"destination\":\"B\","
                + "\"promisedBy\":\"2026-12-01T00:00:00Z\",\"carrier\":\"acme\"}";
        expectProblem(putRaw(tn, huge), 413);
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    @Test
    void wrongContentTypeIs415() {
        expectProblem(bad().auth().oauth2(Tokens.carrier()).contentType(ContentType.TEXT).body("origin=A")
                .put("/api/v1/shipments/{tn}", Fixtures.trackingNumber()), 415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "%25%25%25", "dj8=", "djE6ZXxub3QtYS1rZXk", "djE6JyBvciAnMSc9JzE"})
    void garbageCursorIs400(String cursor) {
        String tn = Fixtures.registeredShipment(null);
        expectProblem(bad().urlEncodingEnabled(false).queryParam("cursor", cursor).get("/api/v1/shipments/{tn}/events",
                tn), 400).body("errors[0].field", equalTo("cursor"));
        expectProblem(
                bad().urlEncodingEnabled(false).auth().oauth2(Tokens.member("m-cursor")).queryParam("cursor", cursor)
                        .get("/api/v1/me/shipments"),
                400);
    }

    @Test
    void forgedCursorWithAnOdataInjectionIs400() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("v1:e|0000000000000000001|x' or PartitionKey ne '".getBytes(StandardCharsets.UTF_8));
        expectProblem(bad().queryParam("cursor", forged).get("/api/v1/shipments/{tn}/events",
                Fixtures.registeredShipment(null)), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "99999999999"})
    void limitOutOfRangeIs400(String limit) {
        expectProblem(bad().queryParam("limit", limit).get("/api/v1/shipments/{tn}/events",
                Fixtures.registeredShipment(null)), 400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void unknownPathAndMethodAreProblems() {
        expectProblem(bad().get("/api/v1/nothing-here"), 404);
        expectProblem(bad().delete("/api/v1/shipments/{tn}", Fixtures.trackingNumber()), 405);
    }

    private static Response putRaw(String tn, String body) {
        return bad().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/shipments/{tn}", tn);
    }

    /** Every request here is wrong on purpose: only the answers are checked against the document. */
    private static RequestSpecification bad() {
        return given().filter(Contract.BAD_REQUEST);
    }

    static ValidatableResponse expectProblem(Response response, int status) {
        return response.then().log().ifValidationFails().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", notNullValue()).body("type", notNullValue());
    }
}
