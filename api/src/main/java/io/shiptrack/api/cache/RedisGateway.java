package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/** Redis commands, non-blocking, each bounded to tens of milliseconds, behind the cache's own circuit breaker. */
@ApplicationScoped
public class RedisGateway {

    public static final String BREAKER = "redis";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final Duration timeout;

    RedisGateway(ReactiveRedisDataSource redis, ShiptrackConfig config) {
        this.redis = redis;
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

    /**
     * Stores {@code copy} as {@code trackingNumber}'s for {@code ttl} unless the copy stored there was read later
     * ({@link CachedCopy#storeCommand}); true if it was stored. Not behind the breaker: a failed store costs nothing
     * but the store.
     */
    public Uni<Boolean> store(String trackingNumber, CachedCopy copy, Duration ttl) {
        List<String> command = copy.storeCommand(trackingNumber, ttl);
        return redis.execute(command.get(0), command.subList(1, command.size()).toArray(String[]::new))
                .map(reply -> reply != null && reply.toLong() == 1L).ifNoItem().after(timeout).fail();
    }
}
