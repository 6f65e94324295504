package io.shiptrack.model;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One row of a member's shipment list, with what listing and delivery statistics need, and the {@link Shipment#version()
 * version} of the shipment it shows (so that a row read from a secondary that lags can be told older than a copy the
 * region holds; not part of the body).
 */
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
        Instant updatedAt,
        @JsonIgnore @Schema(hidden = true) long version) {

    public static MemberShipment of(Shipment shipment) {
        return new MemberShipment(shipment.trackingNumber(), shipment.status(), shipment.origin(),
                shipment.destination(), shipment.carrier(), shipment.promisedBy(), shipment.deliveredAt(),
                shipment.updatedAt(), shipment.version());
    }

    /** This row as {@code view} (the shipment at {@code version}) shows it. */
    public MemberShipment as(ShipmentView view, long version) {
        return new MemberShipment(trackingNumber, view.status(), view.origin(), view.destination(), view.carrier(),
                view.promisedBy(), view.deliveredAt(), view.updatedAt(), version);
    }
}
