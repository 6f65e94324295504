package io.shiptrack.model;

/** The kinds of background job the worker runs. */
public enum JobType {
    RECOMPUTE_MEMBER_STATS, IMPORT_EVENTS, WARM_CACHE, PURGE_DELIVERED
}
