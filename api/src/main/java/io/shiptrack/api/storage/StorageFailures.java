package io.shiptrack.api.storage;

import io.shiptrack.store.errors.StorageErrors;

/**
 * Tells an unavailable endpoint apart from an answer, by transport and status (see {@link StorageErrors}): only
 * unavailability may open a breaker, and throttling does not even do that.
 */
final class StorageFailures {

    private StorageFailures() {
    }

    /**
     * Runs {@code operation}. An endpoint that cannot answer becomes {@link StorageUnavailableException} (or
     * {@link StorageThrottledException}); an answer (404, 409, 412, a rejected transaction) and a failure of our own
     * code are rethrown as they are, so that neither counts toward a breaker. An {@link Error} raised by the SDK while
     * it handled an answer is contained as unavailability rather than escaping as a 500.
     */
    static <T> T translate(String endpoint, TableOperation<T> operation, Tables tables) {
        try {
            return operation.apply(tables);
        } catch (RuntimeException e) {
            if (e instanceof StorageUnavailableException || !StorageErrors.isUnavailable(e)) {
                throw e;
            }
            throw unavailable(endpoint, e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            throw new StorageUnavailableException(endpoint + " table endpoint's answer could not be handled: " + e, e);
        }
    }

    private static StorageUnavailableException unavailable(String endpoint, RuntimeException e) {
        if (StorageErrors.isThrottling(e)) {
            return new StorageThrottledException(endpoint + " table endpoint is throttling: " + e.getMessage(), e);
        }
        return new StorageUnavailableException(endpoint + " table endpoint failed: " + e, e);
    }
}
