package io.shiptrack.api.service;

import java.time.Duration;

import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.model.CachedCopy;

/**
 * The answer to a shipment read: the copy answered (its JSON, null when there is none; its version; which endpoint its
 * data came from, with the secondary's last sync time), where this answer was served from, and the age of a cached
 * copy.
 */
public record ShipmentRead(CachedCopy copy, ReadSource source, Duration age) {

    public boolean found() {
        return !copy.isNotFound();
    }

    public String json() {
        return copy.json();
    }
}
