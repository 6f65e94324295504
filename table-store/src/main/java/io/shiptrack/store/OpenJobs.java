package io.shiptrack.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submitter's unfinished jobs as one row (PartitionKey {@code open|<submitter>}, RowKey {@code ledger}): each job
 * id with the time it was admitted, and the row's ETag as read (null: there was no row). The per-submitter limit is
 * held by writing the row back only if it is still at that ETag, so two submissions racing for the last place cannot
 * both take it: one write wins, the other re-reads and finds the limit reached.
 */
public record OpenJobs(String submitter, Map<String, Instant> admitted, String eTag) {

    public OpenJobs {
        admitted = Collections.unmodifiableMap(new LinkedHashMap<>(admitted));
    }

    /** Encodes the entries as {@code <jobId>:<epoch millis>,...}: job ids are hex, so neither character occurs. */
    static String encode(Map<String, Instant> admitted) {
        StringBuilder text = new StringBuilder();
        admitted.forEach((jobId, at) -> text.append(text.isEmpty() ? "" : ",").append(jobId).append(':')
                .append(at.toEpochMilli()));
        return text.toString();
    }

    static Map<String, Instant> decode(String text) {
        Map<String, Instant> admitted = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String entry : text.split(",")) {
                int colon = entry.indexOf(':');
                admitted.put(entry.substring(0, colon), Instant.ofEpochMilli(Long.parseLong(entry.substring(colon
                        + 1))));
            }
        }
        return admitted;
    }
}
