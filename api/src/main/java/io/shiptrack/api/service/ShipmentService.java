package io.shiptrack.api.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shiptrack.api.cache.CacheMetrics;
import io.shiptrack.api.cache.ShipmentCache;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.api.storage.SecondarySync;
import io.shiptrack.api.storage.Sourced;
import io.shiptrack.api.storage.StorageUnavailableException;
import io.shiptrack.api.storage.TableReads;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Page;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Written;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Shipment reads and writes: the read path of docs/design.md (cache, primary, secondary, stale cache, 503) and
 * writes to the primary only, each followed by a refreshed cache copy.
 */
@ApplicationScoped
public class ShipmentService {

    private static final Logger LOG = Logger.getLogger(ShipmentService.class);

    private static final String PRIMARY_DOWN = "the primary table endpoint cannot take writes now";

    private final ShipmentCache cache;
    private final TableReads reads;
    private final PrimaryTablesGateway primary;
    private final SecondarySync secondarySync;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json;
    private final SingleFlight<String, ShipmentRead> loads = new SingleFlight<>(
            command -> Infrastructure.getDefaultWorkerPool().execute(command));

    ShipmentService(ShipmentCache cache, TableReads reads, PrimaryTablesGateway primary, SecondarySync secondarySync,
            CacheMetrics metrics, Clock clock, ObjectMapper json) {
        this.json = json;
        this.cache = cache;
        this.reads = reads;
        this.primary = primary;
        this.secondarySync = secondarySync;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Reads a shipment: a fresh cached copy answers on the event loop without blocking (and, once it is due, is
     * re-read in the background); anything else goes to storage on a worker thread (primary, then secondary), then
     * to the stale copy, then 503. Readers of one tracking number that miss together share one storage read.
     */
    public Uni<ShipmentRead> find(String trackingNumber) {
        // The hottest path, a copy already in memory, answers without a chain of reactive operators.
        Optional<CachedCopy> near = cache.inMemory(trackingNumber);
        if (near.isPresent()) {
            ShipmentRead hit = hit(trackingNumber, near.get(), clock.instant());
            if (hit != null) {
                return Uni.createFrom().item(hit);
            }
        }
        return cache.lookup(trackingNumber).flatMap(cached -> {
            if (cached.isPresent()) {
                ShipmentRead hit = hit(trackingNumber, cached.get(), clock.instant());
                if (hit != null) {
                    return Uni.createFrom().item(hit);
                }
            }
            metrics.miss();
            // Storage fails for everyone who shares the read, but each reader falls back to its own copy.
            // (Mutiny unwraps the CompletionException a shared failure arrives in.)
            return Uni.createFrom().completionStage(() -> loads.load(trackingNumber,
                    () -> readStorage(trackingNumber)))
                    .onFailure(ShipmentService::isUnavailable)
                    .recoverWithUni(failure -> staleOrNothing(trackingNumber, cached, failure))
                    .map(this::answered);
        });
    }

    /** The answer from a fresh cached copy (starting a background re-read if one is due), or null if it is stale. */
    private ShipmentRead hit(String trackingNumber, CachedCopy copy, Instant now) {
        if (!cache.isFresh(copy, now)) {
            return null;
        }
        metrics.hit();
        if (cache.claimRefresh(trackingNumber, copy, now)) {
            refreshInBackground(trackingNumber);
        }
        return answered(new ShipmentRead(copy.json(), ReadSource.CACHE, copy.age(now), Optional.empty()));
    }

    private void refreshInBackground(String trackingNumber) {
        metrics.refreshed();
        loads.load(trackingNumber, () -> readStorage(trackingNumber)).whenComplete((read, failure) -> {
            if (failure != null) {
                LOG.debugf("background refresh of %s failed: %s", trackingNumber, failure.toString());
            }
        });
    }

    /** Reads storage (primary, then secondary) and stores the copy; unavailability is thrown to every sharer. */
    private ShipmentRead readStorage(String trackingNumber) {
        Instant now = clock.instant();
        // A reader that missed just before the previous shared read stored its copy finds that copy here, young.
        Optional<CachedCopy> stored = cache.inMemory(trackingNumber);
        if (stored.isPresent() && cache.isFresh(stored.get(), now) && !cache.isDueForRefresh(stored.get(), now)) {
            return new ShipmentRead(stored.get().json(), ReadSource.CACHE, stored.get().age(now), Optional.empty());
        }
        // Stamped when the read began, not when it ended: a read may have seen the shipment as it was at any moment
        // after it began, so a slow read that saw it before a write must stamp before that write's copy (stamped
        // after its commit), or it would replace the newer copy (and a "not found" would hide a new shipment).
        Instant readBegan = clock.instant();
        Sourced<Optional<Shipment>> read = reads.read(tables -> tables.shipmentStore().find(trackingNumber));
        CachedCopy copy = new CachedCopy(read.value().map(shipment -> json(shipment.toView())).orElse(null),
                readBegan);
        // A 404 from the secondary may only mean the shipment has not replicated yet: never remember it.
        if (!copy.isNotFound() || read.source() == ReadSource.PRIMARY) {
            cache.store(trackingNumber, copy);
        }
        boolean secondary = read.source() == ReadSource.SECONDARY;
        return new ShipmentRead(copy.json(), read.source(), Duration.ZERO,
                secondary ? secondarySync.lastSync() : Optional.empty());
    }

    /** With no storage, the reader's own copy however old (never a "not found"), or else nothing can serve. */
    private Uni<ShipmentRead> staleOrNothing(String trackingNumber, Optional<CachedCopy> cached, Throwable failure) {
        if (cached.isPresent() && !cached.get().isNotFound()) {
            return Uni.createFrom().item(new ShipmentRead(cached.get().json(), ReadSource.STALE_CACHE,
                    cached.get().age(clock.instant()), Optional.empty()));
        }
        // A failed Uni, not a throw: Mutiny would wrap an exception thrown here together with the original one.
        return Uni.createFrom().failure(new NothingCanServeException(
                "no table endpoint and no cached copy can serve " + trackingNumber, failure));
    }

    private static boolean isUnavailable(Throwable failure) {
        // A worker pool that turns the read away (shutting down) is unavailability too, not a 500.
        return failure instanceof StorageUnavailableException || failure instanceof CircuitBreakerOpenException
                || failure instanceof TimeoutException || failure instanceof RejectedExecutionException;
    }

    /** A page of a shipment's events, newest first; 404 when the shipment does not exist. */
    public Sourced<Page<TrackingEvent>> events(String trackingNumber, String afterRowKey, int limit) {
        return guarded("no table endpoint can serve this read", () -> reads.read(tables -> {
            Page<TrackingEvent> events = tables.shipmentStore().events(trackingNumber, afterRowKey, limit);
            if (events.items().isEmpty() && afterRowKey == null
                    && tables.shipmentStore().find(trackingNumber).isEmpty()) {
                throw new ShipmentNotFoundException(trackingNumber);
            }
            return events;
        }));
    }

    public Sourced<Page<MemberShipment>> memberShipments(String memberId, String afterTrackingNumber, int limit) {
        return guarded("no table endpoint can serve this read",
                () -> reads.read(tables -> tables.shipmentStore().memberShipments(memberId,
                        afterTrackingNumber, limit)));
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
     * The copy of a shipment as a write left it, stamped after the write: of two racing writes, the one that commits
     * last stamps last, so its copy is the one the cache keeps (see {@link ShipmentCache#store}).
     */
    private CachedCopy written(Shipment shipment) {
        return new CachedCopy(json(shipment.toView()), clock.instant());
    }

    private String json(ShipmentView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a shipment view", e);
        }
    }

    private ShipmentRead answered(ShipmentRead read) {
        metrics.answered(read.source());
        return read;
    }

    /** Runs a storage call; an endpoint that cannot answer (or whose breaker is open) becomes a 503. */
    private static <T> T guarded(String whenUnavailable, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw isUnavailable(e) ? new NothingCanServeException(whenUnavailable, e) : e;
        }
    }
}
