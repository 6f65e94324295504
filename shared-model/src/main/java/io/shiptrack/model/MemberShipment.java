package io.shiptrack.model;

import java.time.Instant;

/** One row of a member's shipment list, with what listing and delivery statistics need. */
public record MemberShipment(String trackingNumber, ShipmentStatus status, String origin, String destination,
        String carrier, Instant promisedBy, Instant deliveredAt, Instant updatedAt) {

    public static MemberShipment of(Shipment shipment) {
        return new MemberShipment(shipment.trackingNumber(), shipment.status(), shipment.origin(),
                shipment.destination(), shipment.carrier(), shipment.promisedBy(), shipment.deliveredAt(),
                shipment.updatedAt());
    }
}
