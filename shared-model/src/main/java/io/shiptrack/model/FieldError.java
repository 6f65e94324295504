package io.shiptrack.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One broken input rule: which field, and what it must be. */
@Schema(description = "One broken input rule.", requiredProperties = {"field", "message"})
public record FieldError(
        @Schema(example = "promisedBy") String field,
        @Schema(example = "is required") String message) {

    public static FieldError of(String field, String message) {
        return new FieldError(field, message);
    }

    /** The same error for a field inside an indexed list element, e.g. {@code events[3].type}. */
    public FieldError within(String listField, int index) {
        return new FieldError(listField + "[" + index + "]." + field, message);
    }
}
