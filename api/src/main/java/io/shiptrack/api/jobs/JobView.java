package io.shiptrack.api.jobs;

import java.time.Instant;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.JobType;
import io.shiptrack.model.jobs.JobRecord;

/** A job as {@code GET /jobs/{jobId}} shows it. */
public record JobView(String jobId, JobType type, JobStatus status, Progress progress, int attempts, String error,
        Instant createdAt, Instant updatedAt) {

    public record Progress(long processed, long total) {
    }

    static JobView of(JobRecord job) {
        return new JobView(job.jobId(), job.type(), job.status(),
                new Progress(job.progress().processed(), job.progress().total()), job.attempts(), job.error(),
                job.createdAt(), job.updatedAt());
    }
}
