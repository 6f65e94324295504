package io.shiptrack.model;

import java.time.Instant;
import java.util.List;

/**
 * Shared checks for free-text, identifier and time fields: every value that passes them maps to a valid table
 * entity and row key, so that bad input is a 400 before any storage call and never looks like an outage.
 */
final class Texts {

    /**
     * The earliest time a stored instant may carry. Table Storage keeps Edm.DateTime from 1601, but event row keys
     * invert epoch milliseconds to list the newest first, which orders only times from 1970 on.
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest time Table Storage keeps in an Edm.DateTime. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Texts() {
    }

    /** A time within what storage and the key scheme hold: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. */
    static void time(List<FieldError> errors, String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            errors.add(FieldError.of(field, "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z"));
        }
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
        } else if (!isWellFormed(value)) {
            errors.add(FieldError.of(field, "must be well-formed Unicode (no unpaired surrogate)"));
        }
    }

    static void required(List<FieldError> errors, String field, Object value) {
        if (value == null) {
            errors.add(FieldError.of(field, "is required"));
        }
    }

    /** No lone UTF-16 surrogate: such a string has no UTF-8 form, and storage would refuse it. */
    private static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
