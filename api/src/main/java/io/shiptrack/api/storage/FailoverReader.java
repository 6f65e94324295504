package io.shiptrack.api.storage;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.storage.PrimaryLatencyGate.Hedged;
import io.shiptrack.api.storage.PrimaryLatencyGate.PrimaryLateException;

/**
 * Reads from storage: the primary, and the read-only RA-GRS secondary while the primary fails or its breaker is open
 * ({@code @Fallback}), hedged through a brownout. When the primary has not answered within the hedge delay
 * ({@link HedgeDelay}: its recent p99, between a floor and a ceiling) the same read goes to the secondary as well,
 * within a budget ({@link HedgeBudget}), and the first answer wins; the loser is ignored. A secondary's "not found"
 * never wins a race, as it may only mean "not replicated yet". When most reads find the primary late,
 * {@link PrimaryLatencyGate} opens and reads ask the secondary first until it lets a few probe the primary again. No
 * Table Storage client hedges by itself; this is what the Cosmos DB SDK's threshold-based availability strategy does
 * across regions.
 * <p>
 * A read runs on one thread of this reader's pool and answers a future, so that no caller blocks on it: the Table
 * Storage client blocks its thread for the whole call, and a hedge is the only read that takes a second thread. The
 * pool and its queue are bounded; a read refused by them fails as unavailable.
 */
@ApplicationScoped
public class FailoverReader {

    private final PrimaryTablesGateway primary;
    private final SecondaryTablesGateway secondary;
    private final PrimaryLatencyGate gate;
    private final SecondarySync secondarySync;
    private final ShiptrackConfig.Hedge config;
    private final HedgeDelay delay;
    private final HedgeBudget budget;
    private final ThreadPoolExecutor executor;
    private final Counter hedgesSent;
    private final Counter hedgesWon;
    private final Counter secondaryFirst;

