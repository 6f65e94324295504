package io.shiptrack.model.jobs;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The parameters of every job type in one shape; each type reads its own and the rest stay null. See API.md,
 * "Job requests". {@code region} is the region a region-bound job (WARM_CACHE) runs in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobParameters(String memberId, List<ImportedEvent> events, Integer limit, Integer olderThanDays,
        String region) {

    public static final JobParameters NONE = new JobParameters(null, null, null, null);

    /** Parameters of a region-free job. */
    public JobParameters(String memberId, List<ImportedEvent> events, Integer limit, Integer olderThanDays) {
        this(memberId, events, limit, olderThanDays, null);
    }

    /** These parameters without the event list, which is staged as chunk rows instead of stored in the row. */
    public JobParameters withoutEvents() {
        return new JobParameters(memberId, null, limit, olderThanDays, region);
    }
}
