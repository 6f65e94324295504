package io.shiptrack.worker.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.localstack.Redis;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** The worker's Redis writes against a real redis-server that requires a password, as Azure's does. */
class RedisShipmentCacheTest {

    private static final Shipment VIEW = Shipment.register("AUTH12345678",
            new ShipmentRequest("A", "B", Instant.parse("2026-12-01T00:00:00Z"), null, "acme"), "acme",
            Instant.parse("2026-11-21T00:00:00Z"));
    /** The same shipment one change later. */
    private static final Shipment NEXT = VIEW.replacedBy(
            new ShipmentRequest("A", "C", Instant.parse("2026-12-01T00:00:00Z"), null, "acme"),
            Instant.parse("2026-11-21T00:00:01Z"));

    @Test
    void authenticatesWithAPercentEncodedPasswordAndWritesTheSharedFormatNeverBackwards() {
        try (Redis redis = Redis.startWithPassword("s3cr/t+key=");
                RedisShipmentCache cache = new RedisShipmentCache(URI.create(redis.uri()), Duration.ofSeconds(5))) {
            Instant readAt = Instant.parse("2026-11-21T10:00:00Z");
            cache.store(List.of(VIEW), readAt);
            CachedCopy copy = CachedCopy.decode(cache.get(CachedCopy.key(VIEW.trackingNumber()))).orElseThrow();
            assertEquals(readAt, copy.readAt());
            assertTrue(copy.json().contains("\"trackingNumber\":\"AUTH12345678\""), copy.json());
            // The same version read earlier never replaces it; read later, it does; an older version never does.
            cache.store(List.of(VIEW), readAt.minusSeconds(1));
            assertEquals(readAt, CachedCopy.decode(cache.get(CachedCopy.key(VIEW.trackingNumber()))).orElseThrow()
                    .readAt());
            cache.store(List.of(VIEW), readAt.plusSeconds(1));
            assertEquals(readAt.plusSeconds(1), CachedCopy
                    .decode(cache.get(CachedCopy.key(VIEW.trackingNumber()))).orElseThrow().readAt());
            cache.store(List.of(NEXT), readAt);
            cache.store(List.of(VIEW), readAt.plusSeconds(5));
            CachedCopy kept = CachedCopy.decode(cache.get(CachedCopy.key(VIEW.trackingNumber()))).orElseThrow();
            assertEquals(NEXT.version(), kept.version(), "a job's page read before a write never replaces its copy");
            assertTrue(kept.json().contains("\"destination\":\"C\""), kept.json());
            cache.remove(List.of(VIEW.trackingNumber()));
            assertEquals(null, cache.get(CachedCopy.key(VIEW.trackingNumber())));
        }
    }

    @Test
    void aWrongPasswordFails() {
        try (Redis redis = Redis.startWithPassword("right");
                RedisShipmentCache cache = new RedisShipmentCache(
                        URI.create("redis://:wrong@127.0.0.1:" + redis.port()), Duration.ofSeconds(5))) {
            assertThrows(JedisException.class, () -> cache.store(List.of(VIEW), Instant.now()));
        }
    }

    @Test
    void loadsTheScriptAgainWhenRedisHasForgottenIt() {
        try (Redis redis = Redis.start();
                RedisShipmentCache cache = new RedisShipmentCache(URI.create(redis.uri()), Duration.ofSeconds(5));
                RedisClient admin = RedisClient.create(URI.create(redis.uri()))) {
            Instant readAt = Instant.parse("2026-11-21T10:00:00Z");
            cache.store(List.of(VIEW), readAt);
            // A restarted or failed-over Redis has an empty script cache: EVALSHA answers NOSCRIPT.
            admin.scriptFlush();
            cache.store(List.of(VIEW), readAt.plusSeconds(1));
            assertEquals(readAt.plusSeconds(1), CachedCopy
                    .decode(cache.get(CachedCopy.key(VIEW.trackingNumber()))).orElseThrow().readAt());
        }
    }
}
