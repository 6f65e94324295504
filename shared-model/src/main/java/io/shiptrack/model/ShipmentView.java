package io.shiptrack.model;

import java.time.Instant;

/** A shipment as {@code GET /shipments/{trackingNumber}} shows it to anyone who holds the number. */
public record ShipmentView(String trackingNumber, ShipmentStatus status, String origin, String destination,
        String carrier, Instant promisedBy, Instant deliveredAt, TrackingEvent lastEvent, Instant updatedAt) {
}
