package io.shiptrack.api.storage;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads that fail over from the primary to the RA-GRS secondary (see {@link FailoverReader}); the secondary's
 * breaker and the primary's delay decide when reads go back to the primary.
 */
@ApplicationScoped
public class TableReads {

    private final FailoverReader reader;

    TableReads(FailoverReader reader) {
        this.reader = reader;
    }

    @SuppressWarnings("unchecked")
    public <T> Sourced<T> read(TableOperation<T> operation) {
        return (Sourced<T>) reader.read(operation);
    }
}
