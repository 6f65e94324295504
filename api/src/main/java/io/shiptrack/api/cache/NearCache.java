package io.shiptrack.api.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;

/**
 * What this instance holds in memory for each tracking number, in one Caffeine {@link AsyncCache}: the load running
 * for it, or the copy it read last. Readers who miss together share the one running load (a Redis lookup, then a
 * storage read if Redis has no fresh copy), and its answer or failure reaches them all; a failure is not kept. A copy
 * answers from memory for {@code near-for} (a second at most: "where is my parcel" is polled, so a few tracking numbers
 * are hot) and is remembered until it is stale, so that its background re-read starts once per instance. This is the
 * read path's only coalescing of loads.
 */
@ApplicationScoped
public class NearCache {

    private final AsyncCache<String, Entry> entries;
    private final long nearForNanos;
    private final Ticker ticker;

    @Inject
    NearCache(ShiptrackConfig config) {
        this(config.cache().nearFor(), config.cache().freshFor(), config.cache().nearMaxEntries(),
                Ticker.systemTicker());
    }

    NearCache(Duration nearFor, Duration freshFor, long maxEntries, Ticker ticker) {
        this.nearForNanos = nearFor.toNanos();
        this.ticker = ticker;
        Duration untilStale = nearFor.compareTo(freshFor) > 0 ? nearFor : freshFor;
        // A running load is never expired or evicted (Caffeine's rule for incomplete futures); an answered one is kept
        // until its copy could be stale (a "not found" is never re-read: near-for), or not at all if it may not be.
        // Caffeine's own executor would be the common pool (one thread on two cores); its upkeep is tiny, so run it on
        // the calling thread.
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).ticker(ticker)
                .expireAfter(Expiry.writing((String trackingNumber, Entry entry) -> !entry.kept()
                        ? Duration.ZERO
                        : entry.held().copy().isNotFound() ? nearFor : untilStale))
                .buildAsync();
    }

    /**
     * An answered load and when it answered (ticker time). A failed load is an entry too, so that Caffeine neither
     * logs it nor keeps it.
     */
    private record Entry(Held held, Throwable failure, long answeredAt) {

        boolean kept() {
            return failure == null && held != null && held.kept();
        }
    }

    /** The copy at hand, as a cache answer: one answered within near-for; none while a load for it runs. */
    public Optional<Held> ready(String trackingNumber) {
        return Optional.ofNullable(atHand(entries.getIfPresent(trackingNumber))).map(Held::fromCache);
    }

    /**
     * What a reader who has no copy at hand it can answer finds for {@code trackingNumber}: the load running for it
     * ({@link Sharing}), a copy at hand that {@code usable} accepts because a load answered it meanwhile
     * ({@link Found}, as a cache answer), or else the load to run itself ({@link Loading}), which every later reader
     * shares until it answers.
     */
    public Claim claim(String trackingNumber, Predicate<Held> usable) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        Held[] found = new Held[2]; // the copy at hand it may answer, the copy remembered for a new load
        CompletableFuture<Entry> shared = entries.asMap().compute(trackingNumber, (key, current) -> {
            if (current != null && !current.isDone()) {
                return current;
            }
            Held near = atHand(current);
            if (near != null && usable.test(near)) {
                found[0] = near;
                return current;
            }
            found[1] = remembered(current);
            return mine;
        });
        if (found[0] != null) {
            return new Found(found[0].fromCache());
        }
        if (shared != mine) {
            return new Sharing(answered(shared));
        }
        return new Loading(mine, Optional.ofNullable(found[1]));
    }

    /** See {@link #claim}. */
    public sealed interface Claim permits Sharing, Found, Loading {
    }

    /** A load is running: its answer (a future of the caller's own, so that one caller giving up cancels nothing). */
    public record Sharing(CompletableFuture<Held> answer) implements Claim {
    }

    /** A copy at hand the caller may answer. */
    public record Found(Held held) implements Claim {
    }

    /** The caller runs the load, given the copy remembered from an earlier one (if any). */
    public final class Loading implements Claim {

        private final CompletableFuture<Entry> entry;
        private final Optional<Held> remembered;

        private Loading(CompletableFuture<Entry> entry, Optional<Held> remembered) {
            this.entry = entry;
            this.remembered = remembered;
        }

        public Optional<Held> remembered() {
            return remembered;
        }

        /**
         * Hands the running {@code load} to every reader who shares it, and answers it to this caller as they get it;
         * a failure reaches them all and is not kept.
         */
        public CompletableFuture<Held> runs(CompletableFuture<Held> load) {
            load.whenComplete((held, failure) -> entry.complete(new Entry(held, unwrapped(failure), ticker.read())));
            return answered(entry);
        }
    }

    /**
     * Holds {@code held}, to be answered as the cache, unless the copy held is newer ({@link CachedCopy#replaces}: a
     * lagging secondary's or a slow read's older version loses); a running load gives way, and its callers still get
     * its own answer.
     */
    public void put(String trackingNumber, Held held) {
        entries.asMap().compute(trackingNumber, (key, current) -> {
            Held known = remembered(current);
            return known != null && !held.copy().replaces(known.copy())
                    ? current
                    : CompletableFuture.completedFuture(new Entry(held.fromCache(), null, ticker.read()));
        });
    }

    private Held atHand(CompletableFuture<Entry> current) {
        Held known = remembered(current);
        return known != null && ticker.read() - current.getNow(null).answeredAt() < nearForNanos ? known : null;
    }

    private static Held remembered(CompletableFuture<Entry> current) {
        Entry entry = current == null ? null : current.getNow(null);
        return entry != null && entry.kept() ? entry.held() : null;
    }

    private static CompletableFuture<Held> answered(CompletableFuture<Entry> load) {
        return load.thenCompose(NearCache::answer);
    }

    private static CompletableFuture<Held> answer(Entry entry) {
        if (entry.failure() != null) {
            return CompletableFuture.failedFuture(entry.failure());
        }
        return entry.held() == null
                ? CompletableFuture.failedFuture(new IllegalStateException("a load answered nothing"))
                : CompletableFuture.completedFuture(entry.held());
    }

    /** The cause of a {@link CompletionException}, which is what a caller of the read path must see. */
    public static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
