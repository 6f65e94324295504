package io.shiptrack.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.shiptrack.api.jobs.JobService;
import io.shiptrack.api.security.Caller;

/** The signed-in member's delivery promptness, as the last RECOMPUTE_MEMBER_STATS job computed it. */
@Path("/api/v1/me/stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("member")
@SecurityRequirement(name = "bearer")
@Tag(name = "Members")
public class StatsResource {

    private final JobService jobs;
    private final Caller caller;

    StatsResource(JobService jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getMyStats", summary = "Delivery promptness: on-time and late counts, on-time ratio, average delay, computedAt")
    @APIResponse(responseCode = "200", description = "The statistics", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatsView.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a member")
    @APIResponse(responseCode = "404", description = "Never computed; submit RECOMPUTE_MEMBER_STATS")
    @APIResponse(responseCode = "503", description = "Nothing can serve the read; see Retry-After")
    public Response stats() {
        return jobs.stats(caller.memberId()).map(stats -> Response.ok(StatsView.of(stats)).build())
                .orElseGet(() -> Problems.response(404, "not-found", "Not Found",
                        "no statistics yet; submit a RECOMPUTE_MEMBER_STATS job"));
    }
}
