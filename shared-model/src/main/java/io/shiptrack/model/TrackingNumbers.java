package io.shiptrack.model;

import java.util.regex.Pattern;

/** The tracking-number rule: upper-case ASCII letters and digits, 8 to 40 characters. */
public final class TrackingNumbers {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 40;
    /** The rule as a regular expression, also published in the OpenAPI document. */
    public static final String REGEX = "[A-Z0-9]{" + MIN_LENGTH + "," + MAX_LENGTH + "}";
    /** {@link #REGEX} anchored, as JSON Schema's {@code pattern} wants it. */
    public static final String PATTERN = "^" + REGEX + "$";
    /** The rule as a field error says it. */
    public static final String RULE = "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " upper-case letters and digits";
    private static final Pattern VALID = Pattern.compile(REGEX);

    private TrackingNumbers() {
    }

    /** True when {@code value} is a well-formed tracking number; null is not. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** Returns {@code value} or throws {@link ValidationException} naming the rule. */
    public static String requireValid(String value) {
        if (!isValid(value)) {
            throw new ValidationException(
                    FieldError.of("trackingNumber", RULE));
        }
        return value;
    }
}
