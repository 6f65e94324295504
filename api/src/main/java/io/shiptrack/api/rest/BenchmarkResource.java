package io.shiptrack.api.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.shiptrack.api.config.ShiptrackConfig;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The bare endpoint benchmarks compare cached reads with: a constant JSON body of a shipment's size, served the
 * same way (on the event loop, a ready JSON string). Answers 404 unless {@code shiptrack.benchmark.enabled}.
 */
@Path("/bench/constant")
public class BenchmarkResource {

    /** About the size of a cached shipment view. */
    static final String BODY = "{\"trackingNumber\":\"BENCH0000000001\",\"status\":\"IN_TRANSIT\","
            + "\"origin\":\"Rotterdam, NL\",\"destination\":\"Lyon, FR\",\"carrier\":\"bench-carrier\","
            + "\"promisedBy\":\"2026-12-01T12:00:00Z\",\"deliveredAt\":null,\"lastEvent\":{\"eventId\":\"ev-1\","
            + "\"type\":\"IN_TRANSIT\",\"occurredAt\":\"2026-11-20T08:00:00Z\",\"location\":\"Antwerp, BE\","
            + "\"note\":\"departed hub\",\"recordedAt\":\"2026-11-20T08:00:01Z\"},"
            + "\"updatedAt\":\"2026-11-20T08:00:01Z\"}";

    private final boolean enabled;

    BenchmarkResource(ShiptrackConfig config) {
        this.enabled = config.benchmark().enabled();
    }

    @GET
    @NonBlocking
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response constant() {
        if (!enabled) {
            return Problems.response(404, "http-404", "Not Found", "no such resource");
        }
        return Response.ok(BODY).build();
    }
}
