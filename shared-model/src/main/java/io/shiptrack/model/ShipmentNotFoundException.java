package io.shiptrack.model;

/** The tracking number names no registered shipment. */
public class ShipmentNotFoundException extends ShiptrackException {

    public ShipmentNotFoundException(String trackingNumber) {
        super("no shipment is registered under tracking number " + trackingNumber);
    }
}
