package io.shiptrack.api.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/** Test data through the public API: unique tracking numbers, shipments and events. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A fresh tracking number, so tests never see each other's cached copies or rows. */
    public static String trackingNumber() {
        return ("TST" + UUID.randomUUID().toString().replace("-", "")).toUpperCase(Locale.ROOT).substring(0, 24);
    }

    public static String shipmentJson(String memberId) {
        return "{\"origin\":\"Rotterdam, NL\",\"destination\":\"Lyon, FR\",\"promisedBy\":\"2026-12-01T12:00:00Z\","
                + (memberId == null ? "" : "\"memberId\":\"" + memberId + "\",") + "\"carrier\":\"acme\"}";
    }

    public static String eventJson(String eventId, String type, String occurredAt) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + occurredAt
                + "\",\"location\":\"Antwerp, BE\",\"note\":\"scan\"}";
    }

    public static Response putShipment(String trackingNumber, String memberId) {
        return given().auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON).body(shipmentJson(memberId))
                .put("/api/v1/shipments/{tn}", trackingNumber);
    }

    public static Response postEvent(String trackingNumber, String eventId, String type, String occurredAt) {
        return given().auth().oauth2(Tokens.carrier()).contentType(ContentType.JSON)
                .body(eventJson(eventId, type, occurredAt)).post("/api/v1/shipments/{tn}/events", trackingNumber);
    }

    /**
     * A shipment written straight into Azurite (past the API and its cache), as if replicated long ago: it is on the
     * secondary too when this returns. It belongs to {@link Tokens#carrier()}.
     */
    public static String storedShipment(String memberId) {
        String trackingNumber = storedOnPrimaryOnly(memberId);
        TestStack.syncSecondary();
        return trackingNumber;
    }

    /**
     * {@link #storedShipment} without waiting for the secondary: on the primary, on the secondary only once it has
     * replicated (at its next tick, or never while {@code TestStack.secondary()} is paused).
     */
    public static String storedOnPrimaryOnly(String memberId) {
        String trackingNumber = trackingNumber();
        ShipmentStore store = new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
        store.put(trackingNumber, new ShipmentRequest("Rotterdam, NL", "Lyon, FR",
                Instant.parse("2026-12-01T12:00:00Z"), memberId, "acme"), CarrierScope.carrier(Tokens.CARRIER),
                Instant.now());
        return trackingNumber;
    }

    /** A shipment registered through the API (so its copy is in the cache). */
    public static String registeredShipment(String memberId) {
        String trackingNumber = trackingNumber();
        putShipment(trackingNumber, memberId).then().statusCode(201);
        return trackingNumber;
    }
}
