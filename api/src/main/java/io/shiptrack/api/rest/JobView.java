package io.shiptrack.api.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;

/** A job as {@code GET /jobs/{jobId}} shows it; {@code region} only for a region-bound job (WARM_CACHE). */
@RegisterForReflection
@Schema(description = "A job's status and progress. Every property is always present but region, which only a region-bound job (WARM_CACHE) has.", requiredProperties = {
        "jobId",
        "type", "status", "progress", "attempts", "error", "createdAt", "updatedAt"})
public record JobView(
        @Schema(pattern = Identifiers.JOB_ID_PATTERN, example = "3f6c1e0b9a7d4e2f8c5b1a0d9e8f7c6b") String jobId,
        JobType type,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The region whose worker runs it (WARM_CACHE only)") String region,
        JobStatus status,
        Progress progress,
        @Schema(description = "How many times the worker has started it") int attempts,
        @Schema(nullable = true, description = "Why it FAILED; null otherwise") String error,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(description = "Items processed so far, of the total known (0 until the worker knows it)", requiredProperties = {
            "processed", "total"})
    public record Progress(long processed, long total) {
    }

    static JobView of(JobRecord job) {
        return new JobView(job.jobId(), job.type(), job.region(), job.status(),
                new Progress(job.progress().processed(), job.progress().total()), job.attempts(), job.error(),
                job.createdAt(), job.updatedAt());
    }
}
