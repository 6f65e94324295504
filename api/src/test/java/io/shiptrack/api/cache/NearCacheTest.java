package io.shiptrack.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.model.CachedCopy;

/**
 * The one map of the read path: callers who miss together share one load, whose answer or failure reaches them all
 * and whose failure is not kept; a caller giving up leaves the others their answer; a copy answers from memory for
 * near-for only (never with 0), is remembered until stale with its one re-read, and an older copy never replaces a
 * newer one.
 */
class NearCacheTest {

    private static final String TN = "ABCD1234";
    private static final CachedCopy COPY = CachedCopy.fromPrimary("{}", 10, Instant.parse("2026-11-21T10:00:00Z"));

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    private NearCache cache(Duration nearFor) {
        return new NearCache(nearFor, Duration.ofSeconds(30), 100, nanos::get);
    }

    /** A load that counts itself and answers {@code answer} when it completes. */
    private Function<Optional<Held>, CompletableFuture<Held>> loading(CompletableFuture<Held> answer) {
        return remembered -> {
            loads.incrementAndGet();
            return answer;
        };
    }

    private static CompletableFuture<Held> get(NearCache cache,
            Function<Optional<Held>, CompletableFuture<Held>> load) {
        return claimAndLoad(cache, TN, held -> true, load);
    }

