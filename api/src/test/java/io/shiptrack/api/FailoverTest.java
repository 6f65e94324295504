package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.FaultShape;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Reads while the primary table endpoint fails for real behind a fault-injecting proxy. */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class FailoverTest extends FaultTestBase {

    @ParameterizedTest
    @EnumSource(value = FaultShape.class, names = {"STATUS_503_JSON_NO_HEADER", "RESET", "HANG"})
    void readsAnswerFromSecondaryAndPrimaryBreakerOpens(FaultShape fault) {
        String first = Fixtures.storedShipment(null);
        fault.apply(TestStack.primaryProxy());

        readFromSecondary(first);
        // Keep reading (new shipments, so the cache cannot answer) until the breaker has seen enough failures.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            readFromSecondary(Fixtures.storedShipment(null));
            return breakers.currentState(PrimaryTablesGateway.BREAKER) == CircuitBreakerState.OPEN;
        });
        // With the breaker open, reads skip the primary at once.
        readFromSecondary(Fixtures.storedShipment(null));
    }

    @Test
    void readsGoBackToPrimaryAfterRecoveryAndBreakerDelay() {
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            readFromSecondary(Fixtures.storedShipment(null));
            return breakers.currentState(PrimaryTablesGateway.BREAKER) == CircuitBreakerState.OPEN;
        });
        TestStack.primaryProxy().heal();

        // The breaker's delay (1 s in tests) passes, then probes succeed and reads return to the primary.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> "primary"
                .equals(given().get("/api/v1/shipments/{tn}", Fixtures.storedShipment(null)).header("X-Read-Source")));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            given().get("/api/v1/shipments/{tn}", Fixtures.storedShipment(null)).then().statusCode(200);
            return breakers.currentState(PrimaryTablesGateway.BREAKER) == CircuitBreakerState.CLOSED;
        });
    }

    @Test
    void aShipmentWrittenAfterTheSecondarysLastSyncIsMissingThereUntilItReplicates() {
        assumeTrue(TestStack.secondaryIsACopy(), "the secondary is the primary's own storage: never behind");
        TestStack.secondary().pause();
        Instant lastSync = TestStack.secondary().lastSync();
        String tn = Fixtures.storedOnPrimaryOnly(null);
        // Listings of the primary that see it, and must not bring it to the paused copy.
        long listed = TestStack.secondary().listings();
        await().atMost(Duration.ofSeconds(20)).until(() -> TestStack.secondary().listings() >= listed + 2);
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());

        // A 503 is a read that reached neither endpoint (a pooled connection closed under load), not an answer.
        Response missing = await().atMost(Duration.ofSeconds(10)).until(
                () -> given().get("/api/v1/shipments/{tn}", tn), response -> response.statusCode() != 503);
        missing.then().statusCode(404).header("X-Read-Source", "secondary");
        OffsetDateTime reported = OffsetDateTime.parse(missing.header("X-Secondary-Last-Sync"));
        assertFalse(reported.toInstant().isAfter(lastSync), "the API reported a sync time the secondary never had");

        TestStack.secondary().syncNow();
        readFromSecondary(tn);
    }

    @Test
    void notFoundOnSecondarySaysItMayNotHaveReplicated() {
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());
        given().get("/api/v1/shipments/{tn}", Fixtures.trackingNumber()).then().statusCode(404)
                .contentType("application/problem+json").header("X-Read-Source", "secondary")
                .body("detail", containsString("replicated"));
    }

    @Test
    void eventListsAndMemberListsFailOverToo() {
        String member = "fo-" + Fixtures.trackingNumber().toLowerCase();
        String tn = Fixtures.storedShipment(member);
        FaultShape.RESET.apply(TestStack.primaryProxy());
        given().get("/api/v1/shipments/{tn}/events", tn).then().statusCode(200).header("X-Read-Source", "secondary");
        given().auth().oauth2(Tokens.member(member)).get("/api/v1/me/shipments").then()
                .statusCode(200).header("X-Read-Source", "secondary").body("items[0].trackingNumber", equalTo(tn));
    }

    /** How old the secondary's last sync time may be: the API reuses one for 60 s, and a loaded machine is slow. */
    private static final Duration LAST_SYNC_WITHIN = Duration.ofMinutes(5);

    static void readFromSecondary(String trackingNumber) {
        Response response = given().get("/api/v1/shipments/{tn}", trackingNumber);
        response.then().statusCode(200).header("X-Read-Source", "secondary").body("trackingNumber",
                equalTo(trackingNumber)).header("X-Secondary-Last-Sync", notNullValue());
        // Azurite's secondary is in sync: the time it names falls after this test stack started (whole seconds, so
        // one second of slack) and within the last few minutes (the API reuses it for up to 60 s), never the epoch.
        Instant lastSync = OffsetDateTime.parse(response.header("X-Secondary-Last-Sync")).toInstant();
        Instant now = Instant.now();
        Instant notBefore = Collections
                .max(List.of(TestStack.startedAt().minusSeconds(1), now.minus(LAST_SYNC_WITHIN)));
        assertTrue(!lastSync.isBefore(notBefore) && !lastSync.isAfter(now.plusSeconds(1)),
                "last sync " + lastSync + " not between " + notBefore + " and now, " + now);
        assertEquals(null, response.header("Age"));
    }
}
