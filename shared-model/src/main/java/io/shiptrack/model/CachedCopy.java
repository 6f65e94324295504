package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A cached shipment read as the API and the worker keep it in Redis: the shipment's public JSON exactly as the API
 * answers it (null for a remembered "not found"), and when storage answered it. The stored value is
 * {@code <readAt epoch millis>|<json>}, so a cache hit is answered without parsing or re-serialising JSON.
 */
public record CachedCopy(String json, Instant readAt) {

    private static final String KEY_PREFIX = "shiptrack:shipment:v2:";

    /**
     * Stores ARGV[1] (an encoded copy) under KEYS[1] for ARGV[2] ms, unless the copy stored there was read later;
     * answers 1 if it stored it. Both read times are the values' own {@code <millis>|} prefixes. One script keeps
     * the compare and the set atomic.
     */
    public static final String SET_UNLESS_NEWER = """
            local function readAt(value)
              return value and tonumber(string.match(value, '^(%d+)|'))
            end
            local current = readAt(redis.call('GET', KEYS[1]))
            if current and current > readAt(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    /** The Redis key of a tracking number's copy. */
    public static String key(String trackingNumber) {
        return KEY_PREFIX + trackingNumber;
    }

    public boolean isNotFound() {
        return json == null;
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(readAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /**
     * The Redis command (name, then arguments) that stores this copy as {@code trackingNumber}'s for {@code ttl},
     * unless the copy stored there was read later; Redis answers 1 if it stored it. API and worker store copies only
     * this way, and both stamp a copy when storage answered (after a read, after a write's commit), so a slow reader
     * cannot put a shipment back as it was before a write.
     */
    public List<String> storeCommand(String trackingNumber, Duration ttl) {
        List<String> arguments = storeArguments(ttl);
        return List.of("EVAL", SET_UNLESS_NEWER, "1", key(trackingNumber), arguments.get(0), arguments.get(1));
    }

    /**
     * The arguments ({@code ARGV}) of {@link #SET_UNLESS_NEWER} that store this copy for {@code ttl}; the one key is
     * {@link #key}. For clients that load the script once and call it by its digest ({@code EVALSHA}).
     */
    public List<String> storeArguments(Duration ttl) {
        return List.of(encode(), Long.toString(ttl.toMillis()));
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
