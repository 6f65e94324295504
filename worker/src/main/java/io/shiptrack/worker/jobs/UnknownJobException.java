package io.shiptrack.worker.jobs;

/** A message names a job that has no row: it fails until it lands in the poison queue. */
public class UnknownJobException extends RuntimeException {

    public UnknownJobException(String jobId) {
        super("no job row for job id " + jobId);
    }
}
