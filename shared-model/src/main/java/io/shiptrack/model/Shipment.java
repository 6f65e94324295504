package io.shiptrack.model;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The stored summary of a shipment, including the member it belongs to and its {@code owner}: the token subject
 * of the carrier that registered it (see {@link CarrierScope}); null on rows written before owners were stored.
 * <p>
 * {@code version} orders the states of one shipment: every committed change stores a greater one, in the same
 * transaction as the change, so a copy read from any endpoint (the secondary included, whose rows carry their own
 * {@code Timestamp} and ETag) can be compared with another. It is the greater of the previous version plus one and
 * the commit's epoch milliseconds, so a shipment registered anew after a purge starts above the one purged. Rows
 * stored before versions were written read as {@link #UNVERSIONED}, the oldest. Not part of the body: clients see it as
 * the {@code ETag}.
 */
@Schema(description = "A shipment as the carrier that wrote it sees it. Every property is always present; lastEvent is null before the first event.", requiredProperties = {
        "trackingNumber", "status", "origin", "destination", "memberId", "carrier", "owner", "promisedBy",
        "deliveredAt", "lastEvent", "createdAt", "updatedAt"})
public record Shipment(
        @Schema(pattern = TrackingNumbers.PATTERN, example = "TN0000000001") String trackingNumber,
        ShipmentStatus status,
        String origin,
        String destination,
        @Schema(nullable = true, description = "The member it belongs to; null when none was named") String memberId,
        String carrier,
        @Schema(nullable = true, description = "The token subject (sub) of the carrier that registered it; null on shipments registered before owners were recorded") String owner,
        Instant promisedBy,
        @Schema(implementation = String.class, format = "date-time", nullable = true, description = "Time of the latest DELIVERED event; null until then") Instant deliveredAt,
        TrackingEvent lastEvent,
        Instant createdAt,
        Instant updatedAt,
        @JsonIgnore @Schema(hidden = true) long version) {

    /** The version of a summary stored before versions were written: older than any other. */
    public static final long UNVERSIONED = 0;

    /** A new shipment registered by the carrier {@code owner}, before any event. */
    public static Shipment register(String trackingNumber, ShipmentRequest request, String owner, Instant now) {
        return new Shipment(trackingNumber, ShipmentStatus.CREATED, request.origin(), request.destination(),
                request.memberId(), request.carrier(), owner, request.promisedBy(), null, null, now, now,
                nextVersion(UNVERSIONED, now));
    }

    /** This shipment with its registration replaced; its owner and tracking history stay. */
    public Shipment replacedBy(ShipmentRequest request, Instant now) {
        return new Shipment(trackingNumber, status, request.origin(), request.destination(), request.memberId(),
                request.carrier(), owner, request.promisedBy(), deliveredAt, lastEvent, createdAt, now,
                nextVersion(version, now));
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
                owner, promisedBy, delivered, latest ? event : lastEvent, createdAt, now, nextVersion(version, now));
    }

    /** The version of the change committed after {@code previous} at {@code now}. */
    static long nextVersion(long previous, Instant now) {
        return Math.max(previous + 1, now.toEpochMilli());
    }

    /** What anyone holding the tracking number may see: everything but the member. */
    public ShipmentView toView() {
        return new ShipmentView(trackingNumber, status, origin, destination, carrier, promisedBy, deliveredAt,
                lastEvent, updatedAt);
    }
}
