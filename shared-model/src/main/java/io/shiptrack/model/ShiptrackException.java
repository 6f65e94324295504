package io.shiptrack.model;

/** An answer about the request (bad input, no such shipment, a conflict), never a failure of storage. */
public abstract class ShiptrackException extends RuntimeException {

    protected ShiptrackException(String message) {
        super(message);
    }
}
