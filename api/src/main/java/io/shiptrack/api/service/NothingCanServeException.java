package io.shiptrack.api.service;

/** Neither table endpoint nor the cache can answer: a 503 with Retry-After, never a 500 or a hang. */
public class NothingCanServeException extends RuntimeException {

    public NothingCanServeException(String message, Throwable cause) {
        super(message, cause);
    }
}
