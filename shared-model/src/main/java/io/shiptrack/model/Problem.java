package io.shiptrack.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document; {@code errors} lists broken input rules when there are any. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "An RFC 9457 problem: every error answer is one, as application/problem+json.", requiredProperties = {
        "type", "title", "status"})
public record Problem(
        @Schema(example = "urn:shiptrack:problem:invalid-request") String type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(description = "What went wrong, for people") String detail,
        @Schema(description = "The broken input rules; present only when there are any") List<FieldError> errors) {
}
