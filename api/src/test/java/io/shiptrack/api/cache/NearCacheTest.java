package io.shiptrack.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.CachedCopy;

/**
 * The near cache holds copies for its configured time only, and not at all when switched off; callers that miss
 * together share one lookup, an empty lookup is not kept, and an older copy never replaces a newer one.
 */
class NearCacheTest {

    private static final CachedCopy COPY = new CachedCopy("{}", Instant.parse("2026-11-21T10:00:00Z"));

    private final AtomicInteger lookups = new AtomicInteger();

    private CompletableFuture<Optional<CachedCopy>> lookup(Optional<CachedCopy> result) {
        lookups.incrementAndGet();
        return CompletableFuture.completedFuture(result);
    }

    private Optional<CachedCopy> get(NearCache cache, Optional<CachedCopy> behind) {
        return cache.get("ABCD1234", () -> lookup(behind)).join();
    }

    @Test
    void keepsACopyThenForgetsItAfterNearFor() {
        AtomicLong nanos = new AtomicLong();
        NearCache cache = new NearCache(Duration.ofMillis(200), 100, nanos::get);
        cache.put("ABCD1234", COPY);
        nanos.addAndGet(Duration.ofMillis(199).toNanos());
        assertEquals(Optional.of(COPY), get(cache, Optional.empty()));
        assertEquals(Optional.of(COPY), cache.ready("ABCD1234"));
        assertEquals(0, lookups.get(), "answered from memory");
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertTrue(cache.ready("ABCD1234").isEmpty());
        assertTrue(get(cache, Optional.empty()).isEmpty(), "expired after near-for");
    }

    @Test
    void anOlderCopyNeverReplacesANewerOne() {
        NearCache cache = new NearCache(Duration.ofSeconds(30), 100);
        CachedCopy newer = new CachedCopy("{\"status\":\"IN_TRANSIT\"}", COPY.readAt().plusSeconds(5));
        cache.put("ABCD1234", newer);
        cache.put("ABCD1234", COPY);
        assertEquals(Optional.of(newer), cache.ready("ABCD1234"));
        CachedCopy newest = new CachedCopy("{\"status\":\"DELIVERED\"}", newer.readAt().plusSeconds(1));
        cache.put("ABCD1234", newest);
        assertEquals(Optional.of(newest), cache.ready("ABCD1234"));
    }

    @Test
    void concurrentMissesShareOneLookupAndItsResultIsKept() {
        NearCache cache = new NearCache(Duration.ofSeconds(30), 100);
        CompletableFuture<Optional<CachedCopy>> slow = new CompletableFuture<>();
        List<CompletableFuture<Optional<CachedCopy>>> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(cache.get("ABCD1234", () -> {
                lookups.incrementAndGet();
                return slow;
            }));
        }
        assertTrue(cache.ready("ABCD1234").isEmpty(), "not at hand while its lookup runs");
        slow.complete(Optional.of(COPY));
        callers.forEach(caller -> assertEquals(Optional.of(COPY), caller.join()));
        assertEquals(Optional.of(COPY), get(cache, Optional.empty()));
        assertEquals(1, lookups.get());
    }

    @Test
    void anEmptyLookupIsNotKept() {
        NearCache cache = new NearCache(Duration.ofSeconds(30), 100);
        assertTrue(get(cache, Optional.empty()).isEmpty());
        assertEquals(Optional.of(COPY), get(cache, Optional.of(COPY)));
        assertEquals(2, lookups.get());
    }

    @Test
    void zeroTurnsItOff() {
        NearCache cache = new NearCache(Duration.ZERO, 100);
        cache.put("ABCD1234", COPY);
        assertTrue(get(cache, Optional.empty()).isEmpty());
        assertEquals(Optional.of(COPY), get(cache, Optional.of(COPY)));
        assertEquals(2, lookups.get(), "every get looks behind");
    }
}
