package io.shiptrack.api.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;

/**
 * A small in-memory copy of recent cache entries in front of Redis, a second at most: "where is my parcel" is
 * polled, so a few tracking numbers are hot, and each would otherwise cost a Redis round trip per request. Readers
 * that miss it together share one Redis lookup, so a hot copy expiring does not send every connection to Redis at
 * once.
 */
@ApplicationScoped
public class NearCache {

    private final AsyncCache<String, CachedCopy> copies;

    @Inject
    NearCache(ShiptrackConfig config) {
        this(config.cache().nearFor(), config.cache().nearMaxEntries());
    }

    NearCache(Duration nearFor, long maxEntries) {
        this(nearFor, maxEntries, Ticker.systemTicker());
    }

    NearCache(Duration nearFor, long maxEntries, Ticker ticker) {
        // Caffeine's own executor would be the common pool (one thread on two cores); its upkeep is tiny, so run it
        // on the calling thread.
        this.copies = nearFor.isZero()
                ? null
                : Caffeine.newBuilder().expireAfterWrite(nearFor).maximumSize(maxEntries).executor(Runnable::run)
                        .ticker(ticker).buildAsync();
    }

    /**
     * The near copy, or else the one {@code lookup} finds, which is then kept; concurrent callers for one tracking
     * number share a single {@code lookup}. An empty or failed lookup is not kept.
     */
    public CompletableFuture<Optional<CachedCopy>> get(String trackingNumber,
            Supplier<CompletableFuture<Optional<CachedCopy>>> lookup) {
        if (copies == null) {
            return lookup.get();
        }
        return copies.get(trackingNumber, (key, executor) -> lookup.get().thenApply(found -> found.orElse(null)))
                .thenApply(Optional::ofNullable);
    }

    /** The near copy if it is at hand now: none while a lookup for it is still running. */
    public Optional<CachedCopy> ready(String trackingNumber) {
        CompletableFuture<CachedCopy> copy = copies == null ? null : copies.getIfPresent(trackingNumber);
        return copy != null && copy.isDone() && !copy.isCompletedExceptionally()
                ? Optional.ofNullable(copy.getNow(null))
                : Optional.empty();
    }

    /** Keeps {@code copy}, unless the copy held was read later (a slow read racing a write loses). */
    public void put(String trackingNumber, CachedCopy copy) {
        if (copies != null) {
            copies.asMap().compute(trackingNumber, (key, held) -> {
                CachedCopy current = held != null && held.isDone() && !held.isCompletedExceptionally()
                        ? held.getNow(null)
                        : null;
                return current != null && current.readAt().isAfter(copy.readAt())
                        ? held
                        : CompletableFuture.completedFuture(copy);
            });
        }
    }
}
