package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.ServerTimes;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ODataFilters;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Every shape in which the primary table endpoint fails (error answers of every status with any body, throttling,
 * cut-off and garbage answers, reset, refused, hang, a 300 ms brownout), against cached and uncached reads, writes and
 * job submission: every read is answered, the primary breaker opens for outages and stays closed for throttling and
 * slowness, a write either succeeds or answers 503 with Retry-After, and after the fault a retried write lands
 * exactly once.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class FaultMatrixTest extends FaultTestBase {

    private static final Set<String> STORAGE_SOURCES = Set.of("primary", "secondary");

    @ParameterizedTest
    @EnumSource(FaultShape.class)
    void everyReadIsAnsweredAndWritesAnswerOrSucceed(FaultShape shape) {
        String cached = Fixtures.registeredShipment(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "cache"
                .equals(given().get("/api/v1/shipments/{tn}", cached).header("X-Read-Source")));
        String withEvents = Fixtures.storedShipment(null);
        double hedgesWonBefore = hedgesWon();

        shape.apply(TestStack.primaryProxy());

        given().get("/api/v1/shipments/{tn}", cached).then().statusCode(200).header("X-Read-Source", "cache");
        for (int i = 0; i < 4; i++) {
            readUncached(shape);
        }
        if (shape.kind() == FaultShape.Kind.OUTAGE) {
            // Keep reading (new shipments, past the cache) until the breaker has seen enough failures.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                readUncached(shape);
                return breakers.currentState(PrimaryTablesGateway.BREAKER) == CircuitBreakerState.OPEN;
            });
        } else {
            for (int i = 0; i < 12; i++) {
                readUncached(shape);
            }
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(PrimaryTablesGateway.BREAKER),
                    shape + " must not count as an outage");
        }
        if (shape.kind() == FaultShape.Kind.SLOWNESS) {
            assertTrue(hedgesWon() > hedgesWonBefore, "a late primary's reads were answered by hedges");
        }

        String created = Fixtures.trackingNumber();
        String eventId = "fm-" + UUID.randomUUID();
        String jobKey = UUID.randomUUID().toString();
        List<ServerTimes.Timed> writes = new ArrayList<>();
        writes.add(ServerTimes.time("PUT", "/api/v1/shipments/{trackingNumber}",
                () -> Fixtures.putShipment(created, null)));
        writes.add(ServerTimes.time("POST", "/api/v1/shipments/{trackingNumber}/events",
                () -> Fixtures.postEvent(withEvents, eventId, "IN_TRANSIT", "2026-11-30T10:00:00Z")));
        writes.add(ServerTimes.time("POST", "/api/v1/jobs", () -> submitJob(jobKey)));
        for (ServerTimes.Timed write : writes) {
            assertWrittenOrUnavailable(write, shape);
        }

        TestStack.healAll();
        breakers.resetAll();
        // The carrier's and member's retries land, exactly once whatever the fault left.
        Fixtures.putShipment(created, null).then().statusCode(in(List.of(200, 201)));
        Fixtures.postEvent(withEvents, eventId, "IN_TRANSIT", "2026-11-30T10:00:00Z").then()
                .statusCode(in(List.of(200, 201)));
        submitJob(jobKey).then().statusCode(202);
        assertEquals(1, eventRows(withEvents, eventId), "one event row for the eventId");
        given().get("/api/v1/shipments/{tn}/events", withEvents).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].eventId", equalTo(eventId));
        given().get("/api/v1/shipments/{tn}", created).then().statusCode(200);
    }

    private static void readUncached(FaultShape shape) {
        String tn = Fixtures.storedShipment(null);
        Response response = given().get("/api/v1/shipments/{tn}", tn);
        response.then().statusCode(200).body("trackingNumber", equalTo(tn)).header("X-Read-Source",
                in(STORAGE_SOURCES));
        if (shape.kind() != FaultShape.Kind.SLOWNESS) {
            assertEquals("secondary", response.header("X-Read-Source"), "a failing primary cannot answer");
        }
    }

    private static void assertWrittenOrUnavailable(ServerTimes.Timed timed, FaultShape shape) {
        Response write = timed.response();
        int status = write.statusCode();
        if (status == 503) {
            write.then().contentType("application/problem+json").header("Retry-After", notNullValue());
        } else {
            assertTrue(status == 200 || status == 201 || status == 202, shape + ": a write answered " + status + " "
                    + write.asString());
        }
        // The API's own request timer, not a client clock that a loaded machine stretches.
        assertTrue(timed.took().compareTo(Duration.ofSeconds(2)) < 0,
                shape + ": a write answered within 2 s in the API, took " + timed.took().toMillis() + " ms");
    }

    /** One member per key (per fault shape): no worker finishes these jobs, and a member may have 10 unfinished. */
    private static Response submitJob(String key) {
        return given().auth().oauth2(Tokens.member("fm-" + key.substring(0, 8))).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{}}")
                .post("/api/v1/jobs");
    }

    private static long eventRows(String trackingNumber, String eventId) {
        TableClient shipments = TestStack.directTables().getTableClient(TableKeys.SHIPMENTS);
        String filter = ODataFilters.and(ODataFilters.eq("PartitionKey", trackingNumber),
                ODataFilters.ge("RowKey", TableKeys.EVENT_PREFIX),
                ODataFilters.lt("RowKey", TableKeys.EVENT_PREFIX_END));
        return shipments.listEntities(new ListEntitiesOptions().setFilter(filter), null, null).stream()
                .map(TableEntity::getRowKey).filter(rowKey -> rowKey.endsWith("|" + eventId)).count();
    }

    private static double hedgesWon() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("shiptrack_reads_hedges_total{")
                && line.contains("result=\"won\"")).mapToDouble(line -> Double.parseDouble(
                        line.substring(
                                line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
