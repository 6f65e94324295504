package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.shiptrack.api.config.ShiptrackConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/** Redis commands, non-blocking, each bounded to tens of milliseconds, behind the cache's own circuit breaker. */
@ApplicationScoped
public class RedisGateway {

    public static final String BREAKER = "redis";

    private static final String SET_UNLESS_NEWER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local readAt = tonumber(string.match(current, '^(%d+)|'))
              if readAt and readAt > tonumber(ARGV[2]) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1
            """;

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
     * Sets {@code value} (which begins with {@code <epoch millis>|}, see CachedCopy) with a time to live, unless the
     * value stored under {@code key} was read later than {@code readAtMillis}; true if it was set. One Lua script, so
     * the comparison and the SET are atomic. Not behind the breaker: a failed store costs nothing but the store.
     */
    public Uni<Boolean> setUnlessNewer(String key, String value, long readAtMillis, Duration ttl) {
        return redis.execute("EVAL", SET_UNLESS_NEWER, "1", key, value, Long.toString(readAtMillis),
                Long.toString(ttl.toMillis())).map(reply -> reply != null && reply.toLong() == 1L)
                .ifNoItem().after(timeout).fail();
    }
}
