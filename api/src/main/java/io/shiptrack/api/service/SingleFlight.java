package io.shiptrack.api.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * At most one blocking load per key at a time: callers that ask for a key while its load runs share that load's
 * result (or failure) instead of starting their own. Without it, a hot tracking number whose copy goes stale sends
 * every waiting reader to storage at once.
 */
final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();
    private final Executor executor;

    SingleFlight(Executor executor) {
        this.executor = executor;
    }

    /**
     * The result of the load of {@code key} that is running, or of {@code loader} run on the executor. Each caller
     * gets its own future, so one caller cancelling does not cancel the others; a failure arrives wrapped in a
     * {@link java.util.concurrent.CompletionException}.
     */
    CompletableFuture<V> load(K key, Supplier<V> loader) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> shared = running.putIfAbsent(key, mine);
        if (shared == null) {
            shared = mine;
            try {
                executor.execute(() -> run(key, mine, loader));
            } catch (RejectedExecutionException e) {
                running.remove(key, mine);
                mine.completeExceptionally(e);
            }
        }
        return shared.thenApply(value -> value);
    }

    private void run(K key, CompletableFuture<V> mine, Supplier<V> loader) {
        try {
            V value = loader.get();
            running.remove(key, mine);
            mine.complete(value);
        } catch (Throwable e) {
            running.remove(key, mine);
            mine.completeExceptionally(e);
        }
    }
}
