package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /shipments/{trackingNumber}/events}: one carrier tracking event. */
@Schema(description = "A carrier's tracking event; eventId makes posting it idempotent.", requiredProperties = {
        "eventId", "type", "occurredAt"})
public record EventRequest(
        @Schema(pattern = Identifiers.EVENT_ID_PATTERN, example = "scan-0001") String eventId,
        ShipmentStatus type,
        @Schema(description = "At most 24 hours in the future") Instant occurredAt,
        @Schema(nullable = true, maxLength = EventRequest.MAX_LOCATION_LENGTH, example = "Antwerp, BE") String location,
        @Schema(nullable = true, maxLength = EventRequest.MAX_NOTE_LENGTH, example = "departed hub") String note) {

    public static final int MAX_LOCATION_LENGTH = 200;
    public static final int MAX_NOTE_LENGTH = 1000;
    /** Carrier clocks drift; an event further in the future than this is a mistake. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(24);

    /** Every broken rule at time {@code now}, empty when the event is valid. */
    public List<FieldError> validate(Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!Identifiers.isEventId(eventId)) {
            errors.add(FieldError.of("eventId", "must be 1 to 64 letters, digits or . _ : -"));
        }
        Texts.required(errors, "type", type);
        Texts.required(errors, "occurredAt", occurredAt);
        Texts.time(errors, "occurredAt", occurredAt);
        if (occurredAt != null && occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            errors.add(FieldError.of("occurredAt", "must not be more than 24 hours in the future"));
        }
        Texts.text(errors, "location", location, false, MAX_LOCATION_LENGTH);
        Texts.text(errors, "note", note, false, MAX_NOTE_LENGTH);
        return errors;
    }

    /** The event as it is stored: its time truncated to the millisecond the row key can hold. */
    public TrackingEvent toEvent(Instant recordedAt) {
        return new TrackingEvent(eventId, type, occurredAt.truncatedTo(ChronoUnit.MILLIS), location, note, recordedAt);
    }
}
