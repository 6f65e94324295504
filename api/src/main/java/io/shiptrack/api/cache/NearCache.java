package io.shiptrack.api.cache;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.CachedCopy;

/**
 * A small in-memory copy of recent cache entries in front of Redis, a second at most: "where is my parcel" is
 * polled, so a few tracking numbers are hot, and each would otherwise cost a Redis round trip per request.
 */
@ApplicationScoped
public class NearCache {

    private final Cache<String, CachedCopy> copies;

    @Inject
    NearCache(ShiptrackConfig config) {
        this(config.cache().nearFor(), config.cache().nearMaxEntries());
    }

    NearCache(Duration nearFor, long maxEntries) {
        this.copies = nearFor.isZero()
                ? null
                : Caffeine.newBuilder().expireAfterWrite(nearFor).maximumSize(maxEntries).build();
    }

    public Optional<CachedCopy> get(String trackingNumber) {
        return copies == null ? Optional.empty() : Optional.ofNullable(copies.getIfPresent(trackingNumber));
    }

    public void put(String trackingNumber, CachedCopy copy) {
        if (copies != null) {
            copies.put(trackingNumber, copy);
        }
    }
}
