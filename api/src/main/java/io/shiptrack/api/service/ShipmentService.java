package io.shiptrack.api.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shiptrack.api.cache.CacheMetrics;
import io.shiptrack.api.cache.Held;
import io.shiptrack.api.cache.NearCache;
import io.shiptrack.api.cache.ShipmentCache;
import io.shiptrack.api.storage.FailoverReader;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.api.storage.SecondarySync;
import io.shiptrack.api.storage.Sourced;
import io.shiptrack.api.storage.StorageUnavailableException;
import io.shiptrack.api.storage.TableOperation;
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
    private final FailoverReader reads;
    private final PrimaryTablesGateway primary;
    private final SecondarySync secondarySync;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json;

    ShipmentService(ShipmentCache cache, FailoverReader reads, PrimaryTablesGateway primary,
            SecondarySync secondarySync,
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
     * Reads a shipment: a fresh copy at hand answers on the event loop without blocking (and, once it is due, is
     * re-read in the background); anything else is one load per tracking number, shared by every reader who misses
     * while it runs: Redis, then storage on a worker thread (primary, then secondary), then the stale copy, then 503.
     */
    public Uni<ShipmentRead> find(String trackingNumber) {
        // The hottest path, a copy already in memory, answers without a chain of reactive operators.
        Optional<Held> near = cache.inMemory(trackingNumber);
        if (near.isPresent() && cache.isFresh(near.get().copy(), clock.instant())) {
            return Uni.createFrom().item(hit(trackingNumber, near.get()));
        }
        // A failure arrives in a CompletionException, which Mutiny unwraps.
        return Uni.createFrom()
                .completionStage(() -> cache.load(trackingNumber,
                        held -> cache.isFresh(held.copy(), clock.instant()),
                        remembered -> load(trackingNumber, remembered)))
                .map(held -> held.source() == ReadSource.CACHE ? hit(trackingNumber, held) : missed(held));
    }

    /** The answer from a fresh cached copy, starting its background re-read if one is due. */
    private ShipmentRead hit(String trackingNumber, Held held) {
        metrics.hit();
        Instant now = clock.instant();
        if (cache.isDueForRefresh(held.copy(), now)
                && held.startReRead(() -> onWorker(() -> readStorage(trackingNumber, Optional.of(held.copy())))
                        .whenComplete((read, failure) -> {
                            if (failure != null) {
                                LOG.debugf("background refresh of %s failed: %s", trackingNumber, failure.toString());
                            }
                        }))) {
            metrics.refreshed();
        }
        return answered(new ShipmentRead(held.copy(), ReadSource.CACHE, held.copy().age(now)));
    }

    /** The answer of a load that had to ask storage: from an endpoint, or the stale copy. */
    private ShipmentRead missed(Held held) {
        metrics.miss();
        boolean copy = held.source() == ReadSource.STALE_CACHE || held.source() == ReadSource.CACHE;
        return answered(new ShipmentRead(held.copy(), held.source(),
                copy ? held.copy().age(clock.instant()) : Duration.ZERO));
    }

    /**
     * The load every reader who misses together shares: Redis's copy if it is fresh, else storage (or a re-read of
     * the remembered copy that is still running), else the stale copy; with neither, nothing can serve.
     */
    private CompletableFuture<Held> load(String trackingNumber, Optional<Held> remembered) {
        return cache.lookup(trackingNumber).thenCompose(cached -> {
            if (cached.isPresent() && cache.isFresh(cached.get(), clock.instant())) {
                // The remembered copy found again keeps its re-read, so that it is not started twice. A Redis that lost
                // its copies (restarted, failed over) may hold an older one than this instance remembers.
                Held redisCopy = remembered.filter(held -> held.isCopy(cached.get())).map(Held::fromCache)
                        .orElseGet(() -> Held.cached(cached.get()));
                return CompletableFuture.completedFuture(notBehind(redisCopy, remembered.map(Held::copy)));
            }
            // With Redis bypassed, the copy this instance remembers is the last cached copy; of the two, the newer.
            Optional<CachedCopy> last = newer(cached, remembered.map(Held::copy));
            CompletableFuture<Held> read = remembered.flatMap(Held::reReading)
                    .map(reReading -> reReading.thenApply(held -> notBehind(held, last)))
                    .orElseGet(() -> onWorker(() -> readStorage(trackingNumber, last)));
            return read.exceptionallyCompose(
                    failure -> staleOrNothing(trackingNumber, last, NearCache.unwrapped(failure)));
        });
    }

    /**
     * Reads storage (primary, then secondary) and stores the copy, unless it is a secondary's "not found"; answers the
     * copy this region already holds ({@code known}) instead when storage answered an older state (a secondary that
     * lags, a read that began before a write), so that no answer goes back in time.
     */
    private Held readStorage(String trackingNumber, Optional<CachedCopy> known) {
        // Stamped when the read began, not when it ended: a "not found" is ordered against a found copy by read time
        // (see CachedCopy#replaces), and a slow read that saw no shipment before a create must stamp before it.
        Instant readBegan = clock.instant();
        Sourced<Optional<Shipment>> read = reads.read(tables -> tables.shipmentStore().find(trackingNumber));
        String json = read.value().map(shipment -> json(shipment.toView())).orElse(null);
        long version = read.value().map(Shipment::version).orElse(Shipment.UNVERSIONED);
        CachedCopy copy = read.source() == ReadSource.SECONDARY
                ? CachedCopy.fromSecondary(json, version, readBegan,
                        secondarySync.lastSync().map(OffsetDateTime::toInstant).orElse(null))
                : CachedCopy.fromPrimary(json, version, readBegan);
        Held held = Held.read(copy, read.source());
        Held answer = notBehind(held, known);
        // A 404 from the secondary may only mean the shipment has not replicated yet: never remembered (Held.kept); nor
        // is a state older than the one held, not even in a Redis that lost the held copy.
        if (answer == held && held.kept()) {
            cache.store(trackingNumber, held);
        }
        return answer;
    }

    /**
     * {@code read}, unless the region holds a newer state: then the held copy, answered as the cache it comes from. A
     * secondary's "not found" is behind any copy held; the primary's is the truth (the shipment was purged).
     */
    private Held notBehind(Held read, Optional<CachedCopy> known) {
        if (known.isEmpty() || known.get().isNotFound()) {
            return read;
        }
        boolean behind = read.copy().isNotFound() ? read.copy().fromSecondary() : read.copy().isOlderThan(known.get());
        if (!behind) {
            return read;
        }
        metrics.behindHeld();
        return Held.cached(known.get());
    }

    private static Optional<CachedCopy> newer(Optional<CachedCopy> a, Optional<CachedCopy> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.or(() -> b);
        }
        return b.get().replaces(a.get()) ? b : a;
    }

    /** With no storage, the cached copy however old (never a "not found"), or else nothing can serve. */
    private CompletableFuture<Held> staleOrNothing(String trackingNumber, Optional<CachedCopy> cached,
            Throwable failure) {
        if (!isUnavailable(failure)) {
            return CompletableFuture.failedFuture(failure);
        }
        if (cached.isPresent() && !cached.get().isNotFound()) {
            return CompletableFuture.completedFuture(Held.stale(cached.get()));
        }
        return CompletableFuture.failedFuture(new NothingCanServeException(
                "no table endpoint and no cached copy can serve " + trackingNumber, failure));
    }

    /** Runs a blocking storage read on a worker thread; a pool that turns it away fails the read. */
    private static CompletableFuture<Held> onWorker(Supplier<Held> read) {
        try {
            return CompletableFuture.supplyAsync(read, Infrastructure.getDefaultWorkerPool());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean isUnavailable(Throwable failure) {
        // A worker pool that turns the read away (shutting down) is unavailability too, not a 500.
        return failure instanceof StorageUnavailableException || failure instanceof CircuitBreakerOpenException
                || failure instanceof TimeoutException || failure instanceof RejectedExecutionException;
    }

    /** A page of a shipment's events and the version of the summary read before them, on one endpoint. */
    public record EventsRead(Page<TrackingEvent> page, long version, ReadSource source) {
    }

    private record VersionedPage(Page<TrackingEvent> page, long version) {
    }

    /**
     * A page of a shipment's events, newest first, with the version of the shipment read before the page (so the page
     * shows at least that version); 404 when the shipment does not exist. A page the secondary answered (a hedge, the
     * secondary-first rule, a failover) that is older than the copy this region holds is read again on the primary;
     * only while the primary cannot answer is the secondary's older page answered, labelled as the secondary's (a
     * client that sends its tag is answered 304 instead: see the resource).
     */
    public EventsRead events(String trackingNumber, String afterRowKey, int limit) {
        TableOperation<VersionedPage> page = tables -> {
            Shipment summary = tables.shipmentStore().find(trackingNumber)
                    .orElseThrow(() -> new ShipmentNotFoundException(trackingNumber));
            return new VersionedPage(tables.shipmentStore().events(trackingNumber, afterRowKey, limit),
                    summary.version());
        };
        Sourced<VersionedPage> read = guarded("no table endpoint can serve this read", () -> reads.read(page));
        if (read.source() == ReadSource.SECONDARY
                && held(trackingNumber).filter(copy -> copy.isNewerThan(read.value().version())).isPresent()) {
            metrics.behindHeld();
            try {
                VersionedPage current = primary.call(page);
                return new EventsRead(current.page(), current.version(), ReadSource.PRIMARY);
            } catch (RuntimeException e) {
                if (!isUnavailable(e)) {
                    throw e;
                }
                LOG.debugf("events of %s answered behind the region's copy: the primary cannot answer (%s)",
                        trackingNumber, e.toString());
            }
        }
        return new EventsRead(read.value().page(), read.value().version(), read.source());
    }

    /** The newest copy this region holds: this instance's, or Redis's (bounded; bypassed when Redis fails). */
    private Optional<CachedCopy> held(String trackingNumber) {
        Optional<CachedCopy> near = cache.inMemory(trackingNumber).map(Held::copy);
        Optional<CachedCopy> redis = cache.lookup(trackingNumber).join();
        return newer(near, redis);
    }

    /**
     * A page of a member's shipments. A page the secondary answered shows each shipment as the newer of its row and
     * the copy this region holds, so that a list never shows a shipment older than the region has answered it.
     */
    public Sourced<Page<MemberShipment>> memberShipments(String memberId, String afterTrackingNumber, int limit) {
        Sourced<Page<MemberShipment>> read = guarded("no table endpoint can serve this read",
                () -> reads.read(tables -> tables.shipmentStore().memberShipments(memberId,
                        afterTrackingNumber, limit)));
        if (read.source() != ReadSource.SECONDARY || read.value().items().isEmpty()) {
            return read;
        }
        // Every lookup is sent before the first answer is awaited, so the page waits about one Redis round trip.
        List<CompletableFuture<Optional<CachedCopy>>> lookups = read.value().items().stream()
                .map(row -> cache.lookup(row.trackingNumber())).toList();
        List<MemberShipment> rows = new ArrayList<>(lookups.size());
        for (int i = 0; i < lookups.size(); i++) {
            MemberShipment row = read.value().items().get(i);
            Optional<CachedCopy> newer = newer(cache.inMemory(row.trackingNumber()).map(Held::copy),
                    lookups.get(i).join()).filter(copy -> copy.isNewerThan(row.version()));
            if (newer.isPresent()) {
                metrics.behindHeld();
            }
            rows.add(newer.map(copy -> row.as(view(copy.json()), copy.version())).orElse(row));
        }
        return new Sourced<>(new Page<>(rows, read.value().nextCursor()), read.source());
    }

    private ShipmentView view(String copy) {
        try {
            return json.readValue(copy, ShipmentView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached copy that is not a shipment view", e);
        }
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