    /** What a reader does with its claim: answers the copy found, shares the running load, or runs {@code load}. */
    private static CompletableFuture<Held> claimAndLoad(NearCache cache, String trackingNumber, Predicate<Held> usable,
            Function<Optional<Held>, CompletableFuture<Held>> load) {
        NearCache.Claim claim = cache.claim(trackingNumber, usable);
        if (claim instanceof NearCache.Found found) {
            return CompletableFuture.completedFuture(found.held());
        }
        if (claim instanceof NearCache.Sharing sharing) {
            return sharing.answer();
        }
        NearCache.Loading loading = (NearCache.Loading) claim;
        CompletableFuture<Held> running;
        try {
            running = load.apply(loading.remembered());
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return loading.runs(running);
    }

    /** The caller's answer, or a failure after 10 s instead of a hung build. */
    private static Held within(CompletableFuture<Held> caller) {
        return caller.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static void advance(AtomicLong nanos, Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void callersDuringALoadShareItAndItsCopyIsAtHandForNearFor() {
        NearCache cache = cache(Duration.ofMillis(200));
        CompletableFuture<Held> slow = new CompletableFuture<>();
        List<CompletableFuture<Held>> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(get(cache, loading(slow)));
        }
        assertTrue(cache.ready(TN).isEmpty(), "not at hand while its load runs");
        Held read = Held.read(COPY, ReadSource.PRIMARY);
        slow.complete(read);
        callers.forEach(caller -> assertSame(read, within(caller), "every caller gets the one load's answer"));
        assertEquals(1, loads.get());

        advance(nanos, Duration.ofMillis(199));
        assertEquals(ReadSource.CACHE, within(get(cache, loading(new CompletableFuture<>()))).source(),
                "a caller after the load finds its copy at hand");
        assertEquals(COPY, cache.ready(TN).orElseThrow().copy());
        assertEquals(1, loads.get());
        advance(nanos, Duration.ofMillis(2));
        assertTrue(cache.ready(TN).isEmpty(), "not at hand after near-for");
        Held again = Held.cached(COPY);
        assertSame(again, within(get(cache, loading(CompletableFuture.completedFuture(again)))));
        assertEquals(2, loads.get(), "a caller after near-for loads again");
    }

    @Test
    void anotherTrackingNumberIsNotHeldUp() {
        NearCache cache = cache(Duration.ofSeconds(1));
        CompletableFuture<Held> slow = new CompletableFuture<>();
        CompletableFuture<Held> waiting = get(cache, loading(slow));
        Held other = Held.cached(COPY);
        assertSame(other, within(claimAndLoad(cache, "OTHER123", held -> true,
                remembered -> CompletableFuture.completedFuture(other))));
        assertFalse(waiting.isDone());
    }

    @Test
    void aFailureReachesEveryCallerAndIsNotKept() {
        NearCache cache = cache(Duration.ofSeconds(1));
        CompletableFuture<Held> failing = new CompletableFuture<>();
        CompletableFuture<Held> first = get(cache, loading(failing));
        CompletableFuture<Held> second = get(cache, loading(new CompletableFuture<>()));
        IllegalStateException failure = new IllegalStateException("storage down");
        failing.completeExceptionally(failure);
        for (CompletableFuture<Held> caller : List.of(first, second)) {
            CompletionException thrown = assertThrows(CompletionException.class,
                    () -> caller.orTimeout(10, TimeUnit.SECONDS).join());
            assertSame(failure, thrown.getCause());
        }
        Held fine = Held.cached(COPY);
        assertSame(fine, within(get(cache, loading(CompletableFuture.completedFuture(fine)))));
        assertEquals(2, loads.get(), "the failure was not kept");
    }

    @Test
    void oneCallerCancellingLeavesTheOthersTheirAnswer() {
        NearCache cache = cache(Duration.ofSeconds(1));
        CompletableFuture<Held> slow = new CompletableFuture<>();
        CompletableFuture<Held> leaving = get(cache, loading(slow));
        CompletableFuture<Held> staying = get(cache, loading(new CompletableFuture<>()));
        leaving.cancel(false);
        Held read = Held.cached(COPY);
        slow.complete(read);
        assertSame(read, within(staying));
        assertEquals(1, loads.get());
    }

    @Test
    void aLoadThatCannotStartFailsItsCallerAndFreesTheKey() {
        NearCache cache = cache(Duration.ofSeconds(1));
        CompletionException thrown = assertThrows(CompletionException.class, () -> get(cache, remembered -> {
            throw new RejectedExecutionException("worker pool full");
        }).join());
        assertEquals(RejectedExecutionException.class, thrown.getCause().getClass());
        Held read = Held.cached(COPY);
        assertSame(read, within(get(cache, loading(CompletableFuture.completedFuture(read)))));
    }

    @Test
    void aCopyThatMayNotBeKeptIsAnsweredButNotKept() {
        NearCache cache = cache(Duration.ofSeconds(1));
        Held secondaryNotFound = Held.read(CachedCopy.fromSecondary(null, 0, COPY.readAt(), null),
                ReadSource.SECONDARY);
        assertFalse(secondaryNotFound.kept(), "a secondary's \"not found\" may only mean not replicated yet");
        assertSame(secondaryNotFound,
                within(get(cache, loading(CompletableFuture.completedFuture(secondaryNotFound)))));
        assertTrue(cache.ready(TN).isEmpty());
        within(get(cache, loading(CompletableFuture.completedFuture(Held.cached(COPY)))));
        assertEquals(2, loads.get());
    }

    @Test
    void anUnusableCopyAtHandIsLoadedAgainWithItsCopyRemembered() {
        NearCache cache = cache(Duration.ofSeconds(1));
        Held stale = Held.cached(COPY);
        cache.put(TN, stale);
        List<Optional<Held>> remembered = new ArrayList<>();
        Held read = Held.cached(COPY);
        within(claimAndLoad(cache, TN, held -> false, known -> {
            remembered.add(known);
            return CompletableFuture.completedFuture(read);
        }));
        assertSame(stale, remembered.get(0).orElseThrow());
    }

    @Test
    void aCopyIsRememberedUntilStaleWithItsOneReRead() {
        NearCache cache = cache(Duration.ZERO);
        Held copy = Held.cached(COPY);
        cache.put(TN, copy);
        assertTrue(copy.startReRead(() -> new CompletableFuture<>()));
        advance(nanos, Duration.ofSeconds(29));
        List<Optional<Held>> remembered = new ArrayList<>();
        within(claimAndLoad(cache, TN, held -> true, known -> {
            remembered.add(known);
            return CompletableFuture.completedFuture(known.orElseThrow().fromCache());
        }));
        Held found = remembered.get(0).orElseThrow();
        assertTrue(found.reReading().isPresent(), "the running re-read is found");
        assertFalse(found.fromCache().startReRead(() -> new CompletableFuture<>()), "started once per copy");
        advance(nanos, Duration.ofSeconds(31));
        claimAndLoad(cache, TN, held -> true, known -> {
            remembered.add(known);
            return CompletableFuture.completedFuture(Held.cached(COPY));
        });
        assertTrue(remembered.get(1).isEmpty(), "forgotten once the copy could be stale");
    }

    @Test
    void anOlderVersionNeverReplacesANewerOneWhateverItsReadTime() {
        NearCache cache = cache(Duration.ofSeconds(30));
        CachedCopy newer = CachedCopy.fromPrimary("{\"status\":\"IN_TRANSIT\"}", 11, COPY.readAt().plusSeconds(5));
        cache.put(TN, Held.cached(newer));
        cache.put(TN, Held.cached(COPY));
        assertEquals(newer, cache.ready(TN).orElseThrow().copy());
        // A secondary that lags answers the older version after the newer one was held.
        CachedCopy lagging = CachedCopy.fromSecondary("{\"status\":\"CREATED\"}", 10, newer.readAt().plusSeconds(9),
                null);
        cache.put(TN, Held.read(lagging, ReadSource.SECONDARY));
        assertEquals(newer, cache.ready(TN).orElseThrow().copy(), "the secondary's older version read later");
        CachedCopy newest = CachedCopy.fromPrimary("{\"status\":\"DELIVERED\"}", 12, newer.readAt().plusSeconds(1));
        cache.put(TN, Held.cached(newest));
        assertEquals(newest, cache.ready(TN).orElseThrow().copy());
    }

    @Test
    void aWritesCopyReplacesARunningLoadWhoseCallersStillGetItsAnswer() {
        NearCache cache = cache(Duration.ofSeconds(30));
        CompletableFuture<Held> slow = new CompletableFuture<>();
        CompletableFuture<Held> waiting = get(cache, loading(slow));
        CachedCopy written = CachedCopy.fromPrimary("{\"status\":\"DELIVERED\"}", 11, COPY.readAt().plusSeconds(1));
        cache.put(TN, Held.cached(written));
        Held read = Held.cached(COPY);
        slow.complete(read);
        assertSame(read, within(waiting));
        assertEquals(written, cache.ready(TN).orElseThrow().copy(), "the load's late answer does not replace it");
    }

    @Test
    void zeroKeepsNothingAtHandButStillSharesALoad() {
        NearCache cache = cache(Duration.ZERO);
        cache.put(TN, Held.cached(COPY));
        assertTrue(cache.ready(TN).isEmpty());
        CompletableFuture<Held> slow = new CompletableFuture<>();
        CompletableFuture<Held> first = get(cache, loading(slow));
        CompletableFuture<Held> second = get(cache, loading(new CompletableFuture<>()));
        slow.complete(Held.cached(COPY));
        assertSame(within(first), within(second));
        within(get(cache, loading(CompletableFuture.completedFuture(Held.cached(COPY)))));
        assertEquals(2, loads.get(), "every get after a load looks behind");
    }
}
