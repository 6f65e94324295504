package io.shiptrack.api.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Reads from the primary endpoint, and from the read-only secondary while the primary fails or its breaker is
 * open. The signatures are not generic because a fallback method must match its method's types exactly.
 */
@ApplicationScoped
class FailoverReader {

    private final PrimaryTablesGateway primary;
    private final SecondaryTablesGateway secondary;

    FailoverReader(PrimaryTablesGateway primary, SecondaryTablesGateway secondary) {
        this.primary = primary;
        this.secondary = secondary;
    }

    @Fallback(fallbackMethod = "readSecondary", applyOn = {StorageUnavailableException.class,
            CircuitBreakerOpenException.class, TimeoutException.class})
    Sourced<?> read(TableOperation<?> operation) {
        return new Sourced<>(primary.call(operation), ReadSource.PRIMARY);
    }

    Sourced<?> readSecondary(TableOperation<?> operation) {
        return new Sourced<>(secondary.call(operation), ReadSource.SECONDARY);
    }
}
