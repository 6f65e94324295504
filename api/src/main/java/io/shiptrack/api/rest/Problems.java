package io.shiptrack.api.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.Problem;

/** Builds {@code application/problem+json} responses (RFC 9457); every error the API gives is one. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:shiptrack:problem:";

    private Problems() {
    }

    public static Response response(int status, String slug, String title, String detail) {
        return response(status, slug, title, detail, List.of());
    }

    public static Response response(int status, String slug, String title, String detail, List<FieldError> errors) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem(TYPE_PREFIX + slug, title, status, detail, errors)).build();
    }

    /** A 503 that tells the client when to come back. */
    public static Response unavailable(String detail, int retryAfterSeconds) {
        return Response.fromResponse(response(503, "unavailable", "Service Unavailable", detail))
                .header("Retry-After", retryAfterSeconds).build();
    }
}
