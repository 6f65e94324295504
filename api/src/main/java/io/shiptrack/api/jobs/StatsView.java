package io.shiptrack.api.jobs;

import java.time.Instant;

import io.shiptrack.model.jobs.MemberStats;

/** A member's delivery promptness as {@code GET /me/stats} shows it. */
public record StatsView(long onTimeCount, long lateCount, Double onTimeRatio, Double averageDelayHours,
        Instant computedAt) {

    static StatsView of(MemberStats stats) {
        return new StatsView(stats.onTimeCount(), stats.lateCount(), stats.onTimeRatio(), stats.averageDelayHours(),
                stats.computedAt());
    }
}
