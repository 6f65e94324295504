package io.shiptrack.worker.support;

import java.util.concurrent.atomic.AtomicBoolean;

import io.shiptrack.worker.jobs.FaultPoints;

/**
 * A crash at one fault point: a {@link VirtualMachineError}, which the worker lets through untouched (it records
 * other Errors as a failed attempt), so that like a killed process it leaves the lease held and the row as it was.
 * Fires once.
 */
public final class Crash extends VirtualMachineError {

    private Crash(String where) {
        super("injected crash at " + where);
    }

    public static FaultPoints at(String point, int chunkNo) {
        AtomicBoolean fired = new AtomicBoolean();
        return (reached, jobId, chunk) -> {
            if (reached.equals(point) && chunk == chunkNo && fired.compareAndSet(false, true)) {
                throw new Crash(point + " of chunk " + chunk);
            }
        };
    }
}
