package io.shiptrack.model;

import java.time.Instant;

/**
 * The rules for free-text and time fields: every value that passes them maps to a valid table entity and row key,
 * so that bad input is a 400 before any storage call and never looks like an outage. The Bean Validation
 * constraints of {@code io.shiptrack.model.validation} ({@code @StoredTime}, {@code @PlainText}) apply them.
 */
public final class Texts {

    /** The message of every required field that is missing. */
    public static final String REQUIRED = "is required";
    /** The message of a text over its {@code @Size(max)}. */
    public static final String AT_MOST = "must be at most {max} characters";
    /**
     * The earliest time a stored instant may carry. Table Storage keeps Edm.DateTime from 1601, but event row keys
     * invert epoch milliseconds to list the newest first, which orders only times from 1970 on.
     */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest time Table Storage keeps in an Edm.DateTime. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    public static final String TIME_RULE = "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";
    public static final String CONTROL_RULE = "must not contain control characters";
    public static final String UNICODE_RULE = "must be well-formed Unicode (no unpaired surrogate)";

    private Texts() {
    }

    /** A time within what storage and the key scheme hold: {@link #EARLIEST} to {@link #LATEST}; null passes. */
    public static boolean isStorable(Instant value) {
        return value == null || !(value.isBefore(EARLIEST) || value.isAfter(LATEST));
    }

    /**
     * The rule {@code value} breaks as text storage can hold and a page can show, or null: no control characters
     * ({@link #CONTROL_RULE}) and no unpaired surrogate ({@link #UNICODE_RULE}). Null passes.
     */
    public static String plainTextProblem(String value) {
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return CONTROL_RULE;
        }
        return isWellFormed(value) ? null : UNICODE_RULE;
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
