package io.shiptrack.api.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.shiptrack.api.security.Caller;
import io.shiptrack.api.service.ShipmentReads;
import io.shiptrack.model.Cursors;
import io.shiptrack.model.TrackingNumbers;
import io.smallrye.mutiny.Uni;

/** What a signed-in member sees of its own shipments; the member is always the token's subject. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("member")
@SecurityRequirement(name = "bearer")
@Tag(name = "Members", description = "What a signed-in member sees of its own shipments")
public class MemberResource {

    private final ShipmentReads shipments;
    private final Caller caller;

    MemberResource(ShipmentReads shipments, Caller caller) {
        this.shipments = shipments;
        this.caller = caller;
    }

    @GET
    @Path("/shipments")
    @Operation(operationId = "listMyShipments", summary = "The caller's shipments by tracking number, paged with an opaque cursor")
    @APIResponse(responseCode = "200", description = "One page of the caller's shipments", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiContract.MemberShipmentPage.class)), headers = @Header(name = ApiContract.READ_SOURCE, ref = ApiContract.READ_SOURCE))
    @APIResponse(responseCode = "400", description = "Malformed limit or cursor")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a member")
    @APIResponse(responseCode = "503", description = "Nothing can serve the read; see Retry-After")
    public Uni<Response> shipments(@QueryParam("limit") @Params.PageSize String limit,
            @QueryParam("cursor") String cursor) {
        int pageSize = Params.limit(limit);
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor, TrackingNumbers::isValid);
        return Uni.createFrom().completionStage(shipments.memberShipments(caller.memberId(), after, pageSize))
                .map(page -> Response.ok(page.value()).header(ShipmentResource.READ_SOURCE, page.source().header())
                        .build());
    }
}
