package io.shiptrack.model;

/** A write lost the ETag race on its shipment so many times in a row that it gives up; the caller may retry. */
public class ConcurrentUpdateException extends ShiptrackException {

    public ConcurrentUpdateException(int attempts) {
        super("the shipment kept changing under this write (" + attempts + " attempts); retry it");
    }

    /** Another row than a shipment's kept changing; {@code message} says which. */
    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
