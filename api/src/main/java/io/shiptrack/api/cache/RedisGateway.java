package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.shiptrack.api.config.ShiptrackConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/** Redis commands, non-blocking, each bounded to tens of milliseconds, behind the cache's own circuit breaker. */
@ApplicationScoped
public class RedisGateway {

    public static final String BREAKER = "redis";

    private final ReactiveValueCommands<String, String> values;
    private final Duration timeout;

    RedisGateway(ReactiveRedisDataSource redis, ShiptrackConfig config) {
        this.values = redis.value(String.class, String.class);
        this.timeout = config.cache().commandTimeout();
    }

    // A dead Redis must cost nothing: after half of the last 20 calls failed, skip it for 2 s, then let one probe
    // through. A window of 20, not 4, so that a few slow calls on a busy host do not take the cache away.
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2, delayUnit = ChronoUnit.SECONDS, successThreshold = 1)
    @CircuitBreakerName(BREAKER)
    public Uni<String> get(String key) {
        return values.get(key).ifNoItem().after(timeout).fail();
    }

    /** Sets a value without waiting for it; a failure is only reported to {@code onFailure}. */
    public void set(String key, String value, Duration ttl, Consumer<Throwable> onFailure) {
        values.set(key, value, new SetArgs().px(ttl)).ifNoItem().after(timeout).fail().subscribe().with(ignored -> {
        }, onFailure);
    }
}
