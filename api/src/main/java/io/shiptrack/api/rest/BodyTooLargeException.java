package io.shiptrack.api.rest;

import jakarta.ws.rs.core.Response;

/** A request body went past its route's limit ({@link BodyLimitFilter}, {@link BodyLimitInterceptor}): 413. */
public class BodyTooLargeException extends RuntimeException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    /** The 413 problem for a body over {@code limit} bytes. */
    static Response problem(long limit) {
        return Problems.response(413, "body-too-large", "Content Too Large",
                "the body of this request is limited to " + limit + " bytes");
    }

    Response problem() {
        return problem(limit);
    }
}
