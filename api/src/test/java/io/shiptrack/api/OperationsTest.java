package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shiptrack.api.cache.RedisGateway;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Health with each breaker's state, Prometheus metrics, and an OpenAPI document that matches docs/api.md. */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class OperationsTest extends FaultTestBase {

    @Test
    void readinessNamesEachBreakerOnceTheTableClientsAreWarm() {
        // Unready until the start-up reads have warmed the table clients (a few rounds in tests).
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'read-path' }.data.primary-tables", equalTo("CLOSED"))
                .body("checks.find { it.name == 'read-path' }.data.secondary-tables", equalTo("CLOSED"))
                .body("checks.find { it.name == 'read-path' }.data.redis", equalTo("CLOSED"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void readinessStaysUpWhileRedisIsDown() {
        TestStack.redis().kill();
        // Reads of shipments no cache holds ask Redis first, fail there, until its breaker opens (the storage
        // endpoints answer them). FaultTestBase restarts Redis and closes the breaker after the test.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            given().get("/api/v1/shipments/{tn}", Fixtures.storedShipment(null)).then().statusCode(200);
            return breakers.currentState(RedisGateway.BREAKER) == CircuitBreakerState.OPEN;
        });
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'read-path' }.data.redis", equalTo("OPEN"));
    }

    @Test
    void metricsCountReadsBySourceCacheHitsAndBreakerStates() {
        given().get("/api/v1/shipments/{tn}", Fixtures.registeredShipment(null)).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("shiptrack_reads_total{source=\"cache\"}"))
                .body(containsString("shiptrack_cache_lookups_total{result=\"hit\"}"))
                // SmallRye Fault Tolerance's own gauge, one series per breaker method and state (1: the current one).
                .body(containsString(
                        "ft_circuitbreaker_state_current{method=\"io.shiptrack.api.storage.PrimaryTablesGateway"));
    }

    @Test
    void openApiDescribesTheContract() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        JsonPath json = new JsonPath(doc);
        assertNotNull(json.get("paths.'/api/v1/shipments/{trackingNumber}'.get"));
        assertNotNull(json.get("paths.'/api/v1/shipments/{trackingNumber}'.put"));
        assertNotNull(json.get("paths.'/api/v1/shipments/{trackingNumber}/events'.get"));
        assertNotNull(json.get("paths.'/api/v1/shipments/{trackingNumber}/events'.post"));
        assertNotNull(json.get("paths.'/api/v1/me/shipments'.get"));
        assertNull(json.get("paths.'/bench/constant'"));
        Map<String, Object> responses = json.getMap("paths.'/api/v1/shipments/{trackingNumber}'.get.responses");
        assertTrue(responses.keySet().containsAll(List.of("200", "400", "404", "503")), responses.keySet()::toString);
    }
}
