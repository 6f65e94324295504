package io.shiptrack.api.cache;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.value.SetArgs;
import io.shiptrack.api.config.ShiptrackConfig;

/**
 * Cache-aside copies of shipment reads in the region's Redis. Copies are kept long after they stop being fresh,
 * so that the last known copy can be answered while both table endpoints fail. Redis failing is bypassed.
 */
@ApplicationScoped
public class ShipmentCache {

    private static final Logger LOG = Logger.getLogger(ShipmentCache.class);
    private static final String PREFIX = "shiptrack:shipment:v1:";

    private final RedisGateway redis;
    private final ObjectMapper json;
    private final ShiptrackConfig.Cache config;
    private final CacheMetrics metrics;

    ShipmentCache(RedisGateway redis, ObjectMapper json, ShiptrackConfig config, CacheMetrics metrics) {
        this.redis = redis;
        this.json = json;
        this.config = config.cache();
        this.metrics = metrics;
    }

    /** The cached copy, fresh or not; empty when there is none or Redis cannot answer in time. */
    @Fallback(fallbackMethod = "lookupWithoutRedis")
    public Optional<CachedShipment> lookup(String trackingNumber) {
        String value = redis.call(values -> values.get(PREFIX + trackingNumber));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(value, CachedShipment.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable cache entry for %s dropped: %s", trackingNumber, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    Optional<CachedShipment> lookupWithoutRedis(String trackingNumber, Throwable failure) {
        metrics.redisError();
        LOG.debugf("cache bypassed for %s: %s", trackingNumber, failure.toString());
        return Optional.empty();
    }

    /** Stores a copy without waiting: a found shipment is kept for keep-for, a "not found" for not-found-for. */
    public void store(String trackingNumber, CachedShipment copy) {
        Duration ttl = copy.isNotFound() ? config.notFoundFor() : config.keepFor();
        String value;
        try {
            value = json.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a shipment for the cache", e);
        }
        redis.send(values -> values.set(PREFIX + trackingNumber, value, new SetArgs().px(ttl)), failure -> {
            metrics.redisError();
            LOG.debugf("cache store for %s failed: %s", trackingNumber, failure.toString());
        });
    }

    /** Whether a copy read at {@code copy.readAt()} may be answered without asking storage. */
    public boolean isFresh(CachedShipment copy, java.time.Instant now) {
        return copy.isNotFound() || copy.age(now).compareTo(config.freshFor()) < 0;
    }
}
