package io.shiptrack.model.jobs;

import java.time.Instant;

import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.EntityValues;
import io.shiptrack.model.TableKeys;

/** A member's delivery promptness as RECOMPUTE_MEMBER_STATS last computed it (the MemberStats row). */
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

    public TableEntity toEntity() {
        TableEntity entity = new TableEntity(memberId, TableKeys.STATS_ROW)
                .addProperty("OnTimeCount", onTimeCount)
                .addProperty("LateCount", lateCount)
                .addProperty("TotalDelayMillis", totalDelayMillis)
                .addProperty("ComputedAt", EntityValues.time(computedAt))
                .addProperty("JobId", jobId);
        Double average = averageDelayHours();
        if (average != null) {
            entity.addProperty("AverageDelayHours", average);
        }
        return entity;
    }

    public static MemberStats from(TableEntity entity) {
        return new MemberStats(entity.getPartitionKey(), EntityValues.number(entity, "OnTimeCount"),
                EntityValues.number(entity, "LateCount"), EntityValues.number(entity, "TotalDelayMillis"),
                EntityValues.instant(entity, "ComputedAt"), EntityValues.string(entity, "JobId"));
    }
}
