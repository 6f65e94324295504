package io.shiptrack.api.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.storage.FailoverReader;
import io.shiptrack.api.storage.ReadSource;
import io.shiptrack.api.storage.Sourced;
import io.shiptrack.api.storage.StorageUnavailableException;
import io.shiptrack.api.storage.TableOperation;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Page;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.TrackingEvent;
import io.smallrye.mutiny.Uni;

/**
 * Every read of shipments, in one place and in the order it happens (docs/design.md, "The read path"):
 * <ol>
 * <li>the copy this instance holds in memory ({@link NearCache}), while it is fresh; its background re-read once it is
 * due;</li>
 * <li>else one load per tracking number, shared by every reader who misses while it runs;</li>
 * <li>the load asks Redis ({@link ShipmentCache}) for a fresh copy;</li>
 * <li>else storage ({@link FailoverReader}): the primary, hedged to the secondary when it is late, the secondary
 * first while it is slow, the secondary when it fails;</li>
 * <li>else, storage being unavailable, the last copy however old (stale), or nothing (503).</li>
 * </ol>
 * The rules that hold throughout: a copy is fresh for fresh-for; copies are ordered by the version of the data they
 * show, so an answer older than the copy this region holds is replaced by that copy (no answer goes back in time); a
 * secondary's "not found" is never kept (it may only mean "not replicated yet"); every copy remembers whether its data
 * came from the secondary, and when that last synced. No step blocks its caller: the storage read runs on one thread
 * of the reader's pool (a hedge on one more), and everything else completes on whichever thread answered.
 */
@ApplicationScoped
public class ShipmentReads {

    private static final Logger LOG = Logger.getLogger(ShipmentReads.class);

    static final String NOTHING_CAN_SERVE = "no table endpoint can serve this read";

    private final NearCache near;
    private final ShipmentCache cache;
    private final FailoverReader storage;
    private final ShiptrackConfig.Cache config;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json;

    ShipmentReads(NearCache near, ShipmentCache cache, FailoverReader storage, ShiptrackConfig config,
            CacheMetrics metrics, Clock clock, ObjectMapper json) {
        this.near = near;
        this.cache = cache;
        this.storage = storage;
        this.config = config.cache();
        this.metrics = metrics;
        this.clock = clock;
        this.json = json;
    }

    /** A shipment, by the steps above. */
    public Uni<ShipmentRead> find(String trackingNumber) {
        // 1. The hottest path, a fresh copy already in memory, answers without a chain of reactive operators.
        Optional<Held> inMemory = near.ready(trackingNumber);
        if (inMemory.isPresent() && isFresh(inMemory.get().copy())) {
            return Uni.createFrom().item(hit(trackingNumber, inMemory.get()));
        }
        // 2. One load per tracking number.
        NearCache.Claim claim = near.claim(trackingNumber, held -> isFresh(held.copy()));
        CompletableFuture<Held> answer;
        if (claim instanceof NearCache.Found found) {
            answer = CompletableFuture.completedFuture(found.held());
        } else if (claim instanceof NearCache.Sharing sharing) {
            answer = sharing.answer();
        } else {
            NearCache.Loading loading = (NearCache.Loading) claim;
            answer = loading.runs(load(trackingNumber, loading.remembered()));
        }
        // A failure arrives in a CompletionException, which Mutiny unwraps.
        return Uni.createFrom().completionStage(answer)
                .map(held -> held.source() == ReadSource.CACHE ? hit(trackingNumber, held) : missed(held));
    }

