package io.shiptrack.api.rest;

import java.util.Optional;

import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.shiptrack.api.config.ShiptrackConfig;

/**
 * Body size limits per route, whatever the framing. Shipment and event bodies are small
 * ({@code shiptrack.limits.shipment-body}, 64 KiB); job submissions may be large ({@code shiptrack.limits.job-body},
 * 32 MiB, bulk imports). A {@code Content-Length} over the limit is refused here with 413 before the body is read; a
 * chunked body (no length) is counted as it is read by {@link BodyLimitInterceptor}. Written by hand: the HTTP
 * server's {@code quarkus.http.limits.max-body-size} is one limit for every route.
 */
public class BodyLimitFilter {

    // Read per request: REST filters are created at static init, before configuration mappings exist.
    private final Provider<ShiptrackConfig> config;

    BodyLimitFilter(Provider<ShiptrackConfig> config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Optional<Response> limitDeclaredLength(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        ShiptrackConfig.Limits limits = config.get().limits();
        long limit = request.getUriInfo().getPath().startsWith("/api/v1/jobs")
                ? limits.jobBody().asLongValue()
                : limits.shipmentBody().asLongValue();
        try {
            if (Long.parseLong(length) <= limit) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.of(Problems.response(400, "malformed-request", "Bad Request", "bad Content-Length"));
        }
        return Optional.of(BodyTooLargeException.problem(limit));
    }
}
