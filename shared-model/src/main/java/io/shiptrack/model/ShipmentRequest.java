package io.shiptrack.model;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.validation.MemberId;
import io.shiptrack.model.validation.PlainText;
import io.shiptrack.model.validation.StoredTime;

/**
 * The body of {@code PUT /shipments/{trackingNumber}}: what a carrier registers about a shipment. Its rules are the
 * Bean Validation constraints on its components.
 */
@Schema(description = "What a carrier registers about a shipment.", requiredProperties = {"origin", "destination",
        "promisedBy", "carrier"})
public record ShipmentRequest(
        @NotBlank(message = Texts.REQUIRED) @Size(max = ShipmentRequest.MAX_PLACE_LENGTH, message = Texts.AT_MOST) @PlainText @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_PLACE_LENGTH, example = "Rotterdam, NL") String origin,
        @NotBlank(message = Texts.REQUIRED) @Size(max = ShipmentRequest.MAX_PLACE_LENGTH, message = Texts.AT_MOST) @PlainText @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_PLACE_LENGTH, example = "Lyon, FR") String destination,
        @NotNull(message = Texts.REQUIRED) @StoredTime Instant promisedBy,
        @MemberId @Schema(nullable = true, pattern = Identifiers.MEMBER_ID_PATTERN, example = "member-42", description = "The member it belongs to (the subject of the member's token)") String memberId,
        @NotBlank(message = Texts.REQUIRED) @Size(max = ShipmentRequest.MAX_CARRIER_LENGTH, message = Texts.AT_MOST) @PlainText @Schema(minLength = 1, maxLength = ShipmentRequest.MAX_CARRIER_LENGTH, example = "acme") String carrier) {

    public static final int MAX_PLACE_LENGTH = 100;
    public static final int MAX_CARRIER_LENGTH = 64;
}
