package io.shiptrack.api.cache;

import java.time.Duration;
import java.time.Instant;

import io.shiptrack.model.ShipmentView;

/** A cached read: the shipment, or null for a remembered "not found", and when storage answered it. */
public record CachedShipment(ShipmentView shipment, Instant readAt) {

    public boolean isNotFound() {
        return shipment == null;
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(readAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
