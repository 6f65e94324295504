package io.shiptrack.model;

import java.util.regex.Pattern;

/** Rules for the ids that become table keys: member ids, carrier event ids and job ids. */
public final class Identifiers {

    private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern JOB_ID = Pattern.compile("[a-f0-9]{32}");

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
