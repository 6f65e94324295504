package io.shiptrack.api.rest;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.shiptrack.api.security.Caller;
import io.shiptrack.api.service.ShipmentRead;
import io.shiptrack.api.service.ShipmentReads;
import io.shiptrack.api.service.ShipmentService;
import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.model.Cursors;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.TrackingNumbers;
import io.shiptrack.store.ShipmentStore.Written;
import io.smallrye.mutiny.Uni;

/**
 * Shipment lookups by tracking number (anyone) and carrier writes. A shipment belongs to the carrier whose token
 * ({@code sub}) registered it: only that carrier, or ops, may replace it or add events; anyone else gets 404.
 */
@Path("/api/v1/shipments/{trackingNumber}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shipments", description = "Look-ups by tracking number (anyone) and carrier writes")
public class ShipmentResource {

    static final String READ_SOURCE = ApiContract.READ_SOURCE;
    static final String SECONDARY_LAST_SYNC = ApiContract.SECONDARY_LAST_SYNC;

    private final ShipmentReads reads;
    private final ShipmentService shipments;
    private final Caller caller;

    ShipmentResource(ShipmentReads reads, ShipmentService shipments, Caller caller) {
        this.reads = reads;
        this.shipments = shipments;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @Operation(operationId = "getShipment", summary = "Look a shipment up by tracking number", description = "Send the "
            + "ETag of the copy you hold as If-None-Match: the answer is 304 when the shipment has not changed since, "
            + "and never a version older than the one you hold, in any region, at any time.")
    @APIResponse(responseCode = "200", description = "The shipment", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentView.class)), headers = {
            @Header(name = READ_SOURCE, ref = READ_SOURCE), @Header(name = ApiContract.AGE, ref = ApiContract.AGE),
            @Header(name = ApiContract.READ_ORIGIN, ref = ApiContract.READ_ORIGIN),
            @Header(name = SECONDARY_LAST_SYNC, ref = SECONDARY_LAST_SYNC),
            @Header(name = ApiContract.ETAG, ref = ApiContract.ETAG)})
    @APIResponse(responseCode = "304", description = "Not modified: the version named in If-None-Match is the one this region holds, or newer; no body", headers = {
            @Header(name = ApiContract.ETAG, ref = ApiContract.ETAG),
            @Header(name = READ_SOURCE, ref = READ_SOURCE), @Header(name = ApiContract.AGE, ref = ApiContract.AGE),
            @Header(name = ApiContract.READ_ORIGIN, ref = ApiContract.READ_ORIGIN),
            @Header(name = SECONDARY_LAST_SYNC, ref = SECONDARY_LAST_SYNC)})
    @APIResponse(responseCode = "400", description = "Malformed tracking number")
    @APIResponse(responseCode = "404", description = "No such shipment (from the secondary: maybe not replicated yet)", headers = {
            @Header(name = READ_SOURCE, ref = READ_SOURCE), @Header(name = ApiContract.AGE, ref = ApiContract.AGE),
            @Header(name = SECONDARY_LAST_SYNC, ref = SECONDARY_LAST_SYNC)})
    @APIResponse(responseCode = "503", description = "Nothing can serve the read; see Retry-After. No X-Read-Source: nothing was read")
    public Uni<Response> get(@PathParam("trackingNumber") String trackingNumber,
            @Parameter(description = "The ETags of the copies the client holds; 304 when one names the version this region holds or a newer one") @HeaderParam(ApiContract.IF_NONE_MATCH) String ifNoneMatch) {
        TrackingNumbers.requireValid(trackingNumber);
        return reads.find(trackingNumber).map(read -> shipmentResponse(trackingNumber, read, ifNoneMatch));
    }

    private static Response shipmentResponse(String trackingNumber, ShipmentRead read, String ifNoneMatch) {
        Response.ResponseBuilder response;
        if (read.found()) {
            response = VersionTags.conditional(ifNoneMatch, read.copy().version(),
                    () -> Response.ok(read.json(), MediaType.APPLICATION_JSON_TYPE));
            response.header(ApiContract.READ_ORIGIN, read.copy().fromSecondary() ? "secondary" : "primary");
        } else {
            String detail = read.copy().fromSecondary()
                    ? "no shipment " + trackingNumber
                            + " on the secondary endpoint; a recent one may not have replicated yet"
                    : "no shipment is registered under tracking number " + trackingNumber;
            response = Response.fromResponse(Problems.response(404, "not-found", "Not Found", detail));
        }
        response.header(READ_SOURCE, read.source().header());
        if (read.source() == ReadSource.CACHE
                || read.source() == ReadSource.STALE_CACHE) {
            response.header("Age", read.age().toSeconds());
        }
        if (read.copy().fromSecondary()) {
            read.copy().lastSync().ifPresent(time -> response.header(SECONDARY_LAST_SYNC,
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC))));
        }
        return response.build();
    }

    @GET
    @Path("/events")
    @PermitAll
    @Operation(operationId = "listShipmentEvents", summary = "A shipment's tracking events, newest first, paged with an opaque cursor", description = "The "
            + "ETag is the version of the shipment the page shows at least; send it back as If-None-Match to be answered "
            + "304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "One page of events", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiContract.EventPage.class)), headers = {
            @Header(name = READ_SOURCE, ref = READ_SOURCE), @Header(name = ApiContract.ETAG, ref = ApiContract.ETAG)})
    @APIResponse(responseCode = "304", description = "Not modified: the version named in If-None-Match is the one this page shows, or newer; no body", headers = {
            @Header(name = READ_SOURCE, ref = READ_SOURCE), @Header(name = ApiContract.ETAG, ref = ApiContract.ETAG)})
    @APIResponse(responseCode = "400", description = "Malformed tracking number, limit or cursor")
    @APIResponse(responseCode = "404", description = "No such shipment")
    @APIResponse(responseCode = "503", description = "Nothing can serve the read; see Retry-After")
    public Uni<Response> events(@PathParam("trackingNumber") String trackingNumber,
            @QueryParam("limit") @Params.PageSize String limit,
            @QueryParam("cursor") String cursor,
            @Parameter(description = "The ETags of the pages the client holds; 304 when one names the version this page shows or a newer one") @HeaderParam(ApiContract.IF_NONE_MATCH) String ifNoneMatch) {
        TrackingNumbers.requireValid(trackingNumber);
        int pageSize = Params.limit(limit);
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor, TableKeys::isEventRowKey);
        return Uni.createFrom().completionStage(reads.events(trackingNumber, after, pageSize))
                .map(read -> VersionTags.conditional(ifNoneMatch, read.version(), () -> Response.ok(read.page()))
                        .header(READ_SOURCE, read.source().header()).build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"carrier", "ops"})
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "putShipment", summary = "Register (201) or replace (200) a shipment", description = "A new "
            + "shipment belongs to the calling carrier (the token's sub). Only that carrier, or ops, may replace it; for "
            + "anyone else it does not exist (404).")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Shipment.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Shipment.class)), headers = @Header(name = ApiContract.LOCATION, ref = ApiContract.LOCATION))
    @APIResponse(responseCode = "400", description = "Invalid body or tracking number")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Neither carrier nor ops")
    @APIResponse(responseCode = "404", description = "The shipment belongs to another carrier")
    @APIResponse(responseCode = "409", description = "Lost too many races with concurrent writers; see Retry-After")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    @APIResponse(responseCode = "503", description = "The primary cannot take writes now; see Retry-After")
    public Response put(@PathParam("trackingNumber") String trackingNumber, @Valid ShipmentRequest request) {
        TrackingNumbers.requireValid(trackingNumber);
        Written<Shipment> written = shipments.put(trackingNumber, Params.requireBody(request), caller.carrierScope());
        return written.created()
                ? Response.created(URI.create("/api/v1/shipments/" + trackingNumber)).entity(written.value()).build()
                : Response.ok(written.value()).build();
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"carrier", "ops"})
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "addShipmentEvent", summary = "Record a tracking event; a repeated eventId answers 200 with the stored event", description = "Only "
            + "the carrier that registered the shipment, or ops, may add events; for anyone else it does not exist "
            + "(404).")
    @APIResponse(responseCode = "200", description = "A repeat of a stored eventId; nothing changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrackingEvent.class)))
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrackingEvent.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or tracking number")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Neither carrier nor ops")
    @APIResponse(responseCode = "404", description = "No such shipment, or another carrier's")
    @APIResponse(responseCode = "409", description = "Lost too many races with concurrent writers; see Retry-After")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    @APIResponse(responseCode = "503", description = "The primary cannot take writes now; see Retry-After")
    public Response addEvent(@PathParam("trackingNumber") String trackingNumber, @Valid EventRequest request) {
        TrackingNumbers.requireValid(trackingNumber);
        Written<TrackingEvent> written = shipments.addEvent(trackingNumber, Params.requireBody(request),
                caller.carrierScope());
        return Response.status(written.created() ? 201 : 200).entity(written.value()).build();
    }
}
