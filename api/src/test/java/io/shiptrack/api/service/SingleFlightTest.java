package io.shiptrack.api.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One load per key at a time; its result or failure goes to every caller that asked while it ran. */
class SingleFlightTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** The caller's value, or a failure after 10 s instead of a hung build. */
    private static String within(CompletableFuture<String> caller) {
        return caller.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void callersDuringALoadShareItAndALaterCallerLoadsAgain() {
        SingleFlight<String, String> flight = new SingleFlight<>(executor);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<CompletableFuture<String>> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(flight.load("A", () -> {
                gate.join();
                return "value " + loads.incrementAndGet();
            }));
        }
        String other = within(flight.load("B", () -> "other"));
        gate.complete(null);
        callers.forEach(caller -> assertEquals("value 1", within(caller)));
        assertEquals("other", other, "another key is not held up");
        assertEquals("value 2", within(flight.load("A", () -> "value " + loads.incrementAndGet())));
    }

    @Test
    void aFailureReachesEveryCallerAndIsNotRemembered() {
        SingleFlight<String, String> flight = new SingleFlight<>(executor);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        IllegalStateException failure = new IllegalStateException("storage down");
        CompletableFuture<String> first = flight.load("A", () -> {
            gate.join();
            throw failure;
        });
        CompletableFuture<String> second = flight.load("A", () -> "never run");
        gate.complete(null);
        for (CompletableFuture<String> caller : List.of(first, second)) {
            CompletionException thrown = assertThrows(CompletionException.class,
                    () -> caller.orTimeout(10, TimeUnit.SECONDS).join());
            assertSame(failure, thrown.getCause());
        }
        assertEquals("fine", within(flight.load("A", () -> "fine")));
    }

    @Test
    void oneCallerCancellingLeavesTheOthersTheirAnswer() {
        SingleFlight<String, String> flight = new SingleFlight<>(executor);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<String> leaving = flight.load("A", () -> {
            gate.join();
            return "value";
        });
        CompletableFuture<String> staying = flight.load("A", () -> "never run");
        leaving.cancel(false);
        gate.complete(null);
        assertEquals("value", within(staying));
    }

    @Test
    void aRejectedLoadFailsItsCallerAndFreesTheKey() {
        AtomicInteger offered = new AtomicInteger();
        SingleFlight<String, String> flight = new SingleFlight<>(command -> {
            if (offered.incrementAndGet() == 1) {
                throw new RejectedExecutionException("worker pool full");
            }
            command.run();
        });
        CompletionException thrown = assertThrows(CompletionException.class,
                () -> flight.load("A", () -> "never run").join());
        assertEquals(RejectedExecutionException.class, thrown.getCause().getClass());
        assertEquals("ran", flight.load("A", () -> "ran").join());
    }
}