    /**
     * 3 to 5, the load: Redis's copy if it is fresh and not behind the copy this instance remembers; else storage (or
     * the remembered copy's re-read, if one is running); else the stale copy.
     */
    private CompletableFuture<Held> load(String trackingNumber, Optional<Held> remembered) {
        return cache.lookup(trackingNumber).thenCompose(cached -> {
            Optional<CachedCopy> known = remembered.map(Held::copy);
            if (cached.isPresent() && isFresh(cached.get())) {
                // The remembered copy found again keeps its re-read, so that it is not started twice. A Redis that lost
                // its copies (restarted, failed over) may hold an older one than this instance remembers.
                Held redisCopy = remembered.filter(held -> held.isCopy(cached.get())).map(Held::fromCache)
                        .orElseGet(() -> Held.cached(cached.get()));
                return CompletableFuture.completedFuture(notBehind(redisCopy, known));
            }
            // With Redis's copy stale or missing, the newer of it and the remembered copy is what the region holds.
            Optional<CachedCopy> last = newer(cached, known);
            CompletableFuture<Held> read = remembered.flatMap(Held::reReading)
                    .map(reReading -> reReading.thenApply(held -> notBehind(held, last)))
                    .orElseGet(() -> readStorage(trackingNumber, last));
            return read.exceptionallyCompose(
                    failure -> staleOrNothing(trackingNumber, last, NearCache.unwrapped(failure)));
        });
    }

    /**
     * 4: storage's answer, kept in both caches unless it is a secondary's "not found" or older than the copy the
     * region holds ({@code known}), which is answered instead.
     */
    private CompletableFuture<Held> readStorage(String trackingNumber, Optional<CachedCopy> known) {
        // Stamped when the read began, not when it ended: a "not found" is ordered against a found copy by read time
        // (see CachedCopy#replaces), and a slow read that saw no shipment before a create must stamp before it.
        Instant readBegan = clock.instant();
        return storage.read(tables -> tables.shipmentStore().find(trackingNumber)).thenApply(read -> {
            String view = read.value().map(shipment -> json(shipment.toView())).orElse(null);
            long version = read.value().map(Shipment::version).orElse(Shipment.UNVERSIONED);
            CachedCopy copy = read.source() == ReadSource.SECONDARY
                    ? CachedCopy.fromSecondary(view, version, readBegan, read.lastSync())
                    : CachedCopy.fromPrimary(view, version, readBegan);
            Held held = Held.read(copy, read.source());
            Held answer = notBehind(held, known);
            if (answer == held && held.kept()) {
                cache.store(trackingNumber, held);
            }
            return answer;
        });
    }

