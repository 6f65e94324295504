package io.shiptrack.model.jobs;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.Identifiers;

/**
 * The parameters of every job type in one shape; each type reads its own and the rest stay null. See docs/api.md,
 * "Job requests". {@code region} is the region a region-bound job (WARM_CACHE) runs in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The parameters of every job type in one shape; each type reads its own.")
public record JobParameters(
        @Schema(nullable = true, pattern = Identifiers.MEMBER_ID_PATTERN, description = "RECOMPUTE_MEMBER_STATS: the member; a member may name only itself, and omitted means the caller") String memberId,
        @Schema(nullable = true, maxItems = JobRequest.MAX_IMPORTED_EVENTS, description = "IMPORT_EVENTS: the events, each validated as a posted event") List<ImportedEvent> events,
        @Schema(nullable = true, minimum = "1", maximum = ""
                + JobRequest.MAX_WARM_LIMIT, description = "WARM_CACHE: how many of the most recently updated shipments to load (default 10000)") Integer limit,
        @Schema(nullable = true, minimum = "1", description = "PURGE_DELIVERED: purge shipments delivered longer ago") Integer olderThanDays,
        @Schema(nullable = true, description = "WARM_CACHE: the region whose Redis to fill (default: the region of the API that accepted it)") String region) {

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
