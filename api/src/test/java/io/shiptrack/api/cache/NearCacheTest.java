package io.shiptrack.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.CachedCopy;

/** The near cache holds copies for its configured time only, and not at all when switched off. */
class NearCacheTest {

    private static final CachedCopy COPY = new CachedCopy("{}", Instant.parse("2026-11-21T10:00:00Z"));

    @Test
    void keepsACopyThenForgetsItAfterNearFor() throws InterruptedException {
        NearCache cache = new NearCache(Duration.ofMillis(200), 100);
        cache.put("ABCD1234", COPY);
        assertEquals(Optional.of(COPY), cache.get("ABCD1234"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cache.get("ABCD1234").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(cache.get("ABCD1234").isEmpty(), "expired within the deadline");
    }

    @Test
    void zeroTurnsItOff() {
        NearCache cache = new NearCache(Duration.ZERO, 100);
        cache.put("ABCD1234", COPY);
        assertTrue(cache.get("ABCD1234").isEmpty());
    }
}
