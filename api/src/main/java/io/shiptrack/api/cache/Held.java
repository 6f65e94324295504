package io.shiptrack.api.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.model.CachedCopy;

/**
 * A copy of one shipment as this instance read it, the value {@link NearCache} holds: where this answer came from
 * (the cache, an endpoint, or the stale copy when storage failed; the copy itself says which endpoint its data came
 * from), whether it may be kept (from its source and whether it is a "not found"), and its one background re-read on
 * this instance.
 */
public final class Held {

    private final CachedCopy copy;
    private final ReadSource source;
    /** The re-read started for this copy, shared by every {@code Held} of the same copy; null until one starts. */
    private final AtomicReference<CompletableFuture<Held>> reRead;

    private Held(CachedCopy copy, ReadSource source, AtomicReference<CompletableFuture<Held>> reRead) {
        this.copy = copy;
        this.source = source;
        this.reRead = reRead;
    }

    /** A copy from the cache (Redis, or a write's own copy). */
    public static Held cached(CachedCopy copy) {
        return new Held(copy, ReadSource.CACHE, new AtomicReference<>());
    }

    /** A copy storage answered. */
    public static Held read(CachedCopy copy, ReadSource source) {
        return new Held(copy, source, new AtomicReference<>());
    }

    /** The last cached copy, answered while storage cannot; never kept in memory. */
    public static Held stale(CachedCopy copy) {
        return new Held(copy, ReadSource.STALE_CACHE, new AtomicReference<>());
    }

    /** This copy as an answer from the cache, with the same re-read. */
    public Held fromCache() {
        return source == ReadSource.CACHE ? this : new Held(copy, ReadSource.CACHE, reRead);
    }

    /** Whether {@code other} is this copy (the same version and read time): then it shares this copy's re-read. */
    public boolean isCopy(CachedCopy other) {
        return copy.version() == other.version() && copy.readAt().equals(other.readAt());
    }

    /**
     * Starts {@code reRead} as this copy's background re-read, unless one has been started on this instance already
     * (however it ended); true if this call started it.
     */
    public boolean startReRead(Supplier<CompletableFuture<Held>> reRead) {
        CompletableFuture<Held> mine = new CompletableFuture<>();
        if (!this.reRead.compareAndSet(null, mine)) {
            return false;
        }
        CompletableFuture<Held> read;
        try {
            read = reRead.get();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((held, failure) -> {
            if (failure == null) {
                mine.complete(held);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return true;
    }

    /** This copy's re-read while it runs: a reader who misses meanwhile shares it instead of reading again. */
    public Optional<CompletableFuture<Held>> reReading() {
        CompletableFuture<Held> running = reRead.get();
        return running == null || running.isDone() ? Optional.empty() : Optional.of(running);
    }

    public CachedCopy copy() {
        return copy;
    }

    public ReadSource source() {
        return source;
    }

    /** Whether it may be kept in memory: not a stale copy, nor a secondary's "not found". */
    public boolean kept() {
        return source != ReadSource.STALE_CACHE && !(copy.fromSecondary() && copy.isNotFound());
    }
}
