package io.shiptrack.api.storage;

/** A table endpoint could not answer: a 5xx, a throttle, a timeout or a broken connection. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
