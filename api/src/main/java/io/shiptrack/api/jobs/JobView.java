package io.shiptrack.api.jobs;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.JobType;
import io.shiptrack.model.jobs.JobRecord;

/** A job as {@code GET /jobs/{jobId}} shows it; {@code region} only for a region-bound job (WARM_CACHE). */
public record JobView(String jobId, JobType type, @JsonInclude(JsonInclude.Include.NON_NULL) String region,
        JobStatus status, Progress progress, int attempts, String error, Instant createdAt, Instant updatedAt) {

    public record Progress(long processed, long total) {
    }

    static JobView of(JobRecord job) {
        return new JobView(job.jobId(), job.type(), job.region(), job.status(),
                new Progress(job.progress().processed(), job.progress().total()), job.attempts(), job.error(),
                job.createdAt(), job.updatedAt());
    }
}
