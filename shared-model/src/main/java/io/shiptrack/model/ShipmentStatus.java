package io.shiptrack.model;

/** Where a shipment is in its journey; tracking event types use the same names. */
public enum ShipmentStatus {
    CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, EXCEPTION, RETURNED
}
