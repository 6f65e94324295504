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
    // here, inside the breaker, so a hang counts as a failure; 800 ms covers the SDK's two 350 ms tries, and the
    // primary's plus the secondary's budget stay under the 2 s in which a read must answer, even with a 503.
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2, failOn = {
            StorageUnavailableException.class, TimeoutException.class}, skipOn = StorageThrottledException.class)
    @CircuitBreakerName(BREAKER)
    @Timeout(value = 800, unit = ChronoUnit.MILLIS)
    public <T> T call(TableOperation<T> operation) {
        return StorageFailures.translate("primary", operation, primary);
    }
}