    /** 5: with no storage, the cached copy however old (never a "not found"), or else nothing can serve. */
    private static CompletableFuture<Held> staleOrNothing(String trackingNumber, Optional<CachedCopy> cached,
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

    /** The answer from a fresh cached copy, starting its background re-read if one is due. */
    private ShipmentRead hit(String trackingNumber, Held held) {
        metrics.hit();
        Instant now = clock.instant();
        if (isDueForRefresh(held.copy(), now)
                && held.startReRead(() -> readStorage(trackingNumber, Optional.of(held.copy()))
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

    private ShipmentRead answered(ShipmentRead read) {
        metrics.answered(read.source());
        return read;
    }

    /** Whether a copy may be answered without asking storage. */
    private boolean isFresh(CachedCopy copy) {
        return copy.isNotFound() || copy.age(clock.instant()).compareTo(config.freshFor()) < 0;
    }

    /**
     * Whether a fresh copy is old enough to be re-read from storage in the background (see refresh-after); each copy
     * is re-read once per instance ({@link Held#startReRead}).
     */
    private boolean isDueForRefresh(CachedCopy copy, Instant now) {
        return !copy.isNotFound() && copy.age(now).compareTo(config.refreshAfter()) >= 0;
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

    /** The newest copy this region holds: this instance's, or Redis's (bounded; bypassed when Redis fails). */
    private CompletableFuture<Optional<CachedCopy>> held(String trackingNumber) {
        Optional<CachedCopy> inMemory = near.ready(trackingNumber).map(Held::copy);
        return cache.lookup(trackingNumber).thenApply(redis -> newer(inMemory, redis));
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
    public CompletionStage<EventsRead> events(String trackingNumber, String afterRowKey, int limit) {
        TableOperation<VersionedPage> page = tables -> {
            Shipment summary = tables.shipmentStore().find(trackingNumber)
                    .orElseThrow(() -> new ShipmentNotFoundException(trackingNumber));
            return new VersionedPage(tables.shipmentStore().events(trackingNumber, afterRowKey, limit),
                    summary.version());
        };
        return guarded(storage.read(page)).thenCompose(read -> {
            EventsRead answer = new EventsRead(read.value().page(), read.value().version(), read.source());
            if (read.source() != ReadSource.SECONDARY) {
                return CompletableFuture.completedFuture(answer);
            }
            return held(trackingNumber).thenCompose(held -> {
                if (held.filter(copy -> copy.isNewerThan(answer.version())).isEmpty()) {
                    return CompletableFuture.completedFuture(answer);
                }
                metrics.behindHeld();
                return storage.readPrimary(page)
                        .thenApply(current -> new EventsRead(current.page(), current.version(), ReadSource.PRIMARY))
                        .exceptionallyCompose(failure -> {
                            Throwable cause = NearCache.unwrapped(failure);
                            if (!isUnavailable(cause)) {
                                return CompletableFuture.failedFuture(cause);
                            }
                            LOG.debugf("events of %s answered behind the region's copy: the primary cannot answer (%s)",
                                    trackingNumber, cause.toString());
                            return CompletableFuture.completedFuture(answer);
                        });
            });
        });
    }

    /**
     * A page of a member's shipments. A page the secondary answered shows each shipment as the newer of its row and
     * the copy this region holds, so that a list never shows a shipment older than the region has answered it.
     */
    public CompletionStage<Sourced<Page<MemberShipment>>> memberShipments(String memberId, String afterTrackingNumber,
            int limit) {
        return guarded(storage.read(tables -> tables.shipmentStore().memberShipments(memberId, afterTrackingNumber,
                limit))).thenCompose(read -> {
                    if (read.source() != ReadSource.SECONDARY || read.value().items().isEmpty()) {
                        return CompletableFuture.completedFuture(read);
                    }
                    // Every lookup is sent before the first answer is awaited: the page waits about one Redis round trip.
                    List<CompletableFuture<Optional<CachedCopy>>> lookups = read.value().items().stream()
                            .map(row -> held(row.trackingNumber())).toList();
                    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                            .thenApply(done -> overlaid(read, lookups));
                });
    }

    /** The secondary's rows, each replaced by the copy this region holds where that copy is newer. */
    private Sourced<Page<MemberShipment>> overlaid(Sourced<Page<MemberShipment>> read,
            List<CompletableFuture<Optional<CachedCopy>>> held) {
        List<MemberShipment> rows = new ArrayList<>(held.size());
        for (int i = 0; i < held.size(); i++) {
            MemberShipment row = read.value().items().get(i);
            Optional<CachedCopy> newer = held.get(i).join().filter(copy -> copy.isNewerThan(row.version()));
            if (newer.isPresent()) {
                metrics.behindHeld();
            }
            rows.add(newer.map(copy -> row.as(view(copy.json()), copy.version())).orElse(row));
        }
        return new Sourced<>(new Page<>(rows, read.value().nextCursor()), read.source(), read.lastSync());
    }

    private ShipmentView view(String copy) {
        try {
            return json.readValue(copy, ShipmentView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached copy that is not a shipment view", e);
        }
    }

    private String json(ShipmentView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a shipment view", e);
        }
    }

    /** A read neither endpoint could answer becomes a 503. */
    private static <T> CompletableFuture<T> guarded(CompletableFuture<T> read) {
        return read.exceptionallyCompose(failure -> {
            Throwable cause = NearCache.unwrapped(failure);
            return CompletableFuture.failedFuture(
                    isUnavailable(cause) ? new NothingCanServeException(NOTHING_CAN_SERVE, cause) : cause);
        });
    }

    static boolean isUnavailable(Throwable failure) {
        return failure instanceof StorageUnavailableException || failure instanceof CircuitBreakerOpenException
                || failure instanceof TimeoutException;
    }
}
