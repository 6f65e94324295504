package io.shiptrack.api.storage;

/**
 * The table endpoint pushed back (429, or 503 {@code ServerBusy}): it is up but over a target, usually for one
 * partition or one client's burst. A read may still go to the secondary, but throttling never counts toward the
 * primary's breaker, so that one client's burst cannot lock every writer out for the breaker's delay.
 */
public class StorageThrottledException extends StorageUnavailableException {

    public StorageThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
