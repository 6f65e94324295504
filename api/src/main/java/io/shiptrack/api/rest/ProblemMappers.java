package io.shiptrack.api.rest;

import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.service.NothingCanServeException;
import io.shiptrack.api.storage.StorageUnavailableException;
import io.shiptrack.model.ConcurrentUpdateException;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ValidationException;
import io.shiptrack.model.validation.Violations;

/** Turns every failure into a problem+json answer: 4xx for the caller's mistakes, 503 for outages, never a trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final int retryAfterSeconds;

    ProblemMappers(ShiptrackConfig config) {
        this.retryAfterSeconds = config.reads().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return Problems.response(400, "invalid-request", "Bad Request", e.getMessage(), e.errors());
    }

    /**
     * A request that breaks Bean Validation constraints ({@code @Valid} bodies, checked query parameters): the same
     * 400 as {@link #invalid}, one entry per violation. Quarkus maps these itself (naming them here makes ours the
     * most specific); a violated return value would be the API's own bug, a 500.
     */
    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response violated(ConstraintViolationException e) {
        boolean returnValue = e.getConstraintViolations().stream().anyMatch(violation -> {
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
            return false;
        });
        if (returnValue) {
            return unexpected(e);
        }
        return invalid(new ValidationException(Violations.fieldErrors(e.getConstraintViolations(), "")));
    }

    // Quarkus brings its own mappers for these Jackson subtypes; naming them here makes ours the most specific.
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class})
    public Response malformedJson(JsonProcessingException e) {
        // Jackson wraps what the body stream throws: a body cut off at its size limit is a 413, not bad JSON.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge.problem();
            }
        }
        String field = "body";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.toString();
        }
        return Problems.response(400, "malformed-body", "Bad Request",
                "the body is not valid JSON of the expected shape",
                List.of(FieldError.of(field, "has the wrong type or is malformed")));
    }

    @ServerExceptionMapper
    public Response concurrentUpdate(ConcurrentUpdateException e) {
        return Response.fromResponse(Problems.response(409, "concurrent-update", "Conflict", e.getMessage()))
                .header("Retry-After", 1).build();
    }

    @ServerExceptionMapper
    public Response notFound(ShipmentNotFoundException e) {
        return Problems.response(404, "not-found", "Not Found", e.getMessage());
    }

    @ServerExceptionMapper({NothingCanServeException.class, StorageUnavailableException.class,
            CircuitBreakerOpenException.class, TimeoutException.class})
    public Response unavailable(RuntimeException e) {
        LOG.debugf(e, "answering 503: %s", e.toString());
        return Problems.unavailable(e instanceof NothingCanServeException
                ? e.getMessage()
                : "storage is unavailable; try again later", retryAfterSeconds);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problems.response(401, "unauthenticated", "Unauthorized",
                "a valid bearer token is required")).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(403, "forbidden", "Forbidden", "the token's roles do not allow this call");
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e) {
        return e.problem();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        Response problem = Problems.response(status.getStatusCode(), "http-" + status.getStatusCode(),
                status.getReasonPhrase(), status.getStatusCode() == 404 ? "no such resource" : e.getMessage());
        Response.ResponseBuilder builder = Response.fromResponse(problem);
        String allow = e.getResponse().getHeaderString("Allow");
        if (allow != null) {
            builder.header("Allow", allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return Problems.response(500, "internal", "Internal Server Error", "an unexpected error occurred");
    }
}
