package io.shiptrack.api.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * A value read from storage, with the endpoint that answered and, for the secondary, its last sync time as known when
 * it answered (null when unknown or from the primary).
 */
public record Sourced<T>(T value, ReadSource source, Instant lastSync) {

    public Sourced(T value, ReadSource source) {
        this(value, source, null);
    }

    public Optional<Instant> secondaryLastSync() {
        return Optional.ofNullable(lastSync);
    }
}
