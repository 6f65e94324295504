package io.shiptrack.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.data.tables.models.TableTransactionResult;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ConcurrentUpdateException;
import io.shiptrack.model.Cursors;
import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Page;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;

/**
 * Shipment reads and writes on one endpoint's tables, shared by the API and the worker so that an imported event
 * has exactly the effect of a posted one. An event, its eventId marker and the shipment summary share a
 * partition and are written in one entity-group transaction, guarded by the summary's ETag.
 * <p>
 * The member index row lives in another table, so no transaction covers it and the summary. It is kept right by three
 * rules, so that no row is lost or brought back whatever the interleaving: (1) a row is written only before a commit
 * guarded by the ETag read before the write, so a later move, which reads the summary after that commit, removes it
 * after; (2) a row is removed only after a commit has recorded its member in {@link #INDEX_PENDING}, and the mark is
 * cleared by {@link #settle} with a commit guarded by the ETag read before the removals, so a crash leaves the mark
 * to the next write and a concurrent commit makes the settle look again; (3) a writer whose commit did not land (a
 * lost race, a repeated event) checks the row it wrote against the summary. What only a crash inside such a race can
 * leave, {@link #reconcileIndexRow} repairs (the worker's sweeper calls it for every row in turn). A summary marked
 * {@link #PURGING} takes no commit: a write that meets it finishes the purge.
 */
public final class ShipmentStore {

    private static final Logger LOG = Logger.getLogger(ShipmentStore.class.getName());

    /** The summary property naming the attempt that created the row (see {@link #tryPut}). */
    static final String WRITE_ID = "WriteId";
    /**
     * The summary property listing the members (comma-separated) whose index rows must still be removed: set by the
     * commit that moves the shipment away from them, cleared by {@link #settle} once they are gone.
     */
    public static final String INDEX_PENDING = "IndexPending";
    /** The summary property that marks a shipment a purge owns (see {@link #purge}); writes never commit over it. */
    public static final String PURGING = "Purging";

    /** Points in a write where tests hold a writer or fail it (production: {@link #NONE}). */
    @FunctionalInterface
    public interface Probe {
        /** An event's write (or an import's, of one shipment) has read the summary; it has written nothing yet. */
        String READ = "read";
        /** The member's index row is written; the summary is not committed yet. */
        String INDEX_WRITTEN = "index-written";
        /** The summary is committed; the index rows of the members it moved away from are not removed yet. */
        String COMMITTED = "committed";
        /** {@link #settle} has read the summary; it has removed nothing yet. */
        String SETTLE_READ = "settle-read";
        /** {@link #settle}: the pending members' rows are removed; the summary's mark is not cleared yet. */
        String REMOVED = "removed";
        /** {@link #purge}: the summary is marked; the shipment's other rows are not deleted yet. */
        String PURGE_MARKED = "purge-marked";
        /** {@link #purge}: events and index rows are deleted; the summary is not. */
        String PURGE_ROWS_DELETED = "purge-rows-deleted";

        Probe NONE = (point, trackingNumber) -> {
        };

        void reached(String point, String trackingNumber);
    }

    /** Attempts of an event write that lost an ETag race before giving up; each loser re-reads and retries. */
    static final int MAX_RACE_ATTEMPTS = 16;
    /** Events per entity-group transaction of {@link #addEvents}: each with its marker, plus the summary (99). */
    public static final int EVENTS_PER_TRANSACTION = 49;
    /** Rows deleted per entity-group transaction of a purge. */
    static final int PURGE_BATCH = 100;

    private final TableClient shipments;
    private final TableClient memberShipments;
    private final Duration timeout;
    private final Probe probe;

    public ShipmentStore(TableClient shipments, TableClient memberShipments, Duration timeout) {
        this(shipments, memberShipments, timeout, Probe.NONE);
    }

    public ShipmentStore(TableClient shipments, TableClient memberShipments, Duration timeout, Probe probe) {
        this.shipments = shipments;
        this.memberShipments = memberShipments;
        this.timeout = timeout;
        this.probe = probe;
    }

    /** What a write did: whether it created something new, and the stored state after it. */
    public record Written<T>(boolean created, T value, Shipment shipment) {
    }

    /** The shipment; none while a purge owns it (its rows are on their way out). */
    public Optional<Shipment> find(String trackingNumber) {
        return get(shipments, trackingNumber, TableKeys.SUMMARY_ROW).filter(row -> !isPurging(row))
                .map(ShipmentEntities::shipmentFrom);
    }

