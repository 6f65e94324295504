package io.shiptrack.api.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.shiptrack.api.storage.ReadSource;

/**
 * The answer to a shipment read: the shipment view's JSON (null when there is none), where it came from, the age of
 * a cached copy, and the secondary's last sync time when the secondary answered.
 */
public record ShipmentRead(String json, ReadSource source, Duration age, Optional<OffsetDateTime> secondaryLastSync) {

    public boolean found() {
        return json != null;
    }
}
