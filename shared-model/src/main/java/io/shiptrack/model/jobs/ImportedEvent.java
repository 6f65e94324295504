package io.shiptrack.model.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.EventRequest;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TrackingNumbers;
import io.shiptrack.model.validation.TrackingNumber;
import io.shiptrack.model.validation.Violations;

/** One event of an IMPORT_EVENTS job: what {@code POST /shipments/{trackingNumber}/events} takes, plus the number. */
@Schema(description = "One event of an IMPORT_EVENTS job.", requiredProperties = {"trackingNumber", "eventId", "type",
        "occurredAt"})
public record ImportedEvent(
        @NotNull(message = TrackingNumbers.RULE) @TrackingNumber @Schema(pattern = TrackingNumbers.PATTERN, example = "TN0000000001") String trackingNumber,
        @Schema(pattern = Identifiers.EVENT_ID_PATTERN, example = "scan-0001") String eventId,
        ShipmentStatus type,
        Instant occurredAt,
        @Schema(nullable = true, maxLength = EventRequest.MAX_LOCATION_LENGTH) String location,
        @Schema(nullable = true, maxLength = EventRequest.MAX_NOTE_LENGTH) String note) {

    /**
     * Every broken rule: its own (the tracking number's) and those of a posted event, checked by
     * {@code validator} on {@link #toEventRequest()}, so that each rule is stated once.
     */
    public List<FieldError> validate(Validator validator) {
        List<FieldError> errors = new ArrayList<>(Violations.fieldErrors(validator.validate(this), ""));
        errors.addAll(Violations.fieldErrors(validator.validate(toEventRequest()), ""));
        return errors;
    }

    public EventRequest toEventRequest() {
        return new EventRequest(eventId, type, occurredAt, location, note);
    }
}
