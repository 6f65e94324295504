package io.shiptrack.api.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.client.ApiClient;
import io.shiptrack.client.ApiException;
import io.shiptrack.client.ApiResponse;
import io.shiptrack.client.api.JobsApi;
import io.shiptrack.client.api.MembersApi;
import io.shiptrack.client.api.ShipmentsApi;
import io.shiptrack.client.model.EventRequest;
import io.shiptrack.client.model.JobParameters;
import io.shiptrack.client.model.JobRequest;
import io.shiptrack.client.model.JobStatus;
import io.shiptrack.client.model.JobType;
import io.shiptrack.client.model.JobView;
import io.shiptrack.client.model.MemberShipmentPage;
import io.shiptrack.client.model.Problem;
import io.shiptrack.client.model.Shipment;
import io.shiptrack.client.model.ShipmentRequest;
import io.shiptrack.client.model.ShipmentStatus;
import io.shiptrack.client.model.ShipmentView;
import io.shiptrack.client.model.StatsView;
import io.shiptrack.client.model.TrackingEvent;
import io.shiptrack.client.model.TrackingEventPage;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.store.MemberStatsEntities;

/**
 * The main flows through a client generated from docs/openapi.json by openapi-generator (Java, native HTTP client),
 * as a mobile team would generate theirs: the client must decode every answer, nulls included.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class ClientFlowsTest extends FaultTestBase {

    @TestHTTPResource("/")
    URL base;

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    /**
     * A write as an app makes it: a 503 (the primary's breaker or its timeout on a loaded machine) is tried again
     * after a pause, which is what Retry-After asks for; PUT and a posted eventId are idempotent.
     */
    private <T> T write(Callable<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        retried = false;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                result.set(call.call());
                return true;
            } catch (ApiException e) {
                if (e.getCode() == 503) {
                    retried = true;
                    return false;
                }
                throw e;
            }
        });
        return result.get();
    }

    /** Whether the last {@link #write} met a 503 first (then its first try may have been applied: 200, not 201). */
    private boolean retried;

    private void assertCreated(ApiResponse<?> response) {
        assertTrue(response.getStatusCode() == 201 || retried && response.getStatusCode() == 200,
                "status " + response.getStatusCode() + (retried ? " after a 503" : ""));
    }

    private static ShipmentRequest shipment(String memberId) {
        return new ShipmentRequest().origin("Rotterdam, NL").destination("Lyon, FR")
                .promisedBy(OffsetDateTime.parse("2026-12-01T12:00:00Z")).memberId(memberId).carrier("acme");
    }

    @Test
    void carrierWritesThenAnyoneLooksUpAndPagesEvents() throws Exception {
        ShipmentsApi carrier = new ShipmentsApi(client(Tokens.carrier()));
        ShipmentsApi anyone = new ShipmentsApi(client(null));
        String tn = Fixtures.trackingNumber();

        ApiResponse<Shipment> created = write(() -> carrier.putShipmentWithHttpInfo(tn, shipment(null)));
        assertCreated(created);
        if (created.getStatusCode() == 201) {
            assertTrue(created.getHeaders().get("Location").get(0).endsWith("/api/v1/shipments/" + tn));
        }
        assertNull(created.getData().getDeliveredAt());
        assertNull(created.getData().getLastEvent());
        assertNull(created.getData().getMemberId());
        assertEquals(200, write(() -> carrier.putShipmentWithHttpInfo(tn, shipment(null))).getStatusCode());

        // The first look-up of a new shipment: deliveredAt and lastEvent are null, and the client decodes them.
        ApiResponse<ShipmentView> fresh = anyone.getShipmentWithHttpInfo(tn, null);
        assertEquals(ShipmentStatus.CREATED, fresh.getData().getStatus());
        assertNull(fresh.getData().getLastEvent());
        assertNull(fresh.getData().getDeliveredAt());
        assertFalse(fresh.getHeaders().get("X-Read-Source").isEmpty());

        for (int i = 1; i <= 5; i++) {
            EventRequest event = new EventRequest().eventId("c-" + i)
                    .type(i == 5 ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT)
                    .occurredAt(OffsetDateTime.parse("2026-11-1" + i + "T10:00:00Z"))
                    .location(i == 1 ? null : "Hub " + i);
            ApiResponse<TrackingEvent> posted = write(() -> carrier.addShipmentEventWithHttpInfo(tn, event));
            assertCreated(posted);
            assertNull(posted.getData().getNote());
        }
        ApiResponse<TrackingEvent> repeat = write(() -> carrier.addShipmentEventWithHttpInfo(tn, new EventRequest()
                .eventId("c-1").type(ShipmentStatus.RETURNED)
                .occurredAt(OffsetDateTime.parse("2026-11-30T10:00:00Z"))));
        assertEquals(200, repeat.getStatusCode());
        assertEquals(ShipmentStatus.IN_TRANSIT, repeat.getData().getType());

        ApiResponse<ShipmentView> deliveredAnswer = anyone.getShipmentWithHttpInfo(tn, null);
        ShipmentView delivered = deliveredAnswer.getData();
        assertEquals(ShipmentStatus.DELIVERED, delivered.getStatus());
        // A poll that sends back the tag: 304, which the generated client reports as an exception of that code.
        String tag = deliveredAnswer.getHeaders().get("ETag").get(0);
        ApiException notModified = assertThrows(ApiException.class, () -> anyone.getShipment(tn, tag));
        assertEquals(304, notModified.getCode());
        assertEquals(tag, notModified.getResponseHeaders().firstValue("ETag").orElseThrow());
        assertEquals(OffsetDateTime.parse("2026-11-15T10:00:00Z").toInstant(), delivered.getDeliveredAt().toInstant());
        assertEquals("c-5", delivered.getLastEvent().getEventId());

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            TrackingEventPage page = anyone.listShipmentEvents(tn, cursor, 2, null);
            page.getItems().forEach(event -> ids.add(event.getEventId()));
            cursor = page.getNextCursor();
        } while (cursor != null);
        assertEquals(List.of("c-5", "c-4", "c-3", "c-2", "c-1"), ids);
    }

    @Test
    void memberListsItsShipmentsAndSeesItsStatsOnceComputed() throws Exception {
        String member = "cm-" + UUID.randomUUID().toString().substring(0, 8);
        ShipmentsApi carrier = new ShipmentsApi(client(Tokens.carrier()));
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String tn = Fixtures.trackingNumber();
            write(() -> carrier.putShipment(tn, shipment(member)));
            mine.add(tn);
        }
        mine.sort(String::compareTo);
        MembersApi members = new MembersApi(client(Tokens.member(member)));
        MemberShipmentPage first = members.listMyShipments(null, 2);
        assertEquals(mine.subList(0, 2), first.getItems().stream().map(s -> s.getTrackingNumber()).toList());
        assertNull(first.getItems().get(0).getDeliveredAt());
        MemberShipmentPage last = members.listMyShipments(first.getNextCursor(), 2);
        assertEquals(List.of(mine.get(2)), last.getItems().stream().map(s -> s.getTrackingNumber()).toList());
        assertNull(last.getNextCursor());

        ApiException never = assertThrows(ApiException.class, members::getMyStats);
        assertEquals(404, never.getCode());
        assertEquals(404, problem(never).getStatus());

        // The stats job, from submission on: the API test stack has no worker, so it stays QUEUED here, and the
        // worker's result (a member-stats row) is written the way the worker writes it.
        JobsApi jobs = new JobsApi(client(Tokens.member(member)));
        String key = "client-" + UUID.randomUUID();
        JobRequest request = new JobRequest().type(JobType.RECOMPUTE_MEMBER_STATS).parameters(new JobParameters());
        ApiResponse<JobView> submitted = write(() -> jobs.submitJobWithHttpInfo(key, request));
        assertEquals(202, submitted.getStatusCode());
        JobView job = submitted.getData();
        assertEquals(JobStatus.QUEUED, job.getStatus());
        assertNull(job.getError());
        assertTrue(submitted.getHeaders().get("Location").get(0).endsWith("/api/v1/jobs/" + job.getJobId()));
        assertEquals(job.getJobId(), write(() -> jobs.submitJob(key, request)).getJobId(),
                "same key and body: the same job");
        JobView followed = jobs.getJob(job.getJobId());
        assertEquals(JobType.RECOMPUTE_MEMBER_STATS, followed.getType());
        assertNotNull(followed.getProgress());

        TestStack.directTables().getTableClient(TableKeys.MEMBER_STATS).upsertEntity(
                MemberStatsEntities.toEntity(
                        new MemberStats(member, 0, 0, 0, Instant.parse("2026-05-01T00:00:00Z"), job.getJobId())));
        StatsView nothingDelivered = members.getMyStats();
        assertEquals(0L, nothingDelivered.getOnTimeCount());
        assertNull(nothingDelivered.getOnTimeRatio());
        assertNull(nothingDelivered.getAverageDelayHours());
        TestStack.directTables().getTableClient(TableKeys.MEMBER_STATS).upsertEntity(
                MemberStatsEntities.toEntity(new MemberStats(member, 3, 1, 7_200_000,
                        Instant.parse("2026-05-02T00:00:00Z"), job.getJobId())));
        StatsView stats = members.getMyStats();
        assertEquals(0.75, stats.getOnTimeRatio());
        assertEquals(2.0, stats.getAverageDelayHours());
    }

    @Test
    void outagesAre503WithRetryAfterAndAProblem() throws Exception {
        ShipmentsApi anyone = new ShipmentsApi(client(null));
        FaultShape.HANG.apply(TestStack.primaryProxy());
        FaultShape.HANG.apply(TestStack.secondaryProxy());
        ApiException read = assertThrows(ApiException.class, () -> anyone.getShipment(Fixtures.trackingNumber(), null));
        assertEquals(503, read.getCode());
        assertTrue(Integer.parseInt(read.getResponseHeaders().firstValue("Retry-After").orElseThrow()) >= 0);
        assertEquals(503, problem(read).getStatus());

        TestStack.healAll();
        breakers.resetAll();
        FaultShape.RESET.apply(TestStack.primaryProxy());
        ShipmentsApi carrier = new ShipmentsApi(client(Tokens.carrier()));
        ApiException write = assertThrows(ApiException.class,
                () -> carrier.putShipment(Fixtures.trackingNumber(), shipment(null)));
        assertEquals(503, write.getCode());
        assertTrue(write.getResponseHeaders().firstValue("Retry-After").isPresent());
        assertEquals("urn:shiptrack:problem:unavailable", problem(write).getType());
    }

    private Problem problem(ApiException e) throws Exception {
        return new ApiClient().getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }
}
