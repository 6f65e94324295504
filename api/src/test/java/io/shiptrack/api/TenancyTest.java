package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static io.shiptrack.api.BadInputTest.expectProblem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.Supplier;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.model.TableKeys;

/**
 * Carrier tenancy: a shipment belongs to the carrier whose token subject registered it. Another carrier's writes
 * answer 404 exactly as for an unknown shipment and change nothing in Azurite; ops may change any; reads stay public.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class TenancyTest {

    static final String ACME = "carrier-acme";
    static final String RIVAL = "carrier-rival";
    /** 201, or 200 when a retried write finds its first try applied (see {@link #untilAnswered}). */
    static final Matcher<Integer> WRITTEN = anyOf(is(200), is(201));

    @Test
    void aNewShipmentBelongsToTheCarrierInTheToken() {
        String tn = Fixtures.trackingNumber();
        put(tn, Tokens.carrier(ACME), "Lyon, FR").then().statusCode(WRITTEN).body("owner", equalTo(ACME));
        assertEquals(ACME, summary(tn).getProperty("Owner"));
        // Reads by tracking number stay public and never say whose it is.
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).body("owner", nullValue());
    }

    @Test
    void anotherCarriersPutIs404LikeAnUnknownShipmentAndChangesNothing() {
        String tn = registered(ACME);
        TableEntity before = summary(tn);

        Response rival = put(tn, Tokens.carrier(RIVAL), "Nowhere, XX");
        expectProblem(rival, 404).body("type", equalTo(notFoundType()));

        assertEquals(before.getETag(), summary(tn).getETag(), "the summary row was not written");
        assertEquals("Lyon, FR", summary(tn).getProperty("Destination"));
        assertEquals(ACME, summary(tn).getProperty("Owner"));
    }

    @Test
    void anotherCarriersEventIs404AndWritesNoEvent() {
        String tn = registered(ACME);
        long rows = ShipmentApiTest.rows(tn);

        expectProblem(event(tn, Tokens.carrier(RIVAL), "rival-1"), 404).body("type", equalTo(notFoundType()));
        // A repeat of an eventId the owner stored does not reveal it either.
        event(tn, Tokens.carrier(ACME), "acme-1").then().statusCode(WRITTEN);
        expectProblem(event(tn, Tokens.carrier(RIVAL), "acme-1"), 404);

        assertEquals(rows + 2, ShipmentApiTest.rows(tn), "only the owner's event and its marker were written");
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).body("lastEvent.eventId",
                equalTo("acme-1"));
    }

    @Test
    void theOwnerMayReplaceAndAddEvents() {
        String tn = registered(ACME);
        put(tn, Tokens.carrier(ACME), "Paris, FR").then().statusCode(200).body("destination", equalTo("Paris, FR"));
        event(tn, Tokens.carrier(ACME), "own-1").then().statusCode(WRITTEN);
    }

    @Test
    void opsMayActOnAnyShipmentAndTheOwnerStays() {
        String tn = registered(ACME);
        put(tn, Tokens.ops(), "Paris, FR").then().statusCode(200).body("owner", equalTo(ACME));
        event(tn, Tokens.ops(), "ops-1").then().statusCode(WRITTEN);
        assertEquals(ACME, summary(tn).getProperty("Owner"));
        assertEquals("Paris, FR", summary(tn).getProperty("Destination"));
    }

    @Test
    void aShipmentWithoutAnOwnerCanBeChangedByOpsOnly() {
        String tn = Fixtures.trackingNumber();
        TableClient shipments = TestStack.directTables().getTableClient(TableKeys.SHIPMENTS);
        // A row written before owners were stored.
        shipments.createEntity(new TableEntity(tn, TableKeys.SUMMARY_ROW).addProperty("Status", "CREATED")
                .addProperty("Origin", "Rotterdam, NL").addProperty("Destination", "Lyon, FR")
                .addProperty("Carrier", "acme"));
        expectProblem(put(tn, Tokens.carrier(ACME), "Paris, FR"), 404);
        expectProblem(event(tn, Tokens.carrier(ACME), "legacy-1"), 404);
        event(tn, Tokens.ops(), "legacy-1").then().statusCode(WRITTEN);
    }

    private static String notFoundType() {
        // The problem type of a shipment that does not exist at all.
        return expectProblem(event(Fixtures.trackingNumber(), Tokens.carrier(RIVAL), "x-1"), 404).extract()
                .path("type");
    }

    private static String registered(String carrier) {
        String tn = Fixtures.trackingNumber();
        put(tn, Tokens.carrier(carrier), "Lyon, FR").then().statusCode(WRITTEN);
        return tn;
    }

    private static TableEntity summary(String tn) {
        return TestStack.directTables().getTableClient(TableKeys.SHIPMENTS).getEntity(tn, TableKeys.SUMMARY_ROW);
    }

    static Response put(String tn, String token, String destination) {
        return untilAnswered(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"origin\":\"Rotterdam, NL\",\"destination\":\"" + destination
                        + "\",\"promisedBy\":\"2026-12-01T12:00:00Z\",\"carrier\":\"acme\"}")
                .put("/api/v1/shipments/{tn}", tn));
    }

    static Response event(String tn, String token, String eventId) {
        return untilAnswered(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Fixtures.eventJson(eventId, "IN_TRANSIT", "2026-11-20T10:00:00Z"))
                .post("/api/v1/shipments/{tn}/events", tn));
    }

    /**
     * Sends a request again while it answers 503 (the primary's timeout on a loaded 2-core machine), as a client
     * would. A write whose first try was applied before the 503 answers its repeat as such (200), which is why the
     * successful writes below accept 200 or 201.
     */
    private static Response untilAnswered(Supplier<Response> request) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = request.get();
            return last[0].statusCode() != 503;
        });
        return last[0];
    }
}
