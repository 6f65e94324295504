package io.shiptrack.model;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** The table names and the key scheme of every row Shiptrack stores. */
public final class TableKeys {

    public static final String SHIPMENTS = "Shipments";
    public static final String MEMBER_SHIPMENTS = "MemberShipments";
    public static final String MEMBER_STATS = "MemberStats";
    public static final String JOBS = "Jobs";
    /** Every table, as Bicep creates them in Azure and the local stack on Azurite. */
    public static final List<String> ALL_TABLES = List.of(SHIPMENTS, MEMBER_SHIPMENTS, MEMBER_STATS, JOBS);

    /** RowKey of a shipment's summary row, in the partition of its tracking number. */
    public static final String SUMMARY_ROW = "summary";
    /** RowKey prefix of event rows: {@code e|<inverted occurredAt millis>|<eventId>}, newest first. */
    public static final String EVENT_PREFIX = "e|";
    /** The first RowKey after every event row ({@code '}'} follows {@code '|'}). */
    public static final String EVENT_PREFIX_END = "e}";
    /** RowKey prefix of the marker that makes an eventId unique within its shipment. */
    public static final String EVENT_ID_PREFIX = "eid|";
    /** The first RowKey after every eventId marker. */
    public static final String EVENT_ID_PREFIX_END = "eid}";
    /** RowKey of a member's delivery statistics in MemberStats. */
    public static final String STATS_ROW = "delivery-promptness";

    private static final Pattern EVENT_ROW_KEY = Pattern.compile("e\\|\\d{19}\\|[A-Za-z0-9._:-]{1,64}");

    private TableKeys() {
    }

    /** The RowKey of an event: inverted time so that a partition scan returns the newest first. */
    public static String eventRowKey(Instant occurredAt, String eventId) {
        long inverted = Long.MAX_VALUE - occurredAt.toEpochMilli();
        return EVENT_PREFIX + String.format("%019d", inverted) + "|" + eventId;
    }

    public static boolean isEventRowKey(String rowKey) {
        return rowKey != null && EVENT_ROW_KEY.matcher(rowKey).matches();
    }

    public static String eventIdRowKey(String eventId) {
        return EVENT_ID_PREFIX + eventId;
    }
}
