package io.shiptrack.model;

import java.time.Instant;

/** One stored tracking event of a shipment, as clients see it. */
public record TrackingEvent(String eventId, ShipmentStatus type, Instant occurredAt, String location, String note,
        Instant recordedAt) {

    /** Whether this event comes after {@code other} in the shipment's story: later time, then larger id. */
    public boolean isAfter(TrackingEvent other) {
        int byTime = occurredAt.compareTo(other.occurredAt);
        return byTime != 0 ? byTime > 0 : eventId.compareTo(other.eventId) > 0;
    }
}
