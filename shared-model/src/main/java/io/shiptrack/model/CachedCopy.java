package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cached shipment read as the API and the worker keep it in Redis: the shipment's public JSON exactly as the API
 * answers it (null for a remembered "not found"), and when storage answered it. The stored value is
 * {@code <readAt epoch millis>|<json>}, so a cache hit is answered without parsing or re-serialising JSON.
 */
public record CachedCopy(String json, Instant readAt) {

    private static final String KEY_PREFIX = "shiptrack:shipment:v2:";

    /**
     * The Lua script every writer of copies (API and worker) stores them with: {@code EVAL script 1 key value
     * readAtMillis ttlMillis} sets the value with a time to live unless the stored value was read later, and answers
     * 1 if it set it, 0 if not. Copies are stamped when storage answered (after a read, after a write's commit), so
     * a slow reader cannot put a shipment back as it was before a write; one script keeps compare and set atomic.
     */
    public static final String SET_UNLESS_NEWER = """
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

    /** The Redis key of a tracking number's copy. */
    public static String key(String trackingNumber) {
        return KEY_PREFIX + trackingNumber;
    }

    /** A remembered "no such shipment". */
    public static CachedCopy notFound(Instant readAt) {
        return new CachedCopy(null, readAt);
    }

    public boolean isNotFound() {
        return json == null;
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(readAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** The value stored under {@link #key}. */
    public String encode() {
        return readAt.toEpochMilli() + "|" + (json == null ? "" : json);
    }

    /** The copy in a stored value; empty when the value is not one this format wrote. */
    public static Optional<CachedCopy> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int bar = value.indexOf('|');
        if (bar <= 0) {
            return Optional.empty();
        }
        try {
            Instant readAt = Instant.ofEpochMilli(Long.parseLong(value, 0, bar, 10));
            String json = value.length() == bar + 1 ? null : value.substring(bar + 1);
            return Optional.of(new CachedCopy(json, readAt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
