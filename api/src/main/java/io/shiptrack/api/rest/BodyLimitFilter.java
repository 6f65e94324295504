package io.shiptrack.api.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Shipment and event bodies are small: anything over 64 KiB is refused with 413 before it is read. Job
 * submissions may be larger (bulk imports); the HTTP server's own limit bounds them.
 */
public class BodyLimitFilter {

    static final long MAX_SHIPMENT_BODY = 64 * 1024;

    @ServerRequestFilter
    public Optional<Response> limitBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !request.getUriInfo().getPath().startsWith("/api/v1/shipments/")) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(length) <= MAX_SHIPMENT_BODY) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.of(Problems.response(400, "malformed-request", "Bad Request", "bad Content-Length"));
        }
        return Optional.of(Problems.response(413, "body-too-large", "Content Too Large",
                "shipment and event bodies are limited to " + MAX_SHIPMENT_BODY + " bytes"));
    }
}
