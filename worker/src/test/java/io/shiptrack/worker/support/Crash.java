package io.shiptrack.worker.support;

import java.util.concurrent.atomic.AtomicBoolean;

import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.jobs.FaultPoints;

/**
 * A crash at one fault point: an Error, which nothing in the worker catches, so that like a killed process it
 * leaves the lease held and the row as it was. Fires once.
 */
public final class Crash extends Error {

    private Crash(String where) {
        super("injected crash at " + where, null, false, false);
    }

    public static FaultPoints at(String point, int chunkNo) {
        AtomicBoolean fired = new AtomicBoolean();
        return (reached, jobId, chunk) -> {
            if (reached.equals(point) && chunk == chunkNo && fired.compareAndSet(false, true)) {
                throw new Crash(point + " of chunk " + chunk);
            }
        };
    }

    /** A shipment write dying at the store's probe {@code point}, the first time it is reached. */
    public static ShipmentStore.Probe inStoreAt(String point) {
        AtomicBoolean fired = new AtomicBoolean();
        return (reached, trackingNumber) -> {
            if (reached.equals(point) && fired.compareAndSet(false, true)) {
                throw new Crash(point + " of " + trackingNumber);
            }
        };
    }
}
