package io.shiptrack.api.storage;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * A circuit breaker on the primary's read latency: a read counts as a failure here when the primary had not
 * answered it within the hedge delay. When most recent reads were late (a brownout: the primary answers, slowly),
 * the breaker opens and {@link FailoverReader} asks the secondary first, for the breaker's delay, instead of hedging
 * every read; then a few reads probe the primary again. It never affects writes or readiness.
 */
@ApplicationScoped
public class PrimaryLatencyGate {

    public static final String BREAKER = "primary-latency";

    // Open when 5 of the last 10 reads were late; try the primary again after 5 s; close after 2 timely reads.
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2, failOn = PrimaryLateException.class)
    @CircuitBreakerName(BREAKER)
    @AsynchronousNonBlocking
    public <T> CompletionStage<Sourced<T>> watch(Supplier<CompletionStage<Hedged<T>>> read) {
        // A late primary fails the stage, which is what the breaker counts; the caller takes the answer back out.
        return read.get().thenApply(hedged -> {
            if (hedged.primaryLate()) {
                throw new PrimaryLateException(hedged.answer());
            }
            return hedged.answer();
        });
    }

    /** An answer, and whether the primary was late with it (it had not answered within the hedge delay). */
    record Hedged<T>(Sourced<T> answer, boolean primaryLate) {
    }

    /** Counts a late primary toward the breaker; it carries the read's answer, which the caller still returns. */
    static final class PrimaryLateException extends RuntimeException {

        private final transient Sourced<?> answer;

        PrimaryLateException(Sourced<?> answer) {
            super("the primary did not answer within the hedge delay", null, false, false);
            this.answer = answer;
        }

        @SuppressWarnings("unchecked")
        <T> Sourced<T> answer() {
            return (Sourced<T>) answer;
        }
    }
}
