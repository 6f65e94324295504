package io.shiptrack.api.storage;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

/** Runs read-only table operations on the RA-GRS secondary endpoint behind its own circuit breaker. */
@ApplicationScoped
public class SecondaryTablesGateway {

    public static final String BREAKER = "secondary-tables";

    private final Tables secondary;

    SecondaryTablesGateway(@Named(TableEndpoints.SECONDARY) Tables secondary) {
        this.secondary = secondary;
    }

    // The secondary is the last storage hope, so it trips later than the primary (10 of 20) and probes sooner.
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 3, delayUnit = ChronoUnit.SECONDS, successThreshold = 1, failOn = {
            StorageUnavailableException.class, TimeoutException.class}, skipOn = StorageThrottledException.class)
    @CircuitBreakerName(BREAKER)
    @Timeout(value = 800, unit = ChronoUnit.MILLIS)
    public <T> T call(TableOperation<T> operation) {
        return StorageFailures.translate("secondary", operation, secondary);
    }
}
