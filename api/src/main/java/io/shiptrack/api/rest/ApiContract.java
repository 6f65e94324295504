package io.shiptrack.api.rest;

import java.util.List;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Problem;
import io.shiptrack.model.TrackingEvent;

/**
 * What the OpenAPI document says beyond the resources' own annotations: the shared response headers, the problem
 * schema every error answer carries ({@link ContractFilter} attaches it), and the page shapes that
 * {@code Response}-returning methods answer. The document is pinned to OpenAPI 3.0.3 in application.properties, the
 * version client generators and validators read best; docs/openapi.json is its committed baseline. It is an
 * {@link Application} (with every resource, no path of its own) because that is where the scanner reads
 * {@code @OpenAPIDefinition}.
 */
@OpenAPIDefinition(info = @Info(title = "Shiptrack API", version = "1", description = "Shipment tracking: look-ups by tracking number, carrier writes, members' lists and "
        + "statistics, background jobs. Every error is application/problem+json (RFC 9457)."), components = @org.eclipse.microprofile.openapi.annotations.Components(schemas = @Schema(name = "Problem", implementation = Problem.class), headers = {
                @Header(name = ApiContract.READ_SOURCE, required = true, description = "Where the answer was read from", schema = @Schema(type = SchemaType.STRING, enumeration = {
                        "cache", "primary", "secondary", "stale-cache"})),
                @Header(name = ApiContract.AGE, description = "Seconds since the copy was read from storage (cache and stale-cache)", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")),
                @Header(name = ApiContract.SECONDARY_LAST_SYNC, description = "RFC 3339 time of the secondary's last sync as of when the answer's data was read from it: present on every answer whose data came from the secondary, directly or through a copy cached from it (when the secondary reported it)", schema = @Schema(type = SchemaType.STRING, format = "date-time")),
                @Header(name = ApiContract.READ_ORIGIN, required = true, description = "Which table endpoint the answer's data was read from, directly or through a cached copy: the secondary lags the primary by its replication delay", schema = @Schema(type = SchemaType.STRING, enumeration = {
                        "primary", "secondary"})),
                @Header(name = ApiContract.ETAG, required = true, description = "A strong validator made from the shipment's version, which grows with each committed change; send it back as If-None-Match", schema = @Schema(type = SchemaType.STRING, example = "\"1764806400123\"")),
                @Header(name = ApiContract.RETRY_AFTER, required = true, description = "Seconds to wait before trying again", schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0")),
                @Header(name = ApiContract.LOCATION, required = true, description = "The address of what was created", schema = @Schema(type = SchemaType.STRING))}))
public class ApiContract extends Application {

    public static final String READ_SOURCE = "X-Read-Source";
    public static final String SECONDARY_LAST_SYNC = "X-Secondary-Last-Sync";
    public static final String AGE = "Age";
    public static final String READ_ORIGIN = "X-Read-Origin";
    public static final String ETAG = "ETag";
    public static final String IF_NONE_MATCH = "If-None-Match";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String LOCATION = "Location";

    /** {@code GET /shipments/{trackingNumber}/events}: one page of events, newest first. */
    @Schema(name = "TrackingEventPage", requiredProperties = {"items", "nextCursor"})
    public record EventPage(
            List<TrackingEvent> items,
            @Schema(nullable = true, description = "Pass as cursor for the next page; null on the last page") String nextCursor) {
    }

    /** {@code GET /me/shipments}: one page of the member's shipments, by tracking number. */
    @Schema(name = "MemberShipmentPage", requiredProperties = {"items", "nextCursor"})
    public record MemberShipmentPage(
            List<MemberShipment> items,
            @Schema(nullable = true, description = "Pass as cursor for the next page; null on the last page") String nextCursor) {
    }
}
