package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.shiptrack.api.config.ShiptrackConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/** Runs Redis commands with a bound of tens of milliseconds, behind the cache's own circuit breaker. */
@ApplicationScoped
public class RedisGateway {

    public static final String BREAKER = "redis";

    private final ReactiveValueCommands<String, String> values;
    private final Duration timeout;

    RedisGateway(ReactiveRedisDataSource redis, ShiptrackConfig config) {
        this.values = redis.value(String.class, String.class);
        this.timeout = config.cache().commandTimeout();
    }

    // A dead Redis must cost nothing: after 2 of 4 failures skip it for 2 s, then let one probe through.
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 2, delayUnit = ChronoUnit.SECONDS, successThreshold = 1)
    @CircuitBreakerName(BREAKER)
    public <T> T call(Function<ReactiveValueCommands<String, String>, Uni<T>> command) {
        return command.apply(values).await().atMost(timeout);
    }

    /** Sends a command without waiting for it; a failure is only reported to {@code onFailure}. */
    public void send(Function<ReactiveValueCommands<String, String>, Uni<?>> command,
            java.util.function.Consumer<Throwable> onFailure) {
        command.apply(values).ifNoItem().after(timeout).fail().subscribe().with(ignored -> {
        }, onFailure);
    }
}
