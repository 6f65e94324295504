package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;
import io.smallrye.mutiny.Uni;

/**
 * Cache-aside copies of shipment reads in the region's Redis. Copies are kept long after they stop being fresh,
 * so that the last known copy can be answered while both table endpoints fail. Redis failing is bypassed. A
 * {@link NearCache} of a second in front of Redis spares hot tracking numbers the round trip.
 */
@ApplicationScoped
public class ShipmentCache {

    private static final Logger LOG = Logger.getLogger(ShipmentCache.class);

    private final RedisGateway redis;
    private final ShiptrackConfig.Cache config;
    private final CacheMetrics metrics;
    private final NearCache near;
    /** The copies (tracking number and read time) whose background re-read has been started on this instance. */
    private final Cache<String, Boolean> refreshesClaimed;

    ShipmentCache(RedisGateway redis, NearCache near, ShiptrackConfig config, CacheMetrics metrics) {
        this.near = near;
        this.redis = redis;
        this.config = config.cache();
        this.metrics = metrics;
        this.refreshesClaimed = Caffeine.newBuilder().expireAfterWrite(this.config.freshFor())
                .maximumSize(this.config.nearMaxEntries()).executor(Runnable::run).build();
    }

    /**
     * The cached copy, fresh or not; empty when there is none or Redis cannot answer in time (bypassed). Readers of
     * one tracking number that miss the near cache together share one Redis lookup.
     */
    public Uni<Optional<CachedCopy>> lookup(String trackingNumber) {
        return Uni.createFrom()
                .completionStage(
                        () -> near.get(trackingNumber, () -> fromRedis(trackingNumber).subscribeAsCompletionStage()));
    }

    /** The copy this instance holds in memory, if it has one at hand; no Redis lookup. */
    public Optional<CachedCopy> inMemory(String trackingNumber) {
        return near.ready(trackingNumber);
    }

    private Uni<Optional<CachedCopy>> fromRedis(String trackingNumber) {
        return redis.get(CachedCopy.key(trackingNumber)).map(CachedCopy::decode).onFailure().recoverWithItem(e -> {
            metrics.redisError();
            LOG.debugf("cache bypassed for %s: %s", trackingNumber, e.toString());
            return Optional.empty();
        });
    }

    /**
     * Stores a copy without waiting: a found shipment is kept for keep-for, a "not found" for not-found-for. A copy
     * read earlier than the one already stored never replaces it, so a slow read that races a write cannot put the
     * shipment back as it was before the write.
     */
    public void store(String trackingNumber, CachedCopy copy) {
        near.put(trackingNumber, copy);
        Duration ttl = copy.isNotFound() ? config.notFoundFor() : config.keepFor();
        redis.store(trackingNumber, copy, ttl).subscribe().with(stored -> {
        }, failure -> {
            metrics.redisError();
            LOG.debugf("cache store for %s failed: %s", trackingNumber, failure.toString());
        });
    }

    /** Whether a copy may be answered without asking storage. */
    public boolean isFresh(CachedCopy copy, Instant now) {
        return copy.isNotFound() || copy.age(now).compareTo(config.freshFor()) < 0;
    }

    /** Whether a fresh copy is old enough to be re-read from storage in the background (see refresh-after). */
    public boolean isDueForRefresh(CachedCopy copy, Instant now) {
        return !copy.isNotFound() && copy.age(now).compareTo(config.refreshAfter()) >= 0;
    }

    /**
     * Whether the caller should start the background re-read of this copy: true once per copy and instance when it
     * is due. A re-read that cannot store anything (storage down, or a 404 from the secondary) is therefore not
     * retried on every hit; the copy goes stale at fresh-for and is read the ordinary way.
     */
    public boolean claimRefresh(String trackingNumber, CachedCopy copy, Instant now) {
        return isDueForRefresh(copy, now) && refreshesClaimed.asMap()
                .putIfAbsent(trackingNumber + "|" + copy.readAt().toEpochMilli(), Boolean.TRUE) == null;
    }
}
