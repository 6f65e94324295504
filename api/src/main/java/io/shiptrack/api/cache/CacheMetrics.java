package io.shiptrack.api.cache;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiptrack.api.storage.ReadSource;

/** Prometheus counters of shipment reads: by answering source, cache hits and misses, Redis errors. */
@ApplicationScoped
public class CacheMetrics {

    private final Counter hits;
    private final Counter misses;
    private final Counter redisErrors;
    private final Counter refreshes;
    private final Counter behindHeld;
    private final Map<ReadSource, Counter> reads = new EnumMap<>(ReadSource.class);

    CacheMetrics(MeterRegistry registry) {
        this.hits = Counter.builder("shiptrack.cache.lookups").tag("result", "hit")
                .description("Shipment cache lookups").register(registry);
        this.misses = Counter.builder("shiptrack.cache.lookups").tag("result", "miss")
                .description("Shipment cache lookups").register(registry);
        this.redisErrors = Counter.builder("shiptrack.cache.redis.errors")
                .description("Redis commands that failed or timed out").register(registry);
        this.refreshes = Counter.builder("shiptrack.cache.refreshes")
                .description("Background re-reads started for fresh but ageing copies (one per copy and instance)")
                .register(registry);
        this.behindHeld = Counter.builder("shiptrack.reads.behind")
                .description("Storage reads that answered an older state than the copy the region held (a lagging "
                        + "secondary, a read that began before a write); the held copy answered instead")
                .register(registry);
        for (ReadSource source : ReadSource.values()) {
            reads.put(source, Counter.builder("shiptrack.reads").tag("source", source.header())
                    .description("Shipment reads by the source that answered").register(registry));
        }
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void redisError() {
        redisErrors.increment();
    }

    public void refreshed() {
        refreshes.increment();
    }

    public void behindHeld() {
        behindHeld.increment();
    }

    /** One shipment read answered from {@code source}. */
    public void answered(ReadSource source) {
        reads.get(source).increment();
    }
}
