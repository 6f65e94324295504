package io.shiptrack.api.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;

/**
 * Cache-aside copies of shipment reads in the region's Redis. Copies are kept long after they stop being fresh,
 * so that the last known copy can be answered while both table endpoints fail. Redis failing is bypassed. A copy
 * stored goes to the {@link NearCache} in front of Redis too. The order in which reads use them: ShipmentReads.
 */
@ApplicationScoped
public class ShipmentCache {

    private static final Logger LOG = Logger.getLogger(ShipmentCache.class);

    private final RedisGateway redis;
    private final ShiptrackConfig.Cache config;
    private final CacheMetrics metrics;
    private final NearCache near;

    ShipmentCache(RedisGateway redis, NearCache near, ShiptrackConfig config, CacheMetrics metrics) {
        this.near = near;
        this.redis = redis;
        this.config = config.cache();
        this.metrics = metrics;
    }

    /** Redis's copy, fresh or not; empty when there is none or Redis cannot answer in time (bypassed). */
    public CompletableFuture<Optional<CachedCopy>> lookup(String trackingNumber) {
        return redis.get(CachedCopy.key(trackingNumber)).map(CachedCopy::decode).onFailure().recoverWithItem(e -> {
            metrics.redisError();
            LOG.debugf("cache bypassed for %s: %s", trackingNumber, e.toString());
            return Optional.<CachedCopy>empty();
        }).subscribeAsCompletionStage();
    }

    /** Stores a write's copy (see {@link #store(String, Held)}). */
    public void store(String trackingNumber, CachedCopy copy) {
        store(trackingNumber, Held.cached(copy));
    }

    /**
     * Stores a copy without waiting: a found shipment is kept for keep-for, a "not found" for not-found-for. A copy
     * read earlier than the one already stored never replaces it, so a slow read that races a write cannot put the
     * shipment back as it was before the write.
     */
    public void store(String trackingNumber, Held held) {
        CachedCopy copy = held.copy();
        near.put(trackingNumber, held);
        Duration ttl = copy.isNotFound() ? config.notFoundFor() : config.keepFor();
        redis.store(trackingNumber, copy, ttl).subscribe().with(stored -> {
        }, failure -> {
            metrics.redisError();
            LOG.debugf("cache store for %s failed: %s", trackingNumber, failure.toString());
        });
    }
}
