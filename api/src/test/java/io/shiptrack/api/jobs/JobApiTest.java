package io.shiptrack.api.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.PeekedMessageItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.FaultTestBase;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.store.JobEntities;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.MemberStatsEntities;
import io.shiptrack.store.ODataFilters;

/** POST and GET /jobs and GET /me/stats against real Azurite (tables, and the queue behind its fault proxy). */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class JobApiTest extends FaultTestBase {

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private static String member() {
        return "jm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Posts a job. A 503 (the primary's breaker or timeout on a loaded machine) is retried with the same key, as a
     * client would: that is what the key makes safe.
     */
    private static Response submit(String token, String key, String body) {
        return submit(() -> given(), token, key, body);
    }

    /** A submission whose body breaks the OpenAPI document on purpose: only the answer is checked against it. */
    private static Response submitInvalid(String token, String key, String body) {
        return submit(() -> given().filter(Contract.BAD_REQUEST), token, key, body);
    }

    private static Response submit(Supplier<RequestSpecification> request, String token, String key, String body) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = request.get().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body).post("/api/v1/jobs");
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    private static final String STATS = "{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{}}";

    private static String importBody(int events, String tn) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            items.add("{\"trackingNumber\":\"" + tn + "\",\"eventId\":\"ev-" + i
                    + "\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"location\":\"Hub\"}");
        }
        return "{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[" + String.join(",", items) + "]}}";
    }

    private static QueueClient queue() {
        return queue(TestStack.QUEUE);
    }

    private static QueueClient queue(String name) {
        return new QueueClientBuilder().connectionString(TestStack.connectionString())
                .queueName(name).messageEncoding(QueueMessageEncoding.BASE64).buildClient();
    }

    private static List<String> peek(String queueName) {
        List<String> bodies = new ArrayList<>();
        for (PeekedMessageItem item : queue(queueName).peekMessages(32, null, null)) {
            bodies.add(item.getBody().toString());
        }
        // A peek shows the 32 oldest messages at most: a full one could hide the message looked for.
        assertTrue(bodies.size() < 32, queueName + " holds too many messages to see all of them");
        return bodies;
    }

    @Inject
    JobCounts jobCounts;

    @Test
    void jobCountsByStatusMatchTheJobRowsAndAreInTheMetrics() {
        submit(Tokens.member(member()), key(), STATS).then().statusCode(202);
        submit(Tokens.member(member()), key(), STATS).then().statusCode(202);
        // Some jobs of other tests may still be written while this one counts: count until two scans agree.
        Map<JobStatus, Long> counted = new EnumMap<>(JobStatus.class);
        Map<JobStatus, Long> direct = new EnumMap<>(JobStatus.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            counted.clear();
            counted.putAll(jobCounts.countNow());
            direct.clear();
            TestStack.directTables().getTableClient(TableKeys.JOBS)
                    .listEntities(new ListEntitiesOptions().setFilter(ODataFilters.eq("RowKey", JobEntities.JOB_ROW)),
                            Duration.ofSeconds(10), null)
                    .forEach(row -> direct.merge(JobStatus.valueOf((String) row.getProperty("Status")), 1L,
                            Long::sum));
            return counted.equals(direct);
        });
        assertTrue(counted.getOrDefault(JobStatus.QUEUED, 0L) >= 2, "counted: " + counted);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (JobStatus status : JobStatus.values()) {
            assertTrue(metrics.contains("shiptrack_jobs{status=\"" + status + "\"} "
                    + counted.getOrDefault(status, 0L) + ".0"), status + " in the metrics, counted " + counted);
        }
    }

    @Test
    void memberSubmitsItsStatsJobWhichIsQueuedAsABase64Message() {
        // Nothing consumes these queues in the API tests: emptied first, the queue holds this test's message only.
        queue().clearMessages();
        String member = member();
        String jobId = submit(Tokens.member(member), key(), STATS).then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/")).body("status", equalTo("QUEUED"))
                .body("type", equalTo("RECOMPUTE_MEMBER_STATS")).extract().path("jobId");
        given().auth().oauth2(Tokens.member(member)).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("jobId", equalTo(jobId)).body("status", equalTo("QUEUED"))
                .body("progress.processed", equalTo(0)).body("attempts", equalTo(0));
        List<String> bodies = peek(TestStack.QUEUE);
        assertTrue(bodies.contains("{\"jobId\":\"" + jobId + "\",\"type\":\"RECOMPUTE_MEMBER_STATS\"}"),
                "queued: " + bodies);
    }

    @Test
    void warmCacheIsQueuedForItsRegionOnlyAndAnUnknownRegionIs400() {
        String westQueue = JobQueues.forRegion(TestStack.QUEUE, TestStack.OTHER_REGION);
        String hereQueue = JobQueues.forRegion(TestStack.QUEUE, TestStack.REGION);
        // Nothing consumes these queues in the API tests: emptied first, they hold this test's messages only.
        for (String name : List.of(TestStack.QUEUE, westQueue, hereQueue)) {
            queue(name).clearMessages();
        }
        String west = submit(Tokens.ops(), key(), "{\"type\":\"WARM_CACHE\",\"parameters\":{\"region\":\"west\"}}")
                .then().statusCode(202).body("region", equalTo("west")).extract().path("jobId");
        // No region named: the region of the API that accepted it.
        String here = submit(Tokens.ops(), key(), "{\"type\":\"WARM_CACHE\"}").then().statusCode(202)
                .body("region", equalTo(TestStack.REGION)).extract().path("jobId");
        assertTrue(peek(westQueue).contains("{\"jobId\":\"" + west + "\",\"region\":\"west\",\"type\":\"WARM_CACHE\"}"),
                "west's queue: " + peek(westQueue));
        assertTrue(peek(hereQueue).stream().anyMatch(body -> body.contains(here)), "east's queue: " + peek(hereQueue));
        for (String shared : peek(TestStack.QUEUE)) {
            assertFalse(shared.contains(west) || shared.contains(here), "on the shared queue: " + shared);
        }
        assertFalse(peek(hereQueue).stream().anyMatch(body -> body.contains(west)), "west's job on east's queue");
        submit(Tokens.ops(), key(), "{\"type\":\"WARM_CACHE\",\"parameters\":{\"region\":\"north\"}}").then()
                .statusCode(400).body("errors[0].field", equalTo("parameters.region"));
        submit(Tokens.ops(), key(), "{\"type\":\"WARM_CACHE\",\"parameters\":{\"region\":\"West Coast\"}}").then()
                .statusCode(400).body("errors[0].field", equalTo("parameters.region"));
    }

    @Test
    void sameKeySameBodyIsTheSameJobAndAnotherBodyIs422() {
        String member = member();
        String key = key();
        String first = submit(Tokens.member(member), key, STATS).then().statusCode(202).extract().path("jobId");
        String again = submit(Tokens.member(member), key,
                "{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"" + member + "\"}}").then()
                .statusCode(202).header("Location", endsWith("/api/v1/jobs/" + first)).extract().path("jobId");
        assertEquals(first, again, "an omitted memberId means the caller: the same request");
        submit(Tokens.ops(), key, "{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":5}}").then().statusCode(202);
        submit(Tokens.ops(), key, "{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":6}}").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void idempotencyKeyIsRequired() {
        given().filter(Contract.BAD_REQUEST).auth().oauth2(Tokens.member(member())).contentType(ContentType.JSON)
                .body(STATS).post("/api/v1/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void roleRules() {
        String member = member();
        submit(Tokens.member(member), key(), importBody(1, "TN12345678")).then().statusCode(403);
        submit(Tokens.member(member), key(),
                "{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"someone-else\"}}").then()
                .statusCode(403);
        submit(Tokens.carrier(), key(), STATS).then().statusCode(403);
        submit(Tokens.carrier(), key(), "{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30}}").then()
                .statusCode(403);
        submit(Tokens.ops(), key(), "{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30}}").then()
                .statusCode(202);
        submitInvalid(Tokens.ops(), key(), "{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":0}}").then()
                .statusCode(400).body("errors.field", hasItem("parameters.olderThanDays"));
        given().auth().oauth2(Tokens.member(member)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(STATS).post("/api/v1/jobs").then().statusCode(202);
        given().filter(Contract.BAD_REQUEST).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(STATS)
                .post("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void anotherMembersJobIs404AndOpsSeesIt() {
        String jobId = submit(Tokens.member(member()), key(), STATS).then().statusCode(202).extract().path("jobId");
        given().auth().oauth2(Tokens.member(member())).get("/api/v1/jobs/{id}", jobId).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.ops()).get("/api/v1/jobs/{id}", jobId).then().statusCode(200);
        given().auth().oauth2(Tokens.ops()).get("/api/v1/jobs/{id}", "not-a-job").then().statusCode(404);
    }

    @Test
    void carrierImportIsStagedInChunkRowsAndAnInvalidEventNamesItsIndex() {
        int events = 2 * EventChunks.MAX_EVENTS + 200;
        String jobId = submit(Tokens.carrier(), key(), importBody(events, "TN12345678")).then().statusCode(202)
                .body("progress.total", equalTo(events)).extract().path("jobId");
        TableClient jobs = TestStack.directTables().getTableClient(TableKeys.JOBS);
        assertEquals(3, jobs.getEntity(jobId, JobEntities.JOB_ROW).getProperty("InputChunks"));
        for (int chunk = 0; chunk < 3; chunk++) {
            jobs.getEntity(jobId, JobEntities.inputRowKey(chunk));
        }
        String bad = importBody(3, "TN12345678").replace("\"eventId\":\"ev-2\"", "\"eventId\":\"bad id!\"");
        submitInvalid(Tokens.carrier(), key(), bad).then().statusCode(400)
                .body("errors.field", hasItem("parameters.events[2].eventId"));
    }

    /**
     * The queue endpoint fails for real behind its proxy (the API's queue client points at it): the real gateway
     * tries, its SDK retries and times out as configured (two tries of 1 s in the test profile bound the wait), and
     * the job is accepted, its row left ACCEPTED for the worker's sweeper to enqueue.
     */
    @ParameterizedTest
    @EnumSource(value = FaultShape.class, names = {"STATUS_503_JSON_NO_HEADER", "RESET", "HANG"})
    void queueUnavailableAtSubmissionLeavesTheJobAcceptedForTheSweeper(FaultShape fault) {
        queue().clearMessages();
        Supplier<List<String>> sends = TestStack.queueProxy().recordRequests("POST",
                "/" + TestStack.QUEUE + "/messages");
        fault.apply(TestStack.queueProxy());
        String member = member();
        String jobId = submit(Tokens.member(member), key(), STATS).then().statusCode(202)
                .body("status", equalTo("ACCEPTED")).extract().path("jobId");
        assertFalse(sends.get().isEmpty(), "the submission tried the queue through its proxy");
        TestStack.healAll();
        given().auth().oauth2(Tokens.member(member)).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        assertEquals("ACCEPTED", TestStack.directTables().getTableClient(TableKeys.JOBS)
                .getEntity(jobId, JobEntities.JOB_ROW).getProperty("Status"), "the stored row, for the sweeper");
        if (fault != FaultShape.HANG) {
            // A hung send is passed on to Azurite before the proxy holds its answer back, so its message may land
            // after the API gave up: the sweeper's re-send and the worker's lease make that second message harmless.
            assertFalse(peek(TestStack.QUEUE).stream().anyMatch(body -> body.contains(jobId)),
                    "no message was queued: " + peek(TestStack.QUEUE));
        }
    }

    @Test
    void statsAre404UntilComputedThenShown() {
        String member = member();
        given().auth().oauth2(Tokens.member(member)).get("/api/v1/me/stats").then().statusCode(404)
                .contentType("application/problem+json");
        TestStack.directTables().getTableClient(TableKeys.MEMBER_STATS).upsertEntity(
                MemberStatsEntities.toEntity(new MemberStats(member, 3, 1, 7_200_000,
                        Instant.parse("2026-05-01T00:00:00Z"), "ab".repeat(16))));
        given().auth().oauth2(Tokens.member(member)).get("/api/v1/me/stats").then().statusCode(200)
                .body("onTimeCount", equalTo(3)).body("lateCount", equalTo(1))
                .body("onTimeRatio", equalTo(0.75f)).body("averageDelayHours", equalTo(2.0f))
                .body("computedAt", equalTo("2026-05-01T00:00:00Z"));
    }

    @Test
    void beyondTheUnfinishedJobsLimitANewJobIs429WithRetryAfterUntilOneFinishes() {
        String member = member();
        String token = Tokens.member(member);
        List<String> keys = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(key());
            jobIds.add(submit(token, keys.get(i), STATS).then().statusCode(202).extract().path("jobId"));
        }
        submit(token, key(), STATS).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "60").body("type", equalTo("urn:shiptrack:problem:too-many-jobs"));
        // A repeat of a job it has is not a new job.
        submit(token, keys.get(3), STATS).then().statusCode(202).body("jobId", equalTo(jobIds.get(3)));
        // Another submitter is not affected.
        submit(Tokens.member(member()), key(), STATS).then().statusCode(202);

        // The worker finishes one: there is room for one more, and only one.
        JobStore store = new JobStore(TestStack.directTables().getTableClient(TableKeys.JOBS), Duration.ofSeconds(10));
        JobRecord job = store.find(jobIds.get(0)).orElseThrow();
        store.replace(job.released(JobStatus.SUCCEEDED, null, Instant.now()));
        submit(token, key(), STATS).then().statusCode(202);
        submit(token, key(), STATS).then().statusCode(429);
    }
}