    /** A page of events, newest first, starting after the event row key {@code after} (null: from the newest). */
    public Page<TrackingEvent> events(String trackingNumber, String after, int limit) {
        String from = after == null
                ? ODataFilters.ge("RowKey", TableKeys.EVENT_PREFIX)
                : ODataFilters.gt("RowKey", after);
        String filter = ODataFilters.and(ODataFilters.eq("PartitionKey", trackingNumber), from,
                ODataFilters.lt("RowKey", TableKeys.EVENT_PREFIX_END));
        return page(shipments, filter, limit, ShipmentEntities::eventFrom);
    }

    /** A page of a member's shipments by tracking number, starting after {@code after} (null: from the first). */
    public Page<MemberShipment> memberShipments(String memberId, String after, int limit) {
        String filter = ODataFilters.eq("PartitionKey", memberId);
        if (after != null) {
            filter = ODataFilters.and(filter, ODataFilters.gt("RowKey", after));
        }
        return page(memberShipments, filter, limit, ShipmentEntities::memberShipmentFrom);
    }

    /**
     * Registers a shipment owned by {@code scope}'s caller, or replaces one {@code scope} may change; its events,
     * status and owner stay. A shipment {@code scope} may not change is a {@link ShipmentNotFoundException}.
     */
    public Written<Shipment> put(String trackingNumber, ShipmentRequest request, CarrierScope scope, Instant now) {
        return untilWon(() -> tryPut(trackingNumber, request, scope, now));
    }

    /** One attempt of {@link #put}; empty when another writer changed the summary first (retry it). */
    public Optional<Written<Shipment>> tryPut(String trackingNumber, ShipmentRequest request, CarrierScope scope,
            Instant now) {
        return tryPut(trackingNumber, request, scope, now, get(shipments, trackingNumber, TableKeys.SUMMARY_ROW));
    }

