package io.shiptrack.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.shiptrack.api.cache.RedisGateway;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.SecondaryTablesGateway;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Publishes each named breaker's state as a gauge: 0 closed, 1 half-open, 2 open. */
@ApplicationScoped
public class BreakerMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CircuitBreakerMaintenance breakers) {
        for (String name : new String[]{PrimaryTablesGateway.BREAKER, SecondaryTablesGateway.BREAKER,
                RedisGateway.BREAKER}) {
            Gauge.builder("shiptrack.breaker.state", breakers, b -> b.currentState(name).ordinal())
                    .tag("breaker", name).description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                    .register(registry);
        }
    }
}
