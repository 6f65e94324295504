package io.shiptrack.model;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A shipment as {@code GET /shipments/{trackingNumber}} shows it to anyone who holds the number. */
@Schema(description = "A shipment as anyone holding its tracking number sees it. Every property is always present; lastEvent is null before the first event.", requiredProperties = {
        "trackingNumber", "status", "origin", "destination", "carrier", "promisedBy",
        "deliveredAt", "lastEvent", "updatedAt"})
public record ShipmentView(
        @Schema(pattern = TrackingNumbers.PATTERN, example = "TN0000000001") String trackingNumber,
        ShipmentStatus status,
        @Schema(example = "Rotterdam, NL") String origin,
        @Schema(example = "Lyon, FR") String destination,
        @Schema(example = "acme") String carrier,
        Instant promisedBy,
        @Schema(implementation = String.class, format = "date-time", nullable = true, description = "Time of the latest DELIVERED event; null until then") Instant deliveredAt,
        TrackingEvent lastEvent,
        Instant updatedAt) {
}