    /**
     * One attempt of {@link #put}, given the summary row as this attempt read it (empty: there was none). Public so
     * that tests can force a writer's read to come before another writer's create.
     */
    public Optional<Written<Shipment>> tryPut(String trackingNumber, ShipmentRequest request, CarrierScope scope,
            Instant now, Optional<TableEntity> current) {
        if (current.isEmpty()) {
            Shipment created = Shipment.register(trackingNumber, request, scope.caller(), now);
            // Marks this attempt's row, so that a 409 can tell our own resent create from another writer's.
            String writeId = UUID.randomUUID().toString();
            upsertIndexRow(created);
            try {
                shipments.createEntityWithResponse(
                        ShipmentEntities.summaryEntity(created).addProperty(WRITE_ID, writeId), timeout,
                        Context.NONE);
            } catch (TableServiceException e) {
                // The SDK may resend a create whose first try timed out after it was stored: if the row holds
                // this very attempt's write id, the row is ours. Anything else is another writer that created
                // the shipment first (even in the same millisecond): this attempt lost the race, and its retry
                // replaces that row (200) rather than claiming to have created it (201).
                if (!isRace(e)) {
                    throw e;
                }
                boolean ours = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW)
                        .map(row -> writeId.equals(row.getProperty(WRITE_ID))).orElse(false);
                if (!ours) {
                    lost(trackingNumber, created);
                    return Optional.empty();
                }
            }
            probe.reached(Probe.COMMITTED, trackingNumber);
            ensureIndexRowAfterCreate(created);
            return Optional.of(new Written<>(true, created, created));
        }
        TableEntity row = current.get();
        if (isPurging(row)) {
            // A purge owns the shipment: finish it, and the retry registers the shipment anew.
            finishPurge(trackingNumber, Set.of());
            return Optional.empty();
        }
        Shipment before = scope.requireChangeable(ShipmentEntities.shipmentFrom(row));
        Shipment replaced = before.replacedBy(request, now);
        Set<String> pending = new TreeSet<>(pendingMembers(row));
        if (before.memberId() != null) {
            pending.add(before.memberId());
        }
        if (replaced.memberId() != null) {
            pending.remove(replaced.memberId());
        }
        upsertIndexRow(replaced);
        try {
            shipments.updateEntityWithResponse(summaryRow(replaced, pending, row.getETag()),
                    TableEntityUpdateMode.REPLACE, true, timeout, Context.NONE);
        } catch (TableServiceException e) {
            // Gone: a purge finished since the read; the retry registers the shipment anew.
            if (!isRace(e) && !isGone(e)) {
                throw e;
            }
            lost(trackingNumber, replaced);
            return Optional.empty();
        }
        probe.reached(Probe.COMMITTED, trackingNumber);
        if (!pending.isEmpty()) {
            settleAfterCommit(trackingNumber);
        }
        return Optional.of(new Written<>(false, replaced, replaced));
    }

    /**
     * Records a tracking event on a shipment {@code scope} may change. A repeated eventId changes nothing and returns the stored event with
     * {@code created == false}. Two events racing on one shipment are resolved by the summary's ETag, and the
     * summary ends up reflecting the event with the latest {@code occurredAt}, whatever the arrival order.
     */
    public Written<TrackingEvent> addEvent(String trackingNumber, TrackingEvent event, CarrierScope scope,
            Instant now) {
        return untilWon(() -> tryAddEvent(trackingNumber, event, scope, now));
    }

    /**
     * One attempt of {@link #addEvent}; empty when another writer changed the summary first (retry it). A shipment
     * {@code scope} may not change is a {@link ShipmentNotFoundException}, exactly like an unknown one, and so is
     * one that a purge owns (the event would be deleted with it).
     */
    public Optional<Written<TrackingEvent>> tryAddEvent(String trackingNumber, TrackingEvent event,
            CarrierScope scope, Instant now) {
        TableEntity current = writableSummary(trackingNumber);
        Shipment before = scope.requireChangeable(ShipmentEntities.shipmentFrom(current));
        probe.reached(Probe.READ, trackingNumber);
        Shipment after = before.withEvent(event, now);
        Set<String> pending = pendingMembers(current);
        List<TableTransactionAction> actions = List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventIdEntity(trackingNumber, event)),
                new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventEntity(trackingNumber, event)),
                new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                        summaryRow(after, pending, current.getETag()), true));
        upsertIndexRow(after);
        try {
            shipments.submitTransactionWithResponse(actions, timeout, Context.NONE);
        } catch (TableTransactionFailedException e) {
            Integer failed = e.getFailedTransactionActionIndex();
            if (failed != null && failed == 0 && TableErrorCode.ENTITY_ALREADY_EXISTS.equals(errorCode(e))) {
                Written<TrackingEvent> repeat = repeated(trackingNumber, event, before, after);
                // The index row was written for a summary that was not committed (unless the SDK resent our own).
                confirmIndexRow(trackingNumber, after, true);
                return Optional.of(repeat);
            }
            if (isGone(e)) {
                // A purge finished since the read: the event is not accepted, and the row written for it goes.
                lost(trackingNumber, after);
                throw new ShipmentNotFoundException(trackingNumber);
            }
            if (!isRace(e)) {
                throw e;
            }
            lost(trackingNumber, after);
            return Optional.empty();
        }
        probe.reached(Probe.COMMITTED, trackingNumber);
        if (!pending.isEmpty()) {
            settleAfterCommit(trackingNumber);
        }
        return Optional.of(new Written<>(true, event, after));
    }

    /** What {@link #addEvents} did: events newly stored, events already stored, and the summary after them. */
    public record EventsWritten(int created, int repeated, Shipment shipment) {
    }

    /**
     * Records many events of one shipment with the effect of {@link #addEvent} called for each in turn, in as few
     * entity-group transactions as fit ({@link #EVENTS_PER_TRANSACTION} events, their eventId markers and the
     * summary in each), every one guarded by the summary's ETag. The summary is read once. A repeated eventId
     * (stored already, or earlier in {@code events}) changes nothing and is counted as repeated. A transaction that
     * collides with a stored marker, or whose ETag moved on, fails as a whole: the summary and the shipment's
     * markers are then read again and the events not yet stored are written. The member index row is written once,
     * before the last transaction. {@code afterTransaction} runs after each committed transaction (tests inject faults there).
     * An SDK resend of a transaction applied by its first try counts its events as repeated; the rows are the same.
     *
     * @throws ShipmentNotFoundException when the shipment does not exist or {@code scope} may not change it
     */
    public EventsWritten addEvents(String trackingNumber, List<TrackingEvent> events, CarrierScope scope,
            Instant now, Runnable afterTransaction) {
        Map<String, TrackingEvent> pending = new LinkedHashMap<>();
        int repeated = 0;
        for (TrackingEvent event : events) {
            if (pending.putIfAbsent(event.eventId(), event) != null) {
                repeated++;
            }
        }
        TableEntity summary = writableSummary(trackingNumber);
        Shipment current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
        probe.reached(Probe.READ, trackingNumber);
        Set<String> members = pendingMembers(summary);
        String eTag = summary.getETag();
        int created = 0;
        int races = 0;
        // The index row written before the last transaction, until that transaction commits.
        Shipment unconfirmed = null;
        while (!pending.isEmpty()) {
            if (eTag == null) {
                // The batch answer did not carry the summary's new ETag (Azurite's do not): read the summary again,
                // content and ETag together, only when another transaction follows.
                summary = writableSummary(trackingNumber);
                current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
                members = pendingMembers(summary);
                eTag = summary.getETag();
            }
            List<TrackingEvent> batch = pending.values().stream().limit(EVENTS_PER_TRANSACTION).toList();
            Shipment after = current;
            List<TableTransactionAction> actions = new ArrayList<>(2 * batch.size() + 1);
            for (TrackingEvent event : batch) {
                after = after.withEvent(event, now);
                actions.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventIdEntity(trackingNumber, event)));
                actions.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventEntity(trackingNumber, event)));
            }
            actions.add(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                    summaryRow(after, members, eTag), true));
            if (batch.size() == pending.size()) {
                // The member's row is written once, before the last transaction (as every write writes it before its
                // commit): earlier transactions leave it one state behind until this one commits.
                upsertIndexRow(after);
                unconfirmed = after;
            }
            try {
                Response<TableTransactionResult> response = shipments.submitTransactionWithResponse(actions,
                        timeout, Context.NONE);
                created += batch.size();
                batch.forEach(event -> pending.remove(event.eventId()));
                current = after;
                eTag = summaryETag(response.getValue());
                if (unconfirmed == after) {
                    unconfirmed = null;
                }
            } catch (TableTransactionFailedException e) {
                if (isGone(e)) {
                    if (unconfirmed != null) {
                        confirmIndexRow(trackingNumber, unconfirmed, false);
                    }
                    throw new ShipmentNotFoundException(trackingNumber);
                }
                if (!isRace(e) || ++races >= MAX_RACE_ATTEMPTS) {
                    if (unconfirmed != null) {
                        confirmIndexRow(trackingNumber, unconfirmed, true);
                    }
                    throw isRace(e) ? new ConcurrentUpdateException(MAX_RACE_ATTEMPTS) : e;
                }
                if (unconfirmed != null) {
                    // A move may have won: the row just written may name a member the shipment no longer has. (Its
                    // content is written again before the next last transaction, or checked after the loop.)
                    confirmIndexRow(trackingNumber, unconfirmed, false);
                }
                summary = writableSummary(trackingNumber);
                current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
                members = pendingMembers(summary);
                eTag = summary.getETag();
                Set<String> stored = storedEventIds(trackingNumber);
                int before = pending.size();
                pending.keySet().removeAll(stored);
                repeated += before - pending.size();
                continue;
            }
            probe.reached(Probe.COMMITTED, trackingNumber);
            afterTransaction.run();
        }
        if (unconfirmed != null) {
            // Its transaction was not committed (every event turned out stored already): the row may be ahead.
            confirmIndexRow(trackingNumber, unconfirmed, true);
        }
        if (!members.isEmpty()) {
            settleAfterCommit(trackingNumber);
        }
        return new EventsWritten(created, repeated, current);
    }

    private TableEntity summary(String trackingNumber) {
        return get(shipments, trackingNumber, TableKeys.SUMMARY_ROW)
                .orElseThrow(() -> new ShipmentNotFoundException(trackingNumber));
    }

    /** The summary's new ETag from a committed transaction's answer; null when it does not carry one. */
    private static String summaryETag(TableTransactionResult result) {
        var response = result == null ? null : result.getTableTransactionActionResponseByRowKey(TableKeys.SUMMARY_ROW);
        return response == null ? null : JobStore.eTag(response);
    }

    /** The eventIds stored for a shipment, from its marker rows. */
    private Set<String> storedEventIds(String trackingNumber) {
        String filter = ODataFilters.and(ODataFilters.eq("PartitionKey", trackingNumber),
                ODataFilters.ge("RowKey", TableKeys.EVENT_ID_PREFIX),
                ODataFilters.lt("RowKey", TableKeys.EVENT_ID_PREFIX_END));
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setSelect(List.of("RowKey"));
        Set<String> ids = new HashSet<>();
        for (TableEntity marker : shipments.listEntities(options, timeout, Context.NONE)) {
            ids.add(marker.getRowKey().substring(TableKeys.EVENT_ID_PREFIX.length()));
        }
        return ids;
    }

    /**
     * Repeats an attempt that can lose an ETag race until it wins; each attempt re-reads what it changes. Callers
     * that bound each storage call (the API's breaker) pass their own guarded attempt.
     */
    public static <T> T untilWon(Supplier<Optional<T>> attempt) {
        for (int i = 1; i <= MAX_RACE_ATTEMPTS; i++) {
            Optional<T> won = attempt.get();
            if (won.isPresent()) {
                return won.get();
            }
        }
        throw new ConcurrentUpdateException(MAX_RACE_ATTEMPTS);
    }

    /**
     * The eventId is stored already. Usually a carrier's repeat: nothing is written. If the stored event is this very request's (same {@code recordedAt} and content), the SDK
     * resent a transaction whose first try timed out after it had been applied: the write is this request's own.
     */
    private Written<TrackingEvent> repeated(String trackingNumber, TrackingEvent event, Shipment before,
            Shipment after) {
        TableEntity marker = get(shipments, trackingNumber, TableKeys.eventIdRowKey(event.eventId()))
                .orElseThrow(() -> new IllegalStateException("eventId marker vanished: " + event.eventId()));
        TrackingEvent stored = get(shipments, trackingNumber, (String) marker.getProperty("EventRowKey"))
                .map(ShipmentEntities::eventFrom)
                .orElseThrow(() -> new IllegalStateException("event row missing for marker " + event.eventId()));
        if (stored.eventId().equals(event.eventId()) && stored.type() == event.type()
                && stored.occurredAt().equals(event.occurredAt())
                && sameInstant(stored.recordedAt(), event.recordedAt())) {
            return new Written<>(true, stored, after);
        }
        return new Written<>(false, stored, before);
    }

    // ---- The member index: written before the summary's commit, removed after it, repaired by settle ----

    /**
     * The summary as a write may change it. A summary a purge owns is no longer writable: the purge is finished
     * here (whoever comes first completes it), and the shipment is then unknown.
     */
    private TableEntity writableSummary(String trackingNumber) {
        TableEntity row = summary(trackingNumber);
        if (isPurging(row)) {
            finishPurge(trackingNumber, Set.of());
            throw new ShipmentNotFoundException(trackingNumber);
        }
        return row;
    }

    /** The summary entity of {@code shipment}, carrying the pending removals, guarded by {@code eTag} (if any). */
    private static TableEntity summaryRow(Shipment shipment, Set<String> pending, String eTag) {
        TableEntity entity = ShipmentEntities.summaryEntity(shipment);
        if (!pending.isEmpty()) {
            entity.addProperty(INDEX_PENDING, String.join(",", new TreeSet<>(pending)));
        }
        if (eTag != null) {
            entity.addProperty("odata.etag", eTag);
        }
        return entity;
    }

    /** The members whose index rows a summary still has to see removed. */
    public static Set<String> pendingMembers(TableEntity summary) {
        Object value = summary.getProperty(INDEX_PENDING);
        if (value == null || value.toString().isEmpty()) {
            return Set.of();
        }
        return Set.of(value.toString().split(","));
    }

    public static boolean isPurging(TableEntity summary) {
        return summary.getProperty(PURGING) != null;
    }

    /** Writes the member's index row of {@code shipment} (none for a shipment without a member). */
    private void upsertIndexRow(Shipment shipment) {
        if (shipment.memberId() != null) {
            memberShipments.upsertEntityWithResponse(ShipmentEntities.memberIndexEntity(shipment),
                    TableEntityUpdateMode.REPLACE, timeout, Context.NONE);
            probe.reached(Probe.INDEX_WRITTEN, shipment.trackingNumber());
        }
    }

    private void deleteIndexRow(String memberId, String trackingNumber) {
        deleteIgnoringMissing(memberShipments, new TableEntity(memberId, trackingNumber));
    }

    /** A write that lost its race had written the index row of {@code attempted}: undo it if the winner differs. */
    private void lost(String trackingNumber, Shipment attempted) {
        // Same member: the retry writes the row again before its own commit. Another member: it must go.
        confirmIndexRow(trackingNumber, attempted, false);
    }

    /**
     * An index row was written for {@code written}, and no commit of this writer confirmed it. If the stored summary
     * names another member (or, with {@code content}, holds other content), the row is repaired by {@link #settle}.
     */
    private void confirmIndexRow(String trackingNumber, Shipment written, boolean content) {
        String member = written.memberId();
        if (member == null) {
            return;
        }
        Optional<TableEntity> row = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
        if (row.isEmpty()) {
            removeOrphan(trackingNumber, member); // the shipment was purged meanwhile
            return;
        }
        if (isPurging(row.get())) {
            finishPurge(trackingNumber, Set.of(member));
            return;
        }
        Shipment stored = ShipmentEntities.shipmentFrom(row.get());
        if (member.equals(stored.memberId()) && (!content || sameIndexContent(stored, written))) {
            return;
        }
        settle(trackingNumber, Set.of(member));
    }

    /**
     * The removals a commit recorded, done at once. Best effort: the write is committed, so a failure here only leaves
     * the mark for the next write of the shipment or the sweeper's index pass, and must not turn a stored write into
     * an error answer.
     */
    private void settleAfterCommit(String trackingNumber) {
        try {
            settle(trackingNumber, Set.of());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "index of " + trackingNumber + " left to its next write: " + e);
        }
    }

    /**
     * The index pass may have removed the row a create wrote before its summary, taking it for one without a shipment
     * (see {@link #reconcileIndexRow}): it removes rows only while it holds the tracking number with a claim, so a
     * create that committed after the claim was gone finds its row missing here, and has it rewritten. Best effort,
     * like {@link #settleAfterCommit}.
     */
    private void ensureIndexRowAfterCreate(Shipment created) {
        if (created.memberId() == null) {
            return;
        }
        try {
            if (get(memberShipments, created.memberId(), created.trackingNumber()).isEmpty()) {
                settle(created.trackingNumber(), Set.of(created.memberId()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "index row of " + created.trackingNumber() + " left to the index pass: " + e);
        }
    }

    /**
     * Removes {@code member}'s row of a tracking number that has no summary. A create may be in flight (it writes the
     * row before its summary), so the tracking number is claimed first with a summary marked as a purge's, and that
     * purge finished: a create that commits first makes the claim collide (the row is then the shipment's, and
     * {@link #settle} lines it up), one that commits later collides with the claim and, meeting the mark, finishes
     * this purge and registers the shipment anew, and one that commits after the claim is gone finds its row missing
     * and has it rewritten (see {@link #ensureIndexRowAfterCreate}).
     */
    private void removeOrphan(String trackingNumber, String member) {
        TableEntity claim = new TableEntity(trackingNumber, TableKeys.SUMMARY_ROW)
                .addProperty(PURGING, Instant.now().toString()).addProperty(INDEX_PENDING, member);
        try {
            shipments.createEntityWithResponse(claim, timeout, Context.NONE);
        } catch (TableServiceException e) {
            if (!isRace(e)) {
                throw e;
            }
            settle(trackingNumber, Set.of(member));
            return;
        }
        finishPurge(trackingNumber, Set.of(member));
    }

    private static boolean sameIndexContent(Shipment a, Shipment b) {
        return ShipmentEntities.memberShipmentFrom(ShipmentEntities.memberIndexEntity(a))
                .equals(ShipmentEntities.memberShipmentFrom(ShipmentEntities.memberIndexEntity(b)));
    }

    /**
     * Brings the member index of one shipment in line with its summary: removes the rows of the summary's pending
     * members and of {@code touched} (members whose rows this caller removed or wrote without a commit confirming
     * them), rewrites the current member's row if it is among them, and clears the mark. Removals happen only after
     * a commit has recorded them in {@link #INDEX_PENDING}, so a crash leaves them to the shipment's next write; the
     * clearing commit is guarded by the ETag read before the removals, so if any writer committed meanwhile (maybe
     * moving the shipment back to a member whose row was just removed), the pass is made again from the new summary.
     *
     * @return whether the index was left in line (false: racing writers won every pass; the reconciler finishes)
     */
    public boolean settle(String trackingNumber, Set<String> touched) {
        Set<String> mine = new TreeSet<>(touched);
        for (int attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt++) {
            Optional<TableEntity> found = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
            if (found.isEmpty()) {
                return true; // nothing to line up with; rows of a removed shipment are the reconciler's
            }
            TableEntity row = found.get();
            if (isPurging(row)) {
                finishPurge(trackingNumber, mine);
                return true;
            }
            Shipment stored = ShipmentEntities.shipmentFrom(row);
            Set<String> recorded = pendingMembers(row);
            Set<String> remove = new TreeSet<>(recorded);
            remove.addAll(mine);
            if (stored.memberId() != null) {
                remove.remove(stored.memberId());
            }
            boolean rewrite = stored.memberId() != null && mine.contains(stored.memberId());
            if (remove.isEmpty() && !rewrite) {
                return true;
            }
            probe.reached(Probe.SETTLE_READ, trackingNumber);
            try {
                String eTag = row.getETag();
                if (!recorded.containsAll(remove)) {
                    // Recorded first, so that a crash during the removals leaves them to be done again.
                    eTag = replaceSummary(stored, remove, row, eTag);
                }
                for (String member : remove) {
                    deleteIndexRow(member, trackingNumber);
                }
                mine.addAll(remove);
                if (rewrite) {
                    upsertIndexRow(stored);
                }
                probe.reached(Probe.REMOVED, trackingNumber);
                replaceSummary(stored, Set.of(), row, eTag);
                return true;
            } catch (TableServiceException e) {
                if (!isRace(e)) {
                    throw e;
                }
            }
        }
        return false;
    }

    /** Rewrites the summary as read in {@code row} with {@code pending}, If-Match {@code eTag}; the new ETag. */
    private String replaceSummary(Shipment stored, Set<String> pending, TableEntity row, String eTag) {
        TableEntity entity = summaryRow(stored, pending, eTag);
        for (String kept : List.of(PURGING, WRITE_ID)) {
            if (row.getProperty(kept) != null) {
                entity.addProperty(kept, row.getProperty(kept));
            }
        }
        Response<Void> response = shipments.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true,
                timeout, Context.NONE);
        String next = JobStore.eTag(response);
        if (next == null) {
            throw new IllegalStateException("the summary update answered no ETag");
        }
        return next;
    }

    /**
     * Reconciles one member index row with its shipment's summary, as the worker's sweeper does for every row in
     * turn: a row whose summary names another member, holds other content, or is a purge's, is repaired through
     * {@link #settle}; a row without any summary is removed by a purge of a claim on the tracking number. Rows written within {@code grace}
     * are left alone, as they may belong to a write still in flight (which writes the row before its commit).
     *
     * @return whether the row needed a repair
     */
    public boolean reconcileIndexRow(TableEntity indexRow, Instant now, Duration grace) {
        if (indexRow.getTimestamp() != null && indexRow.getTimestamp().toInstant().isAfter(now.minus(grace))) {
            return false;
        }
        String member = indexRow.getPartitionKey();
        String trackingNumber = indexRow.getRowKey();
        Optional<TableEntity> row = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
        if (row.isEmpty()) {
            removeOrphan(trackingNumber, member);
            return true;
        }
        if (isPurging(row.get())) {
            finishPurge(trackingNumber, Set.of(member));
            return true;
        }
        Shipment stored = ShipmentEntities.shipmentFrom(row.get());
        if (member.equals(stored.memberId()) && ShipmentEntities.memberShipmentFrom(indexRow)
                .equals(ShipmentEntities.memberShipmentFrom(ShipmentEntities.memberIndexEntity(stored)))) {
            return false;
        }
        settle(trackingNumber, Set.of(member));
        return true;
    }

    // ---- Purge: mark the summary, delete the other rows, delete the summary If-Match the mark ----

    /**
     * Removes a shipment if {@code decide} still holds for the summary as stored: the summary is marked
     * {@link #PURGING} (If-Match the ETag it was decided on, so a write accepted since makes it decide again), then
     * {@link #finishPurge} deletes the rest. From the mark on, no write commits on the shipment: a write that reads
     * the mark finishes the purge itself and finds the shipment gone (an event: 404; a {@code PUT}: registers it
     * anew), and one that read the summary before the mark loses its ETag race and reads it.
     *
     * @return whether the shipment was purged
     */
    public boolean purge(TableEntity summaryRow, Predicate<Shipment> decide) {
        String trackingNumber = summaryRow.getPartitionKey();
        TableEntity row = summaryRow;
        for (int attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt++) {
            if (!isPurging(row)) {
                Shipment stored = ShipmentEntities.shipmentFrom(row);
                if (!decide.test(stored)) {
                    return false;
                }
                TableEntity marked = summaryRow(stored, pendingMembers(row), row.getETag())
                        .addProperty(PURGING, Instant.now().toString());
                try {
                    shipments.updateEntityWithResponse(marked, TableEntityUpdateMode.REPLACE, true, timeout,
                            Context.NONE);
                } catch (TableServiceException e) {
                    if (!isRace(e) && statusOf(e) != 404) {
                        throw e;
                    }
                    Optional<TableEntity> again = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
                    if (again.isEmpty()) {
                        return true; // purged meanwhile by a write that met another purge's mark
                    }
                    row = again.get();
                    continue;
                }
                probe.reached(Probe.PURGE_MARKED, trackingNumber);
            }
            finishPurge(trackingNumber, Set.of());
            return true;
        }
        throw new ConcurrentUpdateException(MAX_RACE_ATTEMPTS);
    }

    /**
     * Completes the purge of a marked shipment (the job, a write that met the mark, or the reconciler): deletes its
     * events and markers, the index rows of its member, its pending members and {@code alsoMembers}, then the
     * summary, If-Match the ETag read here. Safe to run twice at once: every delete tolerates a missing row.
     */
    public void finishPurge(String trackingNumber, Set<String> alsoMembers) {
        for (int attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt++) {
            Optional<TableEntity> found = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
            if (found.isEmpty() || !isPurging(found.get())) {
                return; // finished by another, or not a purge's at all
            }
            TableEntity row = found.get();
            deleteOtherRows(trackingNumber);
            Set<String> members = new TreeSet<>(pendingMembers(row));
            members.addAll(alsoMembers);
            String member = ShipmentEntities.shipmentFrom(row).memberId();
            if (member != null) {
                members.add(member);
            }
            for (String m : members) {
                deleteIndexRow(m, trackingNumber);
            }
            probe.reached(Probe.PURGE_ROWS_DELETED, trackingNumber);
            try {
                shipments.deleteEntityWithResponse(row, true, timeout, Context.NONE);
                return;
            } catch (TableServiceException e) {
                if (statusOf(e) == 404) {
                    return;
                }
                if (!isRace(e)) {
                    throw e;
                }
            }
        }
        throw new ConcurrentUpdateException(MAX_RACE_ATTEMPTS);
    }

    /** Deletes every row of the shipment's partition but the summary, in same-partition batches. */
    private void deleteOtherRows(String trackingNumber) {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter(ODataFilters.eq("PartitionKey", trackingNumber))
                .setSelect(List.of("PartitionKey", "RowKey"));
        List<TableEntity> batch = new ArrayList<>();
        for (TableEntity row : shipments.listEntities(options, timeout, Context.NONE)) {
            if (!row.getRowKey().equals(TableKeys.SUMMARY_ROW)) {
                batch.add(new TableEntity(trackingNumber, row.getRowKey()));
                if (batch.size() == PURGE_BATCH) {
                    deleteAll(batch);
                }
            }
        }
        deleteAll(batch);
    }

    /** One transaction; if it fails (another purger deleted a row first: the batch is all or nothing), one by one. */
    private void deleteAll(List<TableEntity> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            shipments.submitTransactionWithResponse(rows.stream()
                    .map(row -> new TableTransactionAction(TableTransactionActionType.DELETE, row)).toList(),
                    timeout, Context.NONE);
        } catch (TableTransactionFailedException e) {
            rows.forEach(row -> deleteIgnoringMissing(shipments, row));
        }
        rows.clear();
    }

    private void deleteIgnoringMissing(TableClient table, TableEntity row) {
        try {
            table.deleteEntityWithResponse(row, false, timeout, Context.NONE);
        } catch (TableServiceException e) {
            if (statusOf(e) != 404) {
                throw e;
            }
        }
    }

    private <T> Page<T> page(TableClient table, String filter, int limit, Function<TableEntity, T> mapper) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(limit + 1);
        List<TableEntity> rows = table.listEntities(options, timeout, Context.NONE).stream().limit(limit + 1L)
                .toList();
        boolean more = rows.size() > limit;
        List<TableEntity> pageRows = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursors.encode(pageRows.get(pageRows.size() - 1).getRowKey()) : null;
        return new Page<>(pageRows.stream().map(mapper).toList(), next);
    }

    private Optional<TableEntity> get(TableClient table, String partitionKey, String rowKey) {
        try {
            Response<TableEntity> response = table.getEntityWithResponse(partitionKey, rowKey, null, timeout,
                    Context.NONE);
            return Optional.ofNullable(response.getValue());
        } catch (TableServiceException e) {
            if (statusOf(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Equal to the millisecond: Table Storage keeps less precision than {@link Instant#now()} may carry. */
    private static boolean sameInstant(Instant stored, Instant written) {
        return stored != null && stored.truncatedTo(ChronoUnit.MILLIS).equals(written.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Another writer got there first: the insert collided (409) or the ETag moved on (412). */
    private static boolean isRace(TableServiceException e) {
        TableErrorCode code = errorCode(e);
        if (code != null) {
            return TableErrorCode.ENTITY_ALREADY_EXISTS.equals(code)
                    || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(code);
        }
        int status = statusOf(e);
        return status == 409 || status == 412;
    }

    /** The summary is not there (any more): an update or a transaction's summary action found nothing (404). */
    private static boolean isGone(TableServiceException e) {
        TableErrorCode code = errorCode(e);
        if (code != null) {
            return TableErrorCode.RESOURCE_NOT_FOUND.equals(code) || TableErrorCode.ENTITY_NOT_FOUND.equals(code);
        }
        return statusOf(e) == 404;
    }

    /** The service's error code; a failed transaction carries no HTTP response of its own, only this. */
    static TableErrorCode errorCode(TableServiceException e) {
        return e.getValue() == null ? null : e.getValue().getErrorCode();
    }

    /** The HTTP status of a failed call, 0 when there was no answer; {@link JobStore} reads it too. */
    static int statusOf(TableServiceException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }
}
