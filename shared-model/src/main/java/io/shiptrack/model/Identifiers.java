package io.shiptrack.model;

import java.util.regex.Pattern;

/** Rules for the ids that become table keys: member ids, carrier event ids and job ids. */
public final class Identifiers {

    /** The rules as regular expressions, also published in the OpenAPI document. */
    public static final String MEMBER_ID_REGEX = "[A-Za-z0-9._@-]{1,128}";
    public static final String EVENT_ID_REGEX = "[A-Za-z0-9._:-]{1,64}";
    public static final String JOB_ID_REGEX = "[a-f0-9]{32}";

    public static final String MEMBER_ID_PATTERN = "^" + MEMBER_ID_REGEX + "$";
    public static final String EVENT_ID_PATTERN = "^" + EVENT_ID_REGEX + "$";
    public static final String JOB_ID_PATTERN = "^" + JOB_ID_REGEX + "$";

    /** The rules as a field error says them. */
    public static final String MEMBER_ID_RULE = "must be 1 to 128 letters, digits or . _ @ -";
    public static final String EVENT_ID_RULE = "must be 1 to 64 letters, digits or . _ : -";

    private static final Pattern MEMBER_ID = Pattern.compile(MEMBER_ID_REGEX);
    private static final Pattern EVENT_ID = Pattern.compile(EVENT_ID_REGEX);
    private static final Pattern JOB_ID = Pattern.compile(JOB_ID_REGEX);

    private Identifiers() {
    }

    /** Member ids are token subjects: letters, digits and {@code . _ @ -}, at most 128. */
    public static boolean isMemberId(String value) {
        return value != null && MEMBER_ID.matcher(value).matches();
    }

    /** Carrier event ids: letters, digits and {@code . _ : -}, at most 64. */
    public static boolean isEventId(String value) {
        return value != null && EVENT_ID.matcher(value).matches();
    }

    /** Job ids are 32 lower-case hex digits. */
    public static boolean isJobId(String value) {
        return value != null && JOB_ID.matcher(value).matches();
    }
}
