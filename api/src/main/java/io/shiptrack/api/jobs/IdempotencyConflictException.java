package io.shiptrack.api.jobs;

/** The Idempotency-Key was used before with another request body: 422. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String jobId) {
        super("this Idempotency-Key was used for a different request (job " + jobId + ")");
    }
}
