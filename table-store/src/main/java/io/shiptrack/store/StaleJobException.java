package io.shiptrack.store;

/** The job row changed since it was read (its ETag moved on): someone else took the lease or updated it. */
public class StaleJobException extends RuntimeException {

    public StaleJobException(String jobId) {
        super("job " + jobId + " changed since it was read");
    }
}
