package io.shiptrack.store;

import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.MemberStats;

/** Maps a member's statistics ({@link MemberStats}) to and from its MemberStats row. */
public final class MemberStatsEntities {

    private MemberStatsEntities() {
    }

    public static TableEntity toEntity(MemberStats stats) {
        TableEntity entity = new TableEntity(stats.memberId(), TableKeys.STATS_ROW)
                .addProperty("OnTimeCount", stats.onTimeCount())
                .addProperty("LateCount", stats.lateCount())
                .addProperty("TotalDelayMillis", stats.totalDelayMillis())
                .addProperty("ComputedAt", EntityValues.time(stats.computedAt()))
                .addProperty("JobId", stats.jobId());
        Double average = stats.averageDelayHours();
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
