package io.shiptrack.api.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.model.ShipmentView;

/**
 * The answer to a shipment read: the shipment (null when there is none), where it came from, the age of a cached
 * copy, and the secondary's last sync time when the secondary answered.
 */
public record ShipmentRead(ShipmentView shipment, ReadSource source, Duration age,
        Optional<OffsetDateTime> secondaryLastSync) {

    public boolean found() {
        return shipment != null;
    }
}
