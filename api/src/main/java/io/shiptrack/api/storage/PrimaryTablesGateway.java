package io.shiptrack.api.storage;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Runs table operations on the primary (read-write) endpoint behind its own circuit breaker. Every primary call
 * goes through the one method, so reads and writes share one breaker: the state of the endpoint.
 */
@ApplicationScoped
public class PrimaryTablesGateway {

    public static final String BREAKER = "primary-tables";

    private final Tables primary;

    PrimaryTablesGateway(@Named(TableEndpoints.PRIMARY) Tables primary) {
        this.primary = primary;
    }

    // Open after 5 of the last 10 calls failed; probe again after 5 s; close after 2 good probes. The timeout sits
    // here, inside the breaker, so a hang counts as a failure. Each HTTP exchange is bounded by the SDK (two tries of
    // 350 ms), so the timeout only bounds a call of several exchanges: a write attempt is three (read the summary,
    // the transaction, the member index), and through a 300 ms brownout it needs about a second. 1.5 s lets writes
    // through a brownout and still answers a failed write with a 503 well within 2 s. Reads do not wait for it: they
    // are hedged to the secondary after the hedge delay (FailoverReader).
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2, failOn = {
            StorageUnavailableException.class, TimeoutException.class}, skipOn = StorageThrottledException.class)
    @CircuitBreakerName(BREAKER)
    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    public <T> T call(TableOperation<T> operation) {
        return StorageFailures.translate("primary", operation, primary);
    }
}
