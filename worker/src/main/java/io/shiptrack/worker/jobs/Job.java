package io.shiptrack.worker.jobs;

import java.time.Instant;

import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobRecord;

/**
 * One job type's logic, as chunks: {@link #begin} makes the first checkpoint, each {@link #step} does one chunk of
 * idempotent writes and returns the checkpoint after it. The runner saves every checkpoint with If-Match before
 * the next step, so a crash redoes at most the chunk in flight. {@code C} is a JSON-mapped record.
 */
public interface Job<C> {

    /** The parameters record of the job type this job runs: the runner finds the job of a message by it. */
    Class<? extends JobParameters> parametersType();

    Class<C> checkpointType();

    C begin(JobRecord job, Instant now);

    Step<C> step(JobRecord job, C checkpoint, int chunkNo, Instant now);

    /** One chunk's result: the checkpoint after it, progress, and whether the job is complete. */
    record Step<C>(C checkpoint, long processed, long total, boolean done) {
    }
}
