package io.shiptrack.api.support;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * For tests that inject faults: every test starts and ends with both proxies passing through, Redis running and every
 * circuit breaker closed, so that no fault outlives the test that made it.
 */
public abstract class FaultTestBase {

    @Inject
    protected CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void healEverything() {
        TestStack.healAll();
        breakers.resetAll();
    }
}
