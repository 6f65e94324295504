package io.shiptrack.model;

/** One broken input rule: which field, and what it must be. */
public record FieldError(String field, String message) {

    public static FieldError of(String field, String message) {
        return new FieldError(field, message);
    }

    /** The same error for a field inside an indexed list element, e.g. {@code events[3].type}. */
    public FieldError within(String listField, int index) {
        return new FieldError(listField + "[" + index + "]." + field, message);
    }
}
