package io.shiptrack.api.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.shiptrack.api.jobs.IdempotencyConflictException;
import io.shiptrack.api.jobs.JobNotFoundException;
import io.shiptrack.api.jobs.TooManyJobsException;

/** problem+json answers for the job endpoints' own refusals. */
public class JobProblemMappers {

    @ServerExceptionMapper
    public Response idempotencyConflict(IdempotencyConflictException e) {
        return Problems.response(422, "idempotency-key-reused", "Unprocessable Content", e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooManyJobs(TooManyJobsException e) {
        return Response.fromResponse(Problems.response(429, "too-many-jobs", "Too Many Requests", e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response jobNotFound(JobNotFoundException e) {
        return Problems.response(404, "not-found", "Not Found", "no job with this id was submitted by the caller");
    }
}
