package io.shiptrack.model;

import java.time.Instant;

/**
 * The stored summary of a shipment, including the member it belongs to and its {@code owner}: the token subject
 * of the carrier that registered it (see {@link CarrierScope}); null on rows written before owners were stored.
 */
public record Shipment(String trackingNumber, ShipmentStatus status, String origin, String destination,
        String memberId, String carrier, String owner, Instant promisedBy, Instant deliveredAt,
        TrackingEvent lastEvent, Instant createdAt, Instant updatedAt) {

    /** A new shipment registered by the carrier {@code owner}, before any event. */
    public static Shipment register(String trackingNumber, ShipmentRequest request, String owner, Instant now) {
        return new Shipment(trackingNumber, ShipmentStatus.CREATED, request.origin(), request.destination(),
                request.memberId(), request.carrier(), owner, request.promisedBy(), null, null, now, now);
    }

    /** This shipment with its registration replaced; its owner and tracking history stay. */
    public Shipment replacedBy(ShipmentRequest request, Instant now) {
        return new Shipment(trackingNumber, status, request.origin(), request.destination(), request.memberId(),
                request.carrier(), owner, request.promisedBy(), deliveredAt, lastEvent, createdAt, now);
    }

    /**
     * This shipment after {@code event}, whatever order events arrive in: the status follows the latest event
     * by {@code occurredAt}, and {@code deliveredAt} is the time of the latest DELIVERED event.
     */
    public Shipment withEvent(TrackingEvent event, Instant now) {
        boolean latest = lastEvent == null || event.isAfter(lastEvent);
        Instant delivered = deliveredAt;
        if (event.type() == ShipmentStatus.DELIVERED
                && (delivered == null || event.occurredAt().isAfter(delivered))) {
            delivered = event.occurredAt();
        }
        return new Shipment(trackingNumber, latest ? event.type() : status, origin, destination, memberId, carrier,
                owner, promisedBy, delivered, latest ? event : lastEvent, createdAt, now);
    }

    /** What anyone holding the tracking number may see: everything but the member. */
    public ShipmentView toView() {
        return new ShipmentView(trackingNumber, status, origin, destination, carrier, promisedBy, deliveredAt,
                lastEvent, updatedAt);
    }
}
