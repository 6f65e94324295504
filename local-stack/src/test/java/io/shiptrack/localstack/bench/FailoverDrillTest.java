package io.shiptrack.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the drill reads an answer's freshness: the version of its ETag, and whether it went back in time. */
class FailoverDrillTest {

    private static final FailoverDrill.Sample READ = new FailoverDrill.Sample(1000, 5, "read", 200, "west",
            "secondary", false);

    @Test
    void versionsCompareAsNumbersNotAsText() {
        assertTrue(answer(headers("ETag", "\"9\""), 10).wentBack(), "9 after 10 went back");
        assertFalse(answer(headers("ETag", "\"10\""), 9).wentBack(), "10 after 9 is newer");
        assertFalse(answer(headers("ETag", "\"10\""), 10).wentBack(), "the same version again is not older");
        assertEquals(10, FailoverDrill.version(headers("ETag", "\"10\"")));
    }

    @Test
    void anAnswerWithoutAStrongNumericETagHasNoVersionAndIsNotChecked() {
        assertFalse(answer(headers(), 10).wentBack());
        assertEquals(-1, FailoverDrill.version(headers()));
        assertEquals(-1, FailoverDrill.version(headers("ETag", "W/\"3\"")));
        assertEquals(-1, FailoverDrill.version(headers("ETag", "\"abc\"")));
    }

    @Test
    void secondaryDerivedAnswersCarryTheirStalenessAndAge() {
        Instant lastSync = Instant.now().minusSeconds(12);
        FailoverDrill.Freshness fromCache = FailoverDrill.freshness(new FailoverDrill.Sample(1000, 5, "read", 200,
                "west", "cache", false), headers("Age", "4", "X-Secondary-Last-Sync", lastSync.toString()), -1);

        assertTrue(fromCache.fromSecondary(), "a cached copy that carries the secondary's sync time came from it");
        assertEquals(4, fromCache.ageSeconds());
        assertTrue(fromCache.stalenessMs() >= 12_000, "staleness " + fromCache.stalenessMs() + " ms");
        assertTrue(answer(headers(), -1).fromSecondary(), "served by the secondary");
        assertFalse(FailoverDrill.freshness(new FailoverDrill.Sample(1000, 5, "read", 200, "east", "primary", false),
                headers(), -1).fromSecondary());
    }

    private static FailoverDrill.Freshness answer(HttpHeaders headers, long known) {
        return FailoverDrill.freshness(READ, headers, known);
    }

    private static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
