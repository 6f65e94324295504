package io.shiptrack.model.jobs;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.Identifiers;
import io.shiptrack.model.jobs.JobRequest.ImportEvents;
import io.shiptrack.model.jobs.JobRequest.PurgeDelivered;
import io.shiptrack.model.jobs.JobRequest.RecomputeMemberStats;
import io.shiptrack.model.jobs.JobRequest.WarmCache;
import io.shiptrack.model.validation.MemberId;
import io.shiptrack.model.validation.RegionName;

/**
 * The parameters of every job type in one shape; each type reads its own and the rest stay null. See docs/api.md,
 * "Job requests". {@code region} is the region a region-bound job (WARM_CACHE) runs in. Each rule belongs to the
 * validation group of the job type that reads the parameter ({@link JobRequest#validate}); events are checked one by
 * one there, up to the error cap, not by cascading.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The parameters of every job type in one shape; each type reads its own.")
public record JobParameters(
        @MemberId(groups = RecomputeMemberStats.class) @Schema(nullable = true, pattern = Identifiers.MEMBER_ID_PATTERN, description = "RECOMPUTE_MEMBER_STATS: the member; a member may name only itself, and omitted means the caller") String memberId,
        @NotEmpty(message = "must hold at least one event", groups = ImportEvents.class) @Size(max = JobRequest.MAX_IMPORTED_EVENTS, message = "must hold at most {max} events", groups = ImportEvents.class) @Schema(nullable = true, maxItems = JobRequest.MAX_IMPORTED_EVENTS, description = "IMPORT_EVENTS: the events, each validated as a posted event") List<ImportedEvent> events,
        @Min(value = 1, message = JobParameters.LIMIT_RULE, groups = WarmCache.class) @Max(value = JobRequest.MAX_WARM_LIMIT, message = JobParameters.LIMIT_RULE, groups = WarmCache.class) @Schema(nullable = true, minimum = "1", maximum = ""
                + JobRequest.MAX_WARM_LIMIT, description = "WARM_CACHE: how many of the most recently updated shipments to load (default 10000)") Integer limit,
        @NotNull(message = JobParameters.DAYS_RULE, groups = PurgeDelivered.class) @Min(value = 1, message = JobParameters.DAYS_RULE, groups = PurgeDelivered.class) @Max(value = JobRequest.MAX_PURGE_DAYS, message = JobParameters.DAYS_RULE, groups = PurgeDelivered.class) @Schema(nullable = true, minimum = "1", description = "PURGE_DELIVERED: purge shipments delivered longer ago") Integer olderThanDays,
        @RegionName(groups = WarmCache.class) @Schema(nullable = true, description = "WARM_CACHE: the region whose Redis to fill (default: the region of the API that accepted it)") String region) {

    static final String LIMIT_RULE = "must be 1 to " + JobRequest.MAX_WARM_LIMIT;
    static final String DAYS_RULE = "is required and must be 1 to " + JobRequest.MAX_PURGE_DAYS;

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
