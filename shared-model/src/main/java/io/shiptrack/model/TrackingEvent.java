package io.shiptrack.model;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stored tracking event of a shipment, as clients see it. */
// Nullable as a whole because a shipment's lastEvent is null before its first event: OpenAPI 3.0 has no other way to
// let a referenced object be null that validators honour (a `nullable` beside `allOf` does not allow null).
@Schema(description = "A stored tracking event. Every property is always present.", nullable = true, requiredProperties = {
        "eventId",
        "type", "occurredAt", "location", "note", "recordedAt"})
public record TrackingEvent(
        @Schema(pattern = Identifiers.EVENT_ID_PATTERN, example = "scan-0001") String eventId,
        ShipmentStatus type,
        Instant occurredAt,
        @Schema(nullable = true, example = "Antwerp, BE") String location,
        @Schema(nullable = true, example = "departed hub") String note,
        @Schema(description = "When the API stored it") Instant recordedAt) {

    /** Whether this event comes after {@code other} in the shipment's story: later time, then larger id. */
    public boolean isAfter(TrackingEvent other) {
        int byTime = occurredAt.compareTo(other.occurredAt);
        return byTime != 0 ? byTime > 0 : eventId.compareTo(other.eventId) > 0;
    }
}
