package io.shiptrack.model.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** PURGE_DELIVERED: remove shipments delivered more than {@link #olderThanDays} days ago. ops only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PurgeDeliveredParameters")
public record PurgeDelivered(
        @NotNull(message = PurgeDelivered.DAYS_RULE) @Min(value = 1, message = PurgeDelivered.DAYS_RULE) @Max(value = PurgeDelivered.MAX_DAYS, message = PurgeDelivered.DAYS_RULE) @Schema(nullable = true, minimum = "1", description = "PURGE_DELIVERED: purge shipments delivered longer ago") Integer olderThanDays)
        implements
            JobParameters {

    /** A century: any cut-off further back would fall before the times storage holds. */
    public static final int MAX_DAYS = 36_500;
    static final String DAYS_RULE = "is required and must be 1 to " + MAX_DAYS;

    @Override
    public PurgeDelivered normalized(String caller, String defaultRegion) {
        return this;
    }

    /** ops only. */
    @Override
    public boolean allows(Submitter submitter) {
        return submitter.ops();
    }
}
