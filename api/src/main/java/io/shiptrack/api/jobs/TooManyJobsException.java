package io.shiptrack.api.jobs;

/** The submitter has as many unfinished jobs as it may have: 429 with Retry-After. */
public class TooManyJobsException extends RuntimeException {

    private final int retryAfterSeconds;

    TooManyJobsException(int maxUnfinished, int retryAfterSeconds) {
        super("the caller has " + maxUnfinished + " unfinished jobs, as many as it may have; submit again when one "
                + "has finished", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
