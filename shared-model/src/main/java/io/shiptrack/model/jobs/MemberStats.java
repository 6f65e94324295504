package io.shiptrack.model.jobs;

import java.time.Instant;

/**
 * A member's delivery promptness as RECOMPUTE_MEMBER_STATS last computed it (the MemberStats row, mapped by the table
 * store's {@code MemberStatsEntities}).
 */
public record MemberStats(String memberId, long onTimeCount, long lateCount, long totalDelayMillis,
        Instant computedAt, String jobId) {

    /** On time / (on time + late); null when nothing was delivered yet. */
    public Double onTimeRatio() {
        long delivered = onTimeCount + lateCount;
        return delivered == 0 ? null : (double) onTimeCount / delivered;
    }

    /** Mean delay of the late deliveries in hours; null when none was late. */
    public Double averageDelayHours() {
        return lateCount == 0 ? null : totalDelayMillis / 3_600_000.0 / lateCount;
    }
}
