package io.shiptrack.model;

/** The life cycle of a background job. */
public enum JobStatus {
    ACCEPTED, QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** Whether the job will never run again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
