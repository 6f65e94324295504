package io.shiptrack.store.errors;

/**
 * A table or queue endpoint could not answer: an error status (5xx, 408, 429), a broken or refused connection, a
 * cut-off answer, a hang. Never a request the service understood and refused (400, 404, 409, 412): those are
 * answers. {@link #throttled()} tells the service pushing back (429, or 503 {@code ServerBusy}) from an outage.
 */
public class EndpointUnavailableException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public EndpointUnavailableException(String message, int status, String errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status the endpoint answered, or 0 when no answer came (transport failure). */
    public int status() {
        return status;
    }

    /** The service's {@code x-ms-error-code} header, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the service answered that it is busy (throttling), rather than failing. */
    public boolean throttled() {
        return StorageErrors.isThrottling(status, errorCode);
    }
}
