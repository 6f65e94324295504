package io.shiptrack.model;

import java.util.List;

/** Shared checks for free-text and identifier fields. */
final class Texts {

    private Texts() {
    }

    static void text(List<FieldError> errors, String field, String value, boolean required, int maxLength) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return;
        }
        if (value.length() > maxLength) {
            errors.add(FieldError.of(field, "must be at most " + maxLength + " characters"));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(FieldError.of(field, "must not contain control characters"));
        }
    }

    static void required(List<FieldError> errors, String field, Object value) {
        if (value == null) {
            errors.add(FieldError.of(field, "is required"));
        }
    }
}
