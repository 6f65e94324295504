package io.shiptrack.model.jobs;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The parameters of every job type in one shape; each type reads its own and the rest stay null. See API.md,
 * "Job requests".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobParameters(String memberId, List<ImportedEvent> events, Integer limit, Integer olderThanDays) {

    public static final JobParameters NONE = new JobParameters(null, null, null, null);

    /** These parameters without the event list, which is staged as chunk rows instead of stored in the row. */
    public JobParameters withoutEvents() {
        return new JobParameters(memberId, null, limit, olderThanDays);
    }
}
