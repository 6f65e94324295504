package io.shiptrack.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code PUT /shipments/{trackingNumber}}: what a carrier registers about a shipment. */
public record ShipmentRequest(String origin, String destination, Instant promisedBy, String memberId, String carrier) {

    public static final int MAX_PLACE_LENGTH = 100;
    public static final int MAX_CARRIER_LENGTH = 64;

    /** Every broken rule, empty when the request is valid. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Texts.text(errors, "origin", origin, true, MAX_PLACE_LENGTH);
        Texts.text(errors, "destination", destination, true, MAX_PLACE_LENGTH);
        Texts.required(errors, "promisedBy", promisedBy);
        Texts.time(errors, "promisedBy", promisedBy);
        Texts.text(errors, "carrier", carrier, true, MAX_CARRIER_LENGTH);
        if (memberId != null && !Identifiers.isMemberId(memberId)) {
            errors.add(FieldError.of("memberId", "must be 1 to 128 letters, digits or . _ @ -"));
        }
        return errors;
    }
}
