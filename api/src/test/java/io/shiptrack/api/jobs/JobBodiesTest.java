package io.shiptrack.api.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;

/**
 * The answers to {@code POST /jobs} bodies, bad ones above all, pinned to the letter (status, problem type, every
 * field error): written against the single-record parameters and kept through the sealed one-record-per-type
 * parameters, so that the change of the Java shape changed nothing a client sees but the one case marked below.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class JobBodiesTest {

    private static final String TYPE_REQUIRED = "type: is required: RECOMPUTE_MEMBER_STATS, IMPORT_EVENTS, WARM_CACHE "
            + "or PURGE_DELIVERED";
    private static final String INVALID = "400 invalid-request ";
    private static final String MALFORMED = "400 malformed-body ";
    private static final String WRONG = ": has the wrong type or is malformed";
    private static final String EVENT = "{\"trackingNumber\":\"TN12345678\",\"eventId\":\"ev-1\",\"type\":\"IN_TRANSIT\","
            + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"location\":\"Hub\"}";

    /** The answer as one line: status, problem type (without its URN prefix), then each field error. */
    private static String answer(String token, String body) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = given().filter(Contract.BAD_REQUEST).auth().oauth2(token).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "bodies-" + UUID.randomUUID()).body(body).post("/api/v1/jobs");
            return last[0].statusCode() != 503;
        });
        Response response = last[0];
        if (response.statusCode() < 400) {
            return String.valueOf(response.statusCode());
        }
        StringBuilder line = new StringBuilder().append(response.statusCode()).append(' ')
                .append(response.jsonPath().getString("type").replace("urn:shiptrack:problem:", ""));
        List<Map<String, String>> errors = response.jsonPath().getList("errors");
        for (Map<String, String> error : errors == null ? List.<Map<String, String>>of() : errors) {
            line.append(' ').append(error.get("field")).append(": ").append(error.get("message"));
        }
        return line.toString();
    }

    private static String events(int count, String event) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(event);
        }
        return "{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[" + String.join(",", items) + "]}}";
    }

    @Test
    void badBodiesGetTheSameAnswersAsBefore() {
        String ops = Tokens.ops("ops-bodies-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("{}", INVALID + TYPE_REQUIRED);
        expected.put("{\"type\":null,\"parameters\":{\"limit\":5}}", INVALID + TYPE_REQUIRED);
        expected.put("{\"parameters\":{\"olderThanDays\":30}}", INVALID + TYPE_REQUIRED);
        expected.put("{\"type\":\"NOPE\"}", MALFORMED + "type" + WRONG);
        expected.put("{\"type\":\"NOPE\",\"parameters\":{\"limit\":5}}", MALFORMED + "type" + WRONG);
        expected.put("{\"parameters\":{\"limit\":5},\"type\":\"NOPE\"}", MALFORMED + "type" + WRONG);
        expected.put("{\"type\":42}", MALFORMED + "type" + WRONG);
        expected.put("null", INVALID + "body: is required");
        expected.put("[]", MALFORMED + "body" + WRONG);
        expected.put("{\"type\":\"PURGE_DELIVERED\"}",
                INVALID + "parameters.olderThanDays: is required and must be 1 to 36500");
        expected.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":null}",
                INVALID + "parameters.olderThanDays: is required and must be 1 to 36500");
        expected.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":0}}",
                INVALID + "parameters.olderThanDays: is required and must be 1 to 36500");
        expected.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":\"x\"}}",
                MALFORMED + "parameters.olderThanDays" + WRONG);
        expected.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":\"x\"}", MALFORMED + "parameters" + WRONG);
        expected.put("{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":0,\"region\":\"West!\"}}", INVALID
                + "parameters.limit: must be 1 to 100000"
                + " parameters.region: must be a region name such as east or west");
        expected.put("{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":[1]}}",
                MALFORMED + "parameters.limit" + WRONG);
        expected.put("{\"type\":\"IMPORT_EVENTS\"}", INVALID + "parameters.events: must hold at least one event");
        expected.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":null}}",
                INVALID + "parameters.events: must hold at least one event");
        expected.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[]}}",
                INVALID + "parameters.events: must hold at least one event");
        expected.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[null," + EVENT + "]}}",
                INVALID + "parameters.events[0]: must be an event");
        expected.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[" + EVENT.replace("ev-1", "bad id!")
                + "]}}", INVALID + "parameters.events[0].eventId: must be 1 to 64 letters, digits or . _ : -");
        expected.put(events(100_001, "{}"), INVALID + "parameters.events: must hold at most "
                + "100000 events");
        expected.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":{}}}",
                MALFORMED + "parameters.events" + WRONG);
        expected.put("{\"type\":\"RECOMPUTE_MEMBER_STATS\"}",
                INVALID + "parameters.memberId: is required unless a member asks for itself");
        expected.put("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"a/b\"}}",
                INVALID + "parameters.memberId: must be 1 to 128 letters, digits or . _ @ -");
        // Accepted bodies: parameters after the type, foreign parameters ignored, parameters omitted.
        expected.put("{\"parameters\":{\"olderThanDays\":30},\"type\":\"PURGE_DELIVERED\"}", "202");
        expected.put(
                "{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30,\"limit\":0,\"memberId\":\"a/b\"}}",
                "202");
        expected.put("{\"type\":\"WARM_CACHE\"}", "202");
        // The one answer that changed with the record per type: another type's parameter is ignored whatever its JSON
        // type (the single record of every type's fields read it, and a string limit was 400 malformed-body).
        expected.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30,\"limit\":\"x\"}}", "202");
        expected.put("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"someone\"}}", "202");

        Map<String, String> actual = new LinkedHashMap<>();
        expected.keySet().forEach(body -> actual.put(body, answer(ops, body)));
        assertEquals(shorten(expected), shorten(actual));
    }

    @Test
    void theRoleRulesAnswer403WithTheSameProblem() {
        String member = "jb-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("member:" + "{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[" + EVENT + "]}}",
                "403 forbidden");
        expected.put("member:{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"someone-else\"}}",
                "403 forbidden");
        expected.put("member:{\"type\":\"WARM_CACHE\"}", "403 forbidden");
        expected.put("member:{\"type\":\"RECOMPUTE_MEMBER_STATS\"}", "202");
        expected.put("member:{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"" + member + "\"}}",
                "202");
        expected.put("carrier:{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{}}", "403 forbidden");
        expected.put("carrier:{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30}}", "403 forbidden");
        expected.put("carrier:{\"type\":\"WARM_CACHE\"}", "403 forbidden");
        expected.put("carrier:{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[" + EVENT + "]}}", "202");
        Map<String, String> actual = new LinkedHashMap<>();
        for (String key : expected.keySet()) {
            String role = key.substring(0, key.indexOf(':'));
            String token = role.equals("member") ? Tokens.member(member) : Tokens.carrier("carrier-" + member);
            actual.put(key, answer(token, key.substring(key.indexOf(':') + 1)));
        }
        assertEquals(expected, actual);
    }

    /** Bodies as map keys, long ones cut, so that a failure's message stays readable. */
    private static Map<String, String> shorten(Map<String, String> answers) {
        Map<String, String> shown = new LinkedHashMap<>();
        answers.forEach((body, answer) -> shown.put(body.length() > 200 ? body.substring(0, 200) + "..." : body,
                answer));
        return shown;
    }
}
