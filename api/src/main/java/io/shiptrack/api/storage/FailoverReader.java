package io.shiptrack.api.storage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.micrometer.core.instrument.Counter;
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
 */
@ApplicationScoped
public class FailoverReader {

    private final PrimaryTablesGateway primary;
    private final SecondaryTablesGateway secondary;
    private final PrimaryLatencyGate gate;
    private final ShiptrackConfig.Hedge config;
    private final HedgeDelay delay;
    private final HedgeBudget budget;
    private final ExecutorService executor;
    private final Counter hedgesSent;
    private final Counter hedgesWon;
    private final Counter secondaryFirst;

    FailoverReader(PrimaryTablesGateway primary, SecondaryTablesGateway secondary, PrimaryLatencyGate gate,
            ShiptrackConfig config, MeterRegistry registry) {
        this.primary = primary;
        this.secondary = secondary;
        this.gate = gate;
        this.config = config.reads().hedge();
        this.delay = new HedgeDelay(this.config.floor(), this.config.ceiling(), this.config.minSamples(),
                System::nanoTime);
        this.budget = new HedgeBudget(this.config.budgetRatio(), this.config.budgetFloor(), System::nanoTime);
        AtomicInteger threads = new AtomicInteger();
        // Beyond its threads (or once shut down) a read runs on the caller's own thread, unhedged: never dropped.
        this.executor = new ThreadPoolExecutor(0, this.config.maxThreads(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "shiptrack-table-read-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> task.run());
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

    public <T> Sourced<T> read(TableOperation<T> operation) {
        if (!config.enabled()) {
            return primaryOrSecondary(operation);
        }
        budget.read();
        try {
            return gate.watch(() -> hedged(operation));
        } catch (PrimaryLateException late) {
            return late.answer();
        } catch (CircuitBreakerOpenException primaryIsSlow) {
            return secondaryFirst(operation);
        }
    }

    private <T> Hedged<T> hedged(TableOperation<T> operation) {
        long start = System.nanoTime();
        CompletableFuture<Sourced<T>> first = CompletableFuture.supplyAsync(() -> {
            Sourced<T> answer = primaryOrSecondary(operation);
            if (answer.source() == ReadSource.PRIMARY) {
                delay.record(System.nanoTime() - start);
            }
            return answer;
        }, executor);
        try {
            return new Hedged<>(first.get(delay.nanos(), TimeUnit.NANOSECONDS), false);
        } catch (TimeoutException late) {
            if (!budget.tryHedge()) {
                return new Hedged<>(join(first), true);
            }
            hedgesSent.increment();
            return new Hedged<>(race(first, operation), true);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while reading storage", e);
        }
    }

    /** The first answer of the late primary read and a hedge to the secondary; the primary's failure if both fail. */
    private <T> Sourced<T> race(CompletableFuture<Sourced<T>> primary, TableOperation<T> operation) {
        CompletableFuture<Sourced<T>> winner = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> this.<T>fromSecondary(operation), executor)
                .whenComplete((answer, failure) -> {
                    if (failure == null && !isNotFound(answer) && winner.complete(answer)) {
                        hedgesWon.increment();
                    }
                });
        primary.whenComplete((answer, failure) -> {
            if (failure == null) {
                winner.complete(answer);
            } else {
                winner.completeExceptionally(failure);
            }
        });
        return join(winner);
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
        return new Sourced<>(secondary.call(operation), ReadSource.SECONDARY);
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

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
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
