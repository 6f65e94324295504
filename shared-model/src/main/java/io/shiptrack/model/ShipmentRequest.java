package io.shiptrack.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /shipments/{trackingNumber}}: what a carrier registers about a shipment. */
@Schema(description = "What a carrier registers about a shipment.", requiredProperties = {"origin", "destination",
        "promisedBy", "carrier"})
public record ShipmentRequest(
        @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_PLACE_LENGTH, example = "Rotterdam, NL") String origin,
        @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_PLACE_LENGTH, example = "Lyon, FR") String destination,
        Instant promisedBy,
        @Schema(nullable = true, pattern = Identifiers.MEMBER_ID_PATTERN, example = "member-42", description = "The member it belongs to (the subject of the member's token)") String memberId,
        @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_CARRIER_LENGTH, example = "acme") String carrier) {

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
