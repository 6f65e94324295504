package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static io.shiptrack.api.support.Fixtures.postEvent;
import static io.shiptrack.api.support.Fixtures.putShipment;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.ServerTimes;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.localstack.FaultShape;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Reads and writes with Redis stopped, both table endpoints failing, or the primary failing under writes. */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class DegradedTest extends FaultTestBase {

    /**
     * Answered by a table endpoint, not the cache. On a loaded machine a healthy primary read can outlast the test
     * profile's 250 ms hedge delay and the secondary answer first; these tests are about Redis, not about which
     * endpoint wins.
     */
    private static final Matcher<String> STORAGE = oneOf("primary", "secondary");

    @Test
    void redisStoppedReadsStillAnswer() {
        String tn = Fixtures.storedShipment(null);
        TestStack.redis().kill();
        for (int i = 0; i < 10; i++) {
            given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).header("X-Read-Source", STORAGE)
                    .body("trackingNumber", equalTo(tn));
        }
        // Writes go on too: the cache refresh after them is skipped, not fatal.
        putShipment(Fixtures.trackingNumber(), null).then().statusCode(201);
    }

    @Test
    void redisBackAfterOutageIsUsedAgain() {
        String tn = Fixtures.storedShipment(null);
        TestStack.redis().kill();
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).header("X-Read-Source", STORAGE);
        TestStack.redis().restart();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "cache".equals(given().get("/api/v1/shipments/{tn}", tn).header("X-Read-Source")));
    }

    @Test
    void bothEndpointsFailingAnswersTheCachedCopyAsStale() {
        String tn = Fixtures.storedShipment(null);
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).header("X-Read-Source", STORAGE);
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.secondaryProxy());
        // While the copy is fresh it is a plain cache hit; once stale, storage is asked, fails, and the copy is
        // answered as stale-cache with its age.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> "stale-cache".equals(given().get("/api/v1/shipments/{tn}", tn).header("X-Read-Source")));
        given().get("/api/v1/shipments/{tn}", tn).then().statusCode(200).header("X-Read-Source", "stale-cache")
                .header("Age", notNullValue()).body("trackingNumber", equalTo(tn));
    }

    @Test
    void nothingCachedAndBothEndpointsHangingIs503WithRetryAfterWithinTwoSeconds() {
        FaultShape.HANG.apply(TestStack.primaryProxy());
        FaultShape.HANG.apply(TestStack.secondaryProxy());
        // Timed by the API's own request timer: the primary's 1.5 s timeout bounds the wait, hedged to the
        // secondary (0.8 s) meanwhile; a client clock would add the loaded machine's scheduling to it.
        ServerTimes.Timed read = ServerTimes.time("GET", "/api/v1/shipments/{trackingNumber}",
                () -> given().get("/api/v1/shipments/{tn}", Fixtures.trackingNumber()));
        read.response().then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("status", equalTo(503));
        assertTrue(read.took().compareTo(Duration.ofSeconds(2)) < 0, "503 took " + read.took().toMillis()
                + " ms in the API");
    }

    @Test
    void writeWhilePrimaryBreakerIsOpenIs503AtOnceAndWritesNothing() {
        String existing = Fixtures.storedShipment(null);
        FaultShape.STATUS_503_JSON_NO_HEADER.apply(TestStack.primaryProxy());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            given().get("/api/v1/shipments/{tn}", Fixtures.storedShipment(null)).then().statusCode(200);
            return breakers.currentState(PrimaryTablesGateway.BREAKER) == CircuitBreakerState.OPEN;
        });
        String fresh = Fixtures.trackingNumber();
        putShipment(fresh, "member-w").then().statusCode(503).header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        postEvent(existing, "ev-w", "DELIVERED", "2026-11-20T08:00:00Z").then().statusCode(503)
                .header("Retry-After", notNullValue());
        assertEquals(0, ShipmentApiTest.rows(fresh));
        assertEquals(0, ShipmentApiTest.eventRows(existing));
        assertEquals(0, ShipmentApiTest.memberRows("member-w"));
    }

    @Test
    void writeWhilePrimaryFailsBeforeBreakerOpensIs503AndWritesNothing() {
        String existing = Fixtures.storedShipment(null);
        FaultShape.RESET.apply(TestStack.primaryProxy());
        postEvent(existing, "ev-r", "DELIVERED", "2026-11-20T08:00:00Z").then().statusCode(503)
                .header("Retry-After", notNullValue());
        assertEquals(0, ShipmentApiTest.eventRows(existing));
        TestStack.primaryProxy().heal();
        // The same event, retried by the carrier once the primary is back, is recorded exactly once. The carrier
        // retries a 503 as its Retry-After says: right after the resets, a pooled connection the proxy reset can
        // still fail one more try.
        breakers.resetAll();
        Response[] retried = new Response[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            retried[0] = postEvent(existing, "ev-r", "DELIVERED", "2026-11-20T08:00:00Z");
            return retried[0].statusCode() != 503;
        });
        retried[0].then().statusCode(201);
        postEvent(existing, "ev-r", "DELIVERED", "2026-11-20T08:00:00Z").then().statusCode(200);
        assertEquals(1, ShipmentApiTest.eventRows(existing));
    }
}
