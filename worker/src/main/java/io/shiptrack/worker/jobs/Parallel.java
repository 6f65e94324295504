package io.shiptrack.worker.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs one task per item on the worker's bounded storage pool and waits for all of them. The pool's size is the
 * bound on storage calls in flight. The first failure cancels the tasks still queued or running and is rethrown as
 * it was (an {@link Error} as an Error, so that an injected crash stays a crash). Written by hand: Java 17 has no
 * structured concurrency, and Reactor's {@code block()} wraps an Error in a RuntimeException.
 */
final class Parallel {

    private Parallel() {
    }

    /**
     * The results in the order of {@code items}. {@code progress} is called on the calling thread with the number
     * of tasks done so far, before waiting for each next one (0 first).
     */
    static <T, R> List<R> map(ExecutorService pool, List<T> items, Function<T, R> task, IntConsumer progress) {
        CompletionService<Indexed<R>> done = new ExecutorCompletionService<>(pool);
        List<Future<Indexed<R>>> futures = new ArrayList<>(items.size());
        List<R> results = new ArrayList<>(items.size());
        try {
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                T item = items.get(i);
                futures.add(done.submit(() -> new Indexed<>(index, task.apply(item))));
                results.add(null);
            }
            for (int finished = 0; finished < items.size(); finished++) {
                progress.accept(finished);
                Indexed<R> result = done.take().get();
                results.set(result.index(), result.value());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for storage writes", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            futures.forEach(future -> future.cancel(true));
        }
    }

    private record Indexed<R>(int index, R value) {
    }
}
