package io.shiptrack.model;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of a member's shipment list, with what listing and delivery statistics need. */
@Schema(description = "One of the member's shipments. Every property is always present.", requiredProperties = {
        "trackingNumber", "status", "origin", "destination", "carrier", "promisedBy",
        "deliveredAt", "updatedAt"})
public record MemberShipment(
        @Schema(pattern = TrackingNumbers.PATTERN, example = "TN0000000001") String trackingNumber,
        ShipmentStatus status,
        String origin,
        String destination,
        String carrier,
        Instant promisedBy,
        @Schema(implementation = String.class, format = "date-time", nullable = true, description = "Time of the latest DELIVERED event; null until then") Instant deliveredAt,
        Instant updatedAt) {

    public static MemberShipment of(Shipment shipment) {
        return new MemberShipment(shipment.trackingNumber(), shipment.status(), shipment.origin(),
                shipment.destination(), shipment.carrier(), shipment.promisedBy(), shipment.deliveredAt(),
                shipment.updatedAt());
    }
}
