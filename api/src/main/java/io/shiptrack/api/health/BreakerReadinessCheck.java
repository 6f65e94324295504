package io.shiptrack.api.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.shiptrack.api.cache.RedisGateway;
import io.shiptrack.api.storage.PrimaryLatencyGate;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.SecondaryTablesGateway;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Ready while at least one table endpoint or the cache can serve reads, judged by their breakers. A failing
 * primary alone keeps the region ready: both regions share the storage account, so Front Door gains nothing by
 * leaving a region whose reads are served by the secondary.
 */
@Readiness
@ApplicationScoped
public class BreakerReadinessCheck implements HealthCheck {

    private final CircuitBreakerMaintenance breakers;

    BreakerReadinessCheck(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState primary = breakers.currentState(PrimaryTablesGateway.BREAKER);
        CircuitBreakerState secondary = breakers.currentState(SecondaryTablesGateway.BREAKER);
        CircuitBreakerState redis = breakers.currentState(RedisGateway.BREAKER);
        boolean canServe = primary != CircuitBreakerState.OPEN || secondary != CircuitBreakerState.OPEN
                || redis != CircuitBreakerState.OPEN;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("read-path").status(canServe)
                .withData(PrimaryTablesGateway.BREAKER, primary.name())
                .withData(SecondaryTablesGateway.BREAKER, secondary.name())
                .withData(RedisGateway.BREAKER, redis.name())
                // Informational: a slow primary only sends reads to the secondary first; it never makes a region unready.
                .withData(PrimaryLatencyGate.BREAKER, breakers.currentState(PrimaryLatencyGate.BREAKER).name());
        return response.build();
    }
}
