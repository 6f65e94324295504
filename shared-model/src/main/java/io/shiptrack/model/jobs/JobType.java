package io.shiptrack.model.jobs;

/**
 * The kinds of background job the worker runs, each naming the record of its parameters. The names are the
 * {@code type} of requests, job rows and queue messages.
 */
public enum JobType {
    RECOMPUTE_MEMBER_STATS(RecomputeMemberStats.class), IMPORT_EVENTS(ImportEvents.class), WARM_CACHE(
            WarmCache.class), PURGE_DELIVERED(PurgeDelivered.class);

    private final Class<? extends JobParameters> parametersType;

    JobType(Class<? extends JobParameters> parametersType) {
        this.parametersType = parametersType;
    }

    /** The record holding this type's parameters. */
    public Class<? extends JobParameters> parametersType() {
        return parametersType;
    }

    /** The parameters of a request or row that has none: what {@code "parameters":{}} means. */
    public JobParameters noParameters() {
        return JobJson.read("{}", parametersType);
    }

    /** The type whose parameters {@code parametersType} holds. */
    public static JobType of(Class<?> parametersType) {
        for (JobType type : values()) {
            if (type.parametersType == parametersType) {
                return type;
            }
        }
        throw new IllegalArgumentException(parametersType + " is no job type's parameters");
    }
}