    FailoverReader(PrimaryTablesGateway primary, SecondaryTablesGateway secondary, PrimaryLatencyGate gate,
            SecondarySync secondarySync, ShiptrackConfig config, MeterRegistry registry) {
        this.secondarySync = secondarySync;
        this.primary = primary;
        this.secondary = secondary;
        this.gate = gate;
        this.config = config.reads().hedge();
        this.delay = new HedgeDelay(this.config.floor(), this.config.ceiling(), this.config.minSamples(),
                System::nanoTime);
        this.budget = new HedgeBudget(this.config.budgetRatio(), this.config.budgetFloor(), System::nanoTime);
        AtomicInteger threads = new AtomicInteger();
        int maxThreads = config.reads().maxThreads();
        this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(config.reads().maxWaiting()), task -> {
                    Thread thread = new Thread(task, "shiptrack-table-read-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        Gauge.builder("shiptrack.reads.waiting", executor, pool -> pool.getQueue().size())
                .description("Storage reads waiting for a thread").register(registry);
        this.hedgesSent = Counter.builder("shiptrack.reads.hedges").tag("result", "sent")
                .description("Reads also sent to the secondary because the primary was late").register(registry);
        this.hedgesWon = Counter.builder("shiptrack.reads.hedges").tag("result", "won")
                .description("Hedged reads the secondary answered first").register(registry);
        this.secondaryFirst = Counter.builder("shiptrack.reads.secondary.first")
                .description("Reads sent to the secondary first while the primary-latency breaker was open")
                .register(registry);
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }

    /** The read's answer, and the endpoint that gave it; a failure when neither endpoint could answer. */
    public <T> CompletableFuture<Sourced<T>> read(TableOperation<T> operation) {
        if (!config.enabled()) {
            return onPool(() -> primaryOrSecondary(operation));
        }
        budget.read();
        return gate.watch(() -> hedged(operation)).toCompletableFuture().exceptionallyCompose(failure -> {
            Throwable cause = unwrapped(failure);
            if (cause instanceof PrimaryLateException late) {
                return CompletableFuture.completedFuture(late.answer());
            }
            if (cause instanceof CircuitBreakerOpenException) {
                return onPool(() -> secondaryFirst(operation));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The read on the primary alone, whatever its latency: for an answer the secondary cannot give. */
    public <T> CompletableFuture<T> readPrimary(TableOperation<T> operation) {
        return onPool(() -> primary.call(operation));
    }

    /** For a caller that is on a worker thread already and needs the answer there. */
    public <T> Sourced<T> readAndWait(TableOperation<T> operation) {
        try {
            return read(operation).join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    /**
     * The primary's answer, or the hedge's when the primary has not answered within the hedge delay and the
     * secondary answers first. The primary's thread keeps its call until it ends, but nobody waits for it.
     */
    private <T> CompletableFuture<Hedged<T>> hedged(TableOperation<T> operation) {
        long start = System.nanoTime();
        long hedgeAfter = delay.nanos();
        CompletableFuture<Hedged<T>> answer = new CompletableFuture<>();
        CompletableFuture<Sourced<T>> first = onPool(() -> primaryOrSecondary(operation));
        first.whenComplete((read, failure) -> {
            long took = System.nanoTime() - start;
            if (failure != null) {
                answer.completeExceptionally(unwrapped(failure));
                return;
            }
            if (read.source() == ReadSource.PRIMARY) {
                delay.record(took);
            }
            answer.complete(new Hedged<>(read, took >= hedgeAfter));
        });
        // The timer only decides; the hedge itself runs on the pool, never on the JDK's shared delay scheduler.
        CompletableFuture.delayedExecutor(hedgeAfter, TimeUnit.NANOSECONDS, Runnable::run).execute(() -> {
            if (first.isDone() || !budget.tryHedge()) {
                return;
            }
            hedgesSent.increment();
            onPool(() -> this.<T>fromSecondary(operation)).whenComplete((read, failure) -> {
                if (failure == null && !isNotFound(read) && answer.complete(new Hedged<>(read, true))) {
                    hedgesWon.increment();
                }
            });
        });
        return answer;
    }

    /** While the primary is slow: the secondary, or the primary (with its own failover) if the secondary cannot say. */
    private <T> Sourced<T> secondaryFirst(TableOperation<T> operation) {
        secondaryFirst.increment();
        try {
            Sourced<T> answer = fromSecondary(operation);
            if (!isNotFound(answer)) {
                return answer;
            }
        } catch (RuntimeException notFromSecondary) {
            // Unavailable, or an answer such as "no such shipment" that may only mean "not replicated yet".
        }
        return primaryOrSecondary(operation);
    }

    /** Runs a blocking read on the pool; a pool that turns it away fails it as unavailable. */
    private <T> CompletableFuture<T> onPool(Supplier<T> read) {
        try {
            return CompletableFuture.supplyAsync(read, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StorageUnavailableException(
                    "too many storage reads waiting: " + executor.getQueue().size(), e));
        }
    }

    /**
     * The primary, or the secondary while the primary fails or its breaker is open. Called on this bean (ArC
     * intercepts self-invocation), so the fallback applies; not generic, because a fallback method must match its
     * method's types exactly.
     */
    @Fallback(fallbackMethod = "readSecondary", applyOn = {StorageUnavailableException.class,
            CircuitBreakerOpenException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    Sourced<?> failover(TableOperation<?> operation) {
        return new Sourced<>(primary.call(operation), ReadSource.PRIMARY);
    }

    Sourced<?> readSecondary(TableOperation<?> operation) {
        Object value = secondary.call(operation);
        // Asked here, on the read's own thread: the statistics call blocks, and is cached for a minute.
        return new Sourced<>(value, ReadSource.SECONDARY,
                secondarySync.lastSync().map(OffsetDateTime::toInstant).orElse(null));
    }

    @SuppressWarnings("unchecked")
    private <T> Sourced<T> primaryOrSecondary(TableOperation<T> operation) {
        return (Sourced<T>) failover(operation);
    }

    @SuppressWarnings("unchecked")
    private <T> Sourced<T> fromSecondary(TableOperation<T> operation) {
        return (Sourced<T>) readSecondary(operation);
    }

    private static boolean isNotFound(Sourced<?> answer) {
        return answer.value() instanceof Optional<?> optional && optional.isEmpty();
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new StorageUnavailableException("storage read failed: " + cause, cause);
    }
}
