package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.validation.EventId;
import io.shiptrack.model.validation.NotFarAhead;
import io.shiptrack.model.validation.PlainText;
import io.shiptrack.model.validation.StoredTime;

/**
 * The body of {@code POST /shipments/{trackingNumber}/events}: one carrier tracking event. Its rules are the Bean
 * Validation constraints on its components; an {@code IMPORT_EVENTS} job's events are held to the same ones.
 */
@Schema(description = "A carrier's tracking event; eventId makes posting it idempotent.", requiredProperties = {
        "eventId", "type", "occurredAt"})
public record EventRequest(
        @NotNull(message = Identifiers.EVENT_ID_RULE) @EventId @Schema(pattern = Identifiers.EVENT_ID_PATTERN, example = "scan-0001") String eventId,
        @NotNull(message = Texts.REQUIRED) ShipmentStatus type,
        @NotNull(message = Texts.REQUIRED) @StoredTime @NotFarAhead @Schema(description = "At most 24 hours in the future") Instant occurredAt,
        @Size(max = EventRequest.MAX_LOCATION_LENGTH, message = Texts.AT_MOST) @PlainText @Schema(nullable = true, maxLength = EventRequest.MAX_LOCATION_LENGTH, example = "Antwerp, BE") String location,
        @Size(max = EventRequest.MAX_NOTE_LENGTH, message = Texts.AT_MOST) @PlainText @Schema(nullable = true, maxLength = EventRequest.MAX_NOTE_LENGTH, example = "departed hub") String note) {

    public static final int MAX_LOCATION_LENGTH = 200;
    public static final int MAX_NOTE_LENGTH = 1000;
    /** Carrier clocks drift; an event further in the future than this is a mistake. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(24);

    /** True when {@code occurredAt} is further ahead of {@code now} than {@link #MAX_CLOCK_SKEW}. */
    public static boolean isTooFarAhead(Instant occurredAt, Instant now) {
        return occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW));
    }

    /** The event as it is stored: its time truncated to the millisecond the row key can hold. */
    public TrackingEvent toEvent(Instant recordedAt) {
        return new TrackingEvent(eventId, type, occurredAt.truncatedTo(ChronoUnit.MILLIS), location, note, recordedAt);
    }
}
