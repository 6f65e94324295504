package io.shiptrack.model;

/**
 * Whose shipments a write may change. A shipment belongs to the carrier that registered it: its summary row's
 * {@code Owner} is that carrier's token subject ({@code sub}), never a field of a request body. A carrier may change
 * only the shipments it owns; ops may change any. A shipment another carrier owns (or one without an owner, written
 * before owners were stored) is answered as if it did not exist, so its existence is not revealed.
 *
 * @param caller the token subject of the writer; it becomes the owner of a shipment it registers
 * @param anyShipment whether the writer acts with the ops role
 */
public record CarrierScope(String caller, boolean anyShipment) {

    public CarrierScope {
        if (caller == null || caller.isEmpty()) {
            throw new IllegalArgumentException("a write needs the caller's token subject");
        }
    }

    /** A carrier: its own shipments only. */
    public static CarrierScope carrier(String subject) {
        return new CarrierScope(subject, false);
    }

    /** Ops: any shipment. */
    public static CarrierScope ops(String subject) {
        return new CarrierScope(subject, true);
    }

    /** Whether this writer may change {@code shipment}. */
    public boolean mayChange(Shipment shipment) {
        return anyShipment || caller.equals(shipment.owner());
    }

    /** {@code shipment} if this writer may change it; otherwise "no such shipment", like an unknown one. */
    public Shipment requireChangeable(Shipment shipment) {
        if (!mayChange(shipment)) {
            throw new ShipmentNotFoundException(shipment.trackingNumber());
        }
        return shipment;
    }
}
