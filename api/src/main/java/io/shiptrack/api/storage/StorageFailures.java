package io.shiptrack.api.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.models.TableTransactionFailedException;

import io.shiptrack.model.ShiptrackException;

/** Tells an unavailable endpoint apart from an answer: only unavailability may open a breaker. */
final class StorageFailures {

    private StorageFailures() {
    }

    /** Runs {@code operation}, turning 5xx, 408, 429 and transport failures into {@link StorageUnavailableException}. */
    static <T> T translate(String endpoint, TableOperation<T> operation, Tables tables) {
        try {
            return operation.apply(tables);
        } catch (TableTransactionFailedException e) {
            // The service answered: it rejected one action of the transaction (a conflict, not an outage).
            throw e;
        } catch (HttpResponseException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            if (status >= 500 || status == 408 || status == 429 || status == 0) {
                throw new StorageUnavailableException(endpoint + " table endpoint answered " + status, e);
            }
            throw e;
        } catch (ShiptrackException | StorageUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageUnavailableException(endpoint + " table endpoint failed: " + e, e);
        }
    }
}
