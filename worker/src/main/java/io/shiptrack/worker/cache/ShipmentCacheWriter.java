package io.shiptrack.worker.cache;

import java.time.Instant;
import java.util.Collection;

import io.shiptrack.model.Shipment;

/** Writes the region's cached shipment copies, in the API's format; best effort for refreshes. */
public interface ShipmentCacheWriter {

    /** No Redis configured: nothing is cached. */
    ShipmentCacheWriter NONE = new ShipmentCacheWriter() {
        @Override
        public void store(Collection<Shipment> shipments, Instant readAt) {
        }

        @Override
        public void remove(Collection<String> trackingNumbers) {
        }
    };

    /**
     * Stores a copy of each shipment, as the primary answered it at {@code readAt}, unless Redis holds a newer version
     * (see {@code CachedCopy#replaces}); fails when Redis cannot be reached.
     */
    void store(Collection<Shipment> shipments, Instant readAt);

    /** Removes the copies of these shipments. */
    void remove(Collection<String> trackingNumbers);
}
