package io.shiptrack.api.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shiptrack.model.jobs.MemberStats;

/** A member's delivery promptness as {@code GET /me/stats} shows it. */
@RegisterForReflection
@Schema(description = "Delivery promptness over the member's delivered shipments. Every property is always present.", requiredProperties = {
        "onTimeCount", "lateCount", "onTimeRatio", "averageDelayHours", "computedAt"})
public record StatsView(
        @Schema(description = "Delivered at or before promisedBy") long onTimeCount,
        @Schema(description = "Delivered after promisedBy") long lateCount,
        @Schema(nullable = true, description = "onTime / (onTime + late); null when nothing was delivered") Double onTimeRatio,
        @Schema(nullable = true, description = "Mean delay of the late ones, in hours; null when none was late") Double averageDelayHours,
        Instant computedAt) {

    static StatsView of(MemberStats stats) {
        return new StatsView(stats.onTimeCount(), stats.lateCount(), stats.onTimeRatio(), stats.averageDelayHours(),
                stats.computedAt());
    }
}
