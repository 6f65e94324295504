package io.shiptrack.model.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.EventRequest;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TrackingNumbers;

/** One event of an IMPORT_EVENTS job: what {@code POST /shipments/{trackingNumber}/events} takes, plus the number. */
@Schema(description = "One event of an IMPORT_EVENTS job.", requiredProperties = {"trackingNumber", "eventId", "type",
        "occurredAt"})
public record ImportedEvent(
        @Schema(pattern = TrackingNumbers.PATTERN, example = "TN0000000001") String trackingNumber,
        @Schema(pattern = Identifiers.EVENT_ID_PATTERN, example = "scan-0001") String eventId,
        ShipmentStatus type,
        Instant occurredAt,
        @Schema(nullable = true, maxLength = EventRequest.MAX_LOCATION_LENGTH) String location,
        @Schema(nullable = true, maxLength = EventRequest.MAX_NOTE_LENGTH) String note) {

    /** Every broken rule, with the same rules as a posted event. */
    public List<FieldError> validate(Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!TrackingNumbers.isValid(trackingNumber)) {
            errors.add(FieldError.of("trackingNumber", "must be " + TrackingNumbers.MIN_LENGTH + " to "
                    + TrackingNumbers.MAX_LENGTH + " upper-case letters and digits"));
        }
        errors.addAll(toEventRequest().validate(now));
        return errors;
    }

    public EventRequest toEventRequest() {
        return new EventRequest(eventId, type, occurredAt, location, note);
    }
}
