package io.shiptrack.api.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.ForbiddenException;
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.jobs.JobNotFoundException;
import io.shiptrack.api.jobs.JobService;
import io.shiptrack.api.security.Caller;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.ValidationException;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.Submitter;

/** Background jobs: submit one with an Idempotency-Key, and follow it. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "Jobs", description = "Background jobs, submitted with an Idempotency-Key")
public class JobResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;

    private final JobService jobs;
    private final Caller caller;
    private final Validator validator;
    private final ShiptrackConfig config;

    JobResource(JobService jobs, Caller caller, Validator validator, ShiptrackConfig config) {
        this.jobs = jobs;
        this.caller = caller;
        this.validator = validator;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"member", "carrier", "ops"})
    @Operation(operationId = "submitJob", summary = "Submit a job; the same Idempotency-Key and body give the same job", description = "WARM_CACHE "
            + "is region-bound: it fills the Redis of parameters.region (default: the region of the API that "
            + "accepted it) and runs only on that region's worker, whichever region accepted it. Other job types "
            + "are region-free: any region's worker runs them.")
    @APIResponse(responseCode = "202", description = "Accepted (or the same job again); Location names the job", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)), headers = @Header(name = ApiContract.LOCATION, ref = ApiContract.LOCATION))
    @APIResponse(responseCode = "400", description = "Invalid body, no Idempotency-Key, or an unknown region")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "The caller's role may not submit this job")
    @APIResponse(responseCode = "409", description = "The caller's other submissions kept racing this one for its open-jobs row; see Retry-After")
    @APIResponse(responseCode = "413", description = "Body over the job body limit (32 MiB)")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with another body")
    @APIResponse(responseCode = "429", description = "The caller has too many unfinished jobs; see Retry-After")
    @APIResponse(responseCode = "503", description = "The primary cannot take writes now; see Retry-After")
    public Response submit(
            @Parameter(name = IDEMPOTENCY_KEY, required = true, description = "The client's key for this submission: "
                    + "the same key and body give the same job", example = "5b0e8e43-7f1c-4c1e-9d55-3f7f0c1d2a9e", schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = MAX_KEY_LENGTH, pattern = "^[!-~]+$")) @HeaderParam(IDEMPOTENCY_KEY) String key,
            JobRequest request) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ValidationException(FieldError.of(IDEMPOTENCY_KEY,
                    "header is required: 1 to " + MAX_KEY_LENGTH + " visible ASCII characters"));
        }
        // Not @Valid: the rules depend on the type, and an import's events are checked only up to the error cap.
        JobService.requireValid(Params.requireBody(request).validate(validator));
        Submitter submitter = caller.submitter();
        JobRequest normal = request.normalized(submitter.member() ? submitter.subject() : null,
                config.region().orElse(null));
        // Who may submit what: each job type's parameters say (JobParameters.allows; docs/api.md lists the rules).
        if (!normal.parameters().allows(submitter)) {
            throw new ForbiddenException("the caller's roles may not submit this job");
        }
        requireKnownRegion(normal);
        JobService.Submission submission = jobs.submit(submitter.subject(), submitter.ops(), key, normal);
        return Response.accepted(JobView.of(submission.job()))
                .location(URI.create("/api/v1/jobs/" + submission.job().jobId())).build();
    }

    @GET
    @Path("/{jobId}")
    @RolesAllowed({"member", "carrier", "ops"})
    @Operation(operationId = "getJob", summary = "A job's status and progress; only its submitter and ops see it")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "The token has none of the roles member, carrier, ops")
    @APIResponse(responseCode = "404", description = "No such job submitted by the caller")
    @APIResponse(responseCode = "503", description = "Nothing can serve the read; see Retry-After")
    public JobView get(@PathParam("jobId") String jobId) {
        if (!Identifiers.isJobId(jobId)) {
            throw new JobNotFoundException();
        }
        return JobView.of(jobs.find(jobId, caller.memberId(), caller.hasRole("ops")));
    }

    /** A region-bound job must name a region that has a worker (its queue exists only for those). */
    private void requireKnownRegion(JobRequest request) {
        String region = request.parameters().region();
        if (region == null) {
            return;
        }
        List<String> known = config.regions().orElseGet(() -> config.region().map(List::of).orElse(List.of()));
        if (!known.contains(region)) {
            throw new ValidationException(List.of(FieldError.of("parameters.region",
                    known.isEmpty()
                            ? "is not supported: this deployment has no regional workers"
                            : "must be one of " + String.join(", ", known))));
        }
    }
}
