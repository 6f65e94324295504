package io.shiptrack.model.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.shiptrack.model.EventRequest;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TrackingNumbers;

/** One event of an IMPORT_EVENTS job: what {@code POST /shipments/{trackingNumber}/events} takes, plus the number. */
public record ImportedEvent(String trackingNumber, String eventId, ShipmentStatus type, Instant occurredAt,
        String location, String note) {

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
