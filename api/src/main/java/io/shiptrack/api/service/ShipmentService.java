package io.shiptrack.api.service;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shiptrack.api.cache.ShipmentCache;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Written;

/**
 * Shipment writes, to the primary only, each followed by a refreshed cache copy (reads: {@link ShipmentReads}).
 */
@ApplicationScoped
public class ShipmentService {

    private static final String PRIMARY_DOWN = "the primary table endpoint cannot take writes now";

    private final ShipmentCache cache;
    private final PrimaryTablesGateway primary;
    private final Clock clock;
    private final ObjectMapper json;

    ShipmentService(ShipmentCache cache, PrimaryTablesGateway primary, Clock clock, ObjectMapper json) {
        this.cache = cache;
        this.primary = primary;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Registers (owned by the caller) or replaces (if {@code scope} may change it) a shipment on the primary, then
     * refreshes the cached copy; another carrier's shipment is a {@link ShipmentNotFoundException}. The request was
     * validated at the REST boundary ({@code @Valid}).
     */
    public Written<Shipment> put(String trackingNumber, ShipmentRequest request, CarrierScope scope) {
        Instant now = clock.instant();
        // Each attempt is its own bounded primary call; losing an ETag race re-reads and tries again.
        Written<Shipment> written = ShipmentStore.untilWon(() -> guarded(PRIMARY_DOWN,
                () -> primary.call(tables -> tables.shipmentStore().tryPut(trackingNumber, request, scope, now))));
        cache.store(trackingNumber, written(written.shipment()));
        return written;
    }

    /**
     * Records a tracking event on the primary, then refreshes the cached copy; a shipment {@code scope} may not
     * change is a {@link ShipmentNotFoundException}, like an unknown one. The request was validated at the REST
     * boundary ({@code @Valid}).
     */
    public Written<TrackingEvent> addEvent(String trackingNumber, EventRequest request, CarrierScope scope) {
        Instant now = clock.instant();
        TrackingEvent event = request.toEvent(now);
        Written<TrackingEvent> written = ShipmentStore.untilWon(() -> guarded(PRIMARY_DOWN,
                () -> primary.call(tables -> tables.shipmentStore().tryAddEvent(trackingNumber, event, scope, now))));
        cache.store(trackingNumber, written(written.shipment()));
        return written;
    }

    /**
     * The copy of a shipment as a write left it: of two racing writes, the one that commits last stored the greater
     * version, so its copy is the one the cache keeps (see {@link ShipmentCache#store}).
     */
    private CachedCopy written(Shipment shipment) {
        return CachedCopy.fromPrimary(json(shipment.toView()), shipment.version(), clock.instant());
    }

    private String json(ShipmentView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a shipment view", e);
        }
    }

    /** Runs a storage call; an endpoint that cannot answer (or whose breaker is open) becomes a 503. */
    private static <T> T guarded(String whenUnavailable, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw ShipmentReads.isUnavailable(e) ? new NothingCanServeException(whenUnavailable, e) : e;
        }
    }
}
