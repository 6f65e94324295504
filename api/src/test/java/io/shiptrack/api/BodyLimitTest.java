package io.shiptrack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.ApiProcess;

/**
 * Body limits per route whatever the framing: chunked bodies (no Content-Length, sent by the JDK client from a
 * stream of unknown length) are held to the same limits as declared ones. The test profile sets the job limit to
 * 1 MiB so that going past it stays cheap; shipments keep the 64 KiB of production.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class BodyLimitTest {

    private static final HttpClient HTTP = ApiProcess.HTTP;

    @Test
    void aChunkedShipmentBodyOverItsLimitIs413AndWritesNothing() throws Exception {
        String tn = Fixtures.trackingNumber();
        String huge = "{\"origin\":\"" + "x".repeat(200_000) + "\",\"destination\":\"B\","
                + "\"promisedBy\":\"2026-12-01T00:00:00Z\",\"carrier\":\"acme\"}";
        HttpResponse<String> response = chunked("PUT", "/api/v1/shipments/" + tn, huge, Tokens.carrier(), null);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("body-too-large"), response.body());
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    @Test
    void aChunkedEventBodyOverItsLimitIs413() throws Exception {
        String tn = Fixtures.registeredShipment(null);
        String huge = Fixtures.eventJson("big-1", "IN_TRANSIT", "2026-11-20T10:00:00Z").replace("\"scan\"",
                "\"" + "n".repeat(100_000) + "\"");
        HttpResponse<String> response = chunked("POST", "/api/v1/shipments/" + tn + "/events", huge,
                Tokens.carrier(), null);
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void aSmallChunkedBodyIsRead() throws Exception {
        String tn = Fixtures.trackingNumber();
        HttpResponse<String> response = chunked("PUT", "/api/v1/shipments/" + tn, Fixtures.shipmentJson(null),
                Tokens.carrier(), null);
        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void aChunkedJobBodyMayBeFarLargerThanAShipmentsButNotPastItsOwnLimit() throws Exception {
        // About 300 KiB of events: over the shipment limit, under the (test) job limit. A 503 (the primary's timeout
        // on a loaded machine) is retried with the same key, as a client would.
        String key = UUID.randomUUID().toString();
        String body = importOf(3_000);
        int[] status = new int[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            status[0] = chunked("POST", "/api/v1/jobs", body, Tokens.carrier(), key).statusCode();
            return status[0] != 503;
        });
        assertEquals(202, status[0]);
        // About 1.5 MiB: over the job limit.
        HttpResponse<String> tooLarge = chunked("POST", "/api/v1/jobs", importOf(15_000), Tokens.carrier(),
                UUID.randomUUID().toString());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    }

    private static String importOf(int events) {
        StringBuilder body = new StringBuilder("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[");
        for (int i = 0; i < events; i++) {
            body.append(i == 0 ? "" : ",").append("{\"trackingNumber\":\"TSTLIMIT0000000000000001\",\"eventId\":\"l-")
                    .append(i).append("\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\"2026-11-20T10:00:00Z\","
                            + "\"location\":\"Antwerp, BE\",\"note\":\"scan\"}");
        }
        return body.append("]}}").toString();
    }

    private static HttpResponse<String> chunked(String method, String path, String body, String token,
            String idempotencyKey) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
