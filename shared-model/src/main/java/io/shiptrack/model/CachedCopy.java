package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A cached shipment read as the API and the worker keep it in Redis: the shipment's public JSON exactly as the API
 * answers it (null for a remembered "not found"), the shipment's {@link Shipment#version() version}, when storage
 * answered it, and whether the secondary answered it (then with the secondary's last sync time, if known). The stored
 * value is {@code <version>|<readAt epoch millis>|<origin>|<json>}, where origin is {@code p} (the primary) or
 * {@code s<last sync epoch millis, or nothing>} (the secondary), so a cache hit is answered without parsing or
 * re-serialising JSON.
 * <p>
 * Copies of a found shipment are ordered by version, never by clock: a copy read later from a secondary that lags, or
 * a job's copy of a page read before a write, shows an older version and never replaces the write's copy. A "not
 * found" has no version, so it and a found copy are ordered by read time, as before versions (see
 * {@link #replaces}).
 */
public record CachedCopy(String json, long version, Instant readAt, boolean fromSecondary, Instant secondaryLastSync) {

    private static final String KEY_PREFIX = "shiptrack:shipment:v3:";

    /**
     * Stores ARGV[1] (an encoded copy) under KEYS[1] for ARGV[2] ms unless the copy stored there
     * {@link #replaces replaces} it; answers 1 if it stored it. One script keeps the compare and the set atomic.
     */
    public static final String SET_UNLESS_NEWER = """
            local function parse(value)
              if not value then return nil end
              local version, readAt, json = string.match(value, '^(%d+)|(%d+)|[ps]%d*|()')
              if not version then return nil end
              return {version = tonumber(version), readAt = tonumber(readAt), notFound = json > #value}
            end
            local current = parse(redis.call('GET', KEYS[1]))
            local new = parse(ARGV[1])
            if current and new then
              if current.notFound or new.notFound then
                if current.readAt > new.readAt then return 0 end
              elseif current.version > new.version
                  or (current.version == new.version and current.readAt > new.readAt) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    /** A copy the primary answered (or a write left) at {@code readAt}. */
    public static CachedCopy fromPrimary(String json, long version, Instant readAt) {
        return new CachedCopy(json, version, readAt, false, null);
    }

    /** A copy the secondary answered at {@code readAt}; {@code lastSync} is its last sync time, null if unknown. */
    public static CachedCopy fromSecondary(String json, long version, Instant readAt, Instant lastSync) {
        return new CachedCopy(json, version, readAt, true, lastSync);
    }

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
     * Whether this copy may replace {@code current} (what {@link #SET_UNLESS_NEWER} decides in Redis, and the near
     * cache in memory): between found copies the greater version wins, and of one version the later read; where either
     * is a "not found", the later read.
     */
    public boolean replaces(CachedCopy current) {
        if (isNotFound() || current.isNotFound()) {
            return !current.readAt.isAfter(readAt);
        }
        return version > current.version || version == current.version && !current.readAt.isAfter(readAt);
    }

    /** Whether this copy shows an older state of the shipment than {@code other} (both found). */
    public boolean isOlderThan(CachedCopy other) {
        return !isNotFound() && other.isNewerThan(version);
    }

    /** Whether this copy shows the shipment at a later version than {@code version} (a "not found" never does). */
    public boolean isNewerThan(long version) {
        return !isNotFound() && this.version > version;
    }

    /** The secondary's last sync time when the secondary answered this copy and it was known. */
    public Optional<Instant> lastSync() {
        return Optional.ofNullable(secondaryLastSync);
    }

    /**
     * The Redis command (name, then arguments) that stores this copy as {@code trackingNumber}'s for {@code ttl},
     * unless the copy stored there is newer ({@link #replaces}); Redis answers 1 if it stored it. API and worker store
     * copies only this way.
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
        String origin = !fromSecondary ? "p" : secondaryLastSync == null ? "s" : "s" + secondaryLastSync.toEpochMilli();
        return version + "|" + readAt.toEpochMilli() + "|" + origin + "|" + (json == null ? "" : json);
    }

    /** The copy in a stored value; empty when the value is not one this format wrote. */
    public static Optional<CachedCopy> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int first = value.indexOf('|');
        int second = first < 0 ? -1 : value.indexOf('|', first + 1);
        int third = second < 0 ? -1 : value.indexOf('|', second + 1);
        if (first <= 0 || second <= first + 1 || third <= second + 1) {
            return Optional.empty();
        }
        try {
            long version = Long.parseLong(value, 0, first, 10);
            Instant readAt = Instant.ofEpochMilli(Long.parseLong(value, first + 1, second, 10));
            String json = value.length() == third + 1 ? null : value.substring(third + 1);
            return switch (value.charAt(second + 1)) {
                case 'p' -> third == second + 2 ? Optional.of(fromPrimary(json, version, readAt)) : Optional.empty();
                case 's' -> Optional.of(fromSecondary(json, version, readAt, third == second + 2
                        ? null
                        : Instant.ofEpochMilli(Long.parseLong(value, second + 2, third, 10))));
                default -> Optional.empty();
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
