package io.shiptrack.api.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobIds;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.OpenJobs;

/**
 * Two submissions racing for a submitter's last unfinished-job place, forced step by step against real Azurite: both
 * decide from the same read of the submitter's open-jobs row, as two API instances would.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class JobLimitRaceTest {

    @Inject
    JobService jobs;

    @Inject
    ShiptrackConfig config;

    @Test
    void twoSubmissionsRacingForTheLastPlaceDoNotBothGetIt() {
        int limit = config.jobs().maxUnfinishedPerSubmitter();
        String member = "race-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.member(member);
        for (int i = 0; i < limit - 1; i++) {
            String key = "key-" + UUID.randomUUID();
            // A 503 (the primary's breaker or timeout on a loaded machine) is retried with the same key.
            await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token)
                    .contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{}}").post("/api/v1/jobs")
                    .statusCode() == 202);
        }
        JobStore store = new JobStore(TestStack.directTables().getTableClient(TableKeys.JOBS), Duration.ofSeconds(10));
        OpenJobs bothRead = store.openJobs(member);
        assertEquals(limit - 1, bothRead.admitted().size(), "one place left");

        String first = JobIds.derive(member, "first-" + UUID.randomUUID());
        String second = JobIds.derive(member, "second-" + UUID.randomUUID());
        assertTrue(jobs.tryAdmit(member, first, bothRead), "the first takes the last place");
        assertFalse(jobs.tryAdmit(member, second, bothRead),
                "the second decided from the same read: its write must lose, not take a place that is gone");
        // Its retry reads again and finds no place: the first's job row does not exist yet, and still counts.
        assertThrows(TooManyJobsException.class, () -> jobs.tryAdmit(member, second, store.openJobs(member)));

        OpenJobs after = store.openJobs(member);
        assertEquals(limit, after.admitted().size());
        assertTrue(after.admitted().containsKey(first));
        assertFalse(after.admitted().containsKey(second));
    }
}
