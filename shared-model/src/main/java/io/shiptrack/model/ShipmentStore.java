package io.shiptrack.model;

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
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

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

import io.shiptrack.model.jobs.JobStore;

/**
 * Shipment reads and writes on one endpoint's tables, shared by the API and the worker so that an imported event
 * has exactly the effect of a posted one. An event, its eventId marker and the shipment summary share a
 * partition and are written in one entity-group transaction, guarded by the summary's ETag.
 */
public final class ShipmentStore {

    /** The summary property naming the attempt that created the row (see {@link #tryPut}). */
    static final String WRITE_ID = "WriteId";

    /** Attempts of an event write that lost an ETag race before giving up; each loser re-reads and retries. */
    static final int MAX_RACE_ATTEMPTS = 16;
    /** Events per entity-group transaction of {@link #addEvents}: each with its marker, plus the summary (99). */
    public static final int EVENTS_PER_TRANSACTION = 49;

    private final TableClient shipments;
    private final TableClient memberShipments;
    private final Duration timeout;

    public ShipmentStore(TableClient shipments, TableClient memberShipments, Duration timeout) {
        this.shipments = shipments;
        this.memberShipments = memberShipments;
        this.timeout = timeout;
    }

    /** What a write did: whether it created something new, and the stored state after it. */
    public record Written<T>(boolean created, T value, Shipment shipment) {
    }

    public Optional<Shipment> find(String trackingNumber) {
        return get(shipments, trackingNumber, TableKeys.SUMMARY_ROW).map(ShipmentEntities::shipmentFrom);
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
        try {
            if (current.isEmpty()) {
                Shipment created = Shipment.register(trackingNumber, request, scope.caller(), now);
                // Marks this attempt's row, so that a 409 can tell our own resent create from another writer's.
                String writeId = UUID.randomUUID().toString();
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
                        return Optional.empty();
                    }
                }
                updateMemberIndex(null, created);
                return Optional.of(new Written<>(true, created, created));
            }
            Shipment before = scope.requireChangeable(ShipmentEntities.shipmentFrom(current.get()));
            Shipment replaced = before.replacedBy(request, now);
            TableEntity entity = ShipmentEntities.summaryEntity(replaced).addProperty("odata.etag",
                    current.get().getETag());
            shipments.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, timeout,
                    Context.NONE);
            updateMemberIndex(before, replaced);
            return Optional.of(new Written<>(false, replaced, replaced));
        } catch (TableServiceException e) {
            if (!isRace(e)) {
                throw e;
            }
            return Optional.empty();
        }
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
     * {@code scope} may not change is a {@link ShipmentNotFoundException}, exactly like an unknown one.
     */
    public Optional<Written<TrackingEvent>> tryAddEvent(String trackingNumber, TrackingEvent event,
            CarrierScope scope, Instant now) {
        TableEntity current = summary(trackingNumber);
        Shipment before = scope.requireChangeable(ShipmentEntities.shipmentFrom(current));
        Shipment after = before.withEvent(event, now);
        List<TableTransactionAction> actions = List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventIdEntity(trackingNumber, event)),
                new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventEntity(trackingNumber, event)),
                new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                        ShipmentEntities.summaryEntity(after).addProperty("odata.etag", current.getETag()), true));
        try {
            shipments.submitTransactionWithResponse(actions, timeout, Context.NONE);
            updateMemberIndex(before, after);
            return Optional.of(new Written<>(true, event, after));
        } catch (TableTransactionFailedException e) {
            Integer failed = e.getFailedTransactionActionIndex();
            if (failed != null && failed == 0 && TableErrorCode.ENTITY_ALREADY_EXISTS.equals(errorCode(e))) {
                return Optional.of(repeated(trackingNumber, event, before, after));
            }
            if (!isRace(e)) {
                throw e;
            }
            return Optional.empty();
        }
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
     * after the summary. {@code afterTransaction} runs after each committed transaction (tests inject faults there).
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
        TableEntity summary = summary(trackingNumber);
        Shipment current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
        String eTag = summary.getETag();
        int created = 0;
        int races = 0;
        while (!pending.isEmpty()) {
            if (eTag == null) {
                // The batch answer did not carry the summary's new ETag (Azurite's do not): read the summary again,
                // content and ETag together, only when another transaction follows.
                summary = summary(trackingNumber);
                current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
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
                    ShipmentEntities.summaryEntity(after).addProperty("odata.etag", eTag), true));
            try {
                Response<TableTransactionResult> response = shipments.submitTransactionWithResponse(actions,
                        timeout, Context.NONE);
                created += batch.size();
                batch.forEach(event -> pending.remove(event.eventId()));
                current = after;
                eTag = summaryETag(response.getValue());
            } catch (TableTransactionFailedException e) {
                if (!isRace(e) || ++races >= MAX_RACE_ATTEMPTS) {
                    throw isRace(e) ? new ConcurrentUpdateException(MAX_RACE_ATTEMPTS) : e;
                }
                summary = summary(trackingNumber);
                current = scope.requireChangeable(ShipmentEntities.shipmentFrom(summary));
                eTag = summary.getETag();
                Set<String> stored = storedEventIds(trackingNumber);
                int before = pending.size();
                pending.keySet().removeAll(stored);
                repeated += before - pending.size();
                continue;
            }
            afterTransaction.run();
        }
        updateMemberIndex(null, current);
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
     * The eventId is stored already. Usually a carrier's repeat: nothing is written but the member index, which is
     * made whole again. If the stored event is this very request's (same {@code recordedAt} and content), the SDK
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
            updateMemberIndex(before, after);
            return new Written<>(true, stored, after);
        }
        updateMemberIndex(null, before);
        return new Written<>(false, stored, before);
    }

    /**
     * Keeps the member's index row in step with the summary. It lives in another partition, so it is written
     * after the summary and repaired by the next write of the shipment if this step is lost.
     */
    private void updateMemberIndex(Shipment before, Shipment after) {
        if (before != null && before.memberId() != null && !before.memberId().equals(after.memberId())) {
            try {
                memberShipments.deleteEntityWithResponse(
                        new TableEntity(before.memberId(), before.trackingNumber()), false, timeout, Context.NONE);
            } catch (TableServiceException e) {
                if (statusOf(e) != 404) {
                    throw e;
                }
            }
        }
        if (after.memberId() != null) {
            memberShipments.upsertEntityWithResponse(ShipmentEntities.memberIndexEntity(after),
                    TableEntityUpdateMode.REPLACE, timeout, Context.NONE);
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

    /** The service's error code; a failed transaction carries no HTTP response of its own, only this. */
    static TableErrorCode errorCode(TableServiceException e) {
        return e.getValue() == null ? null : e.getValue().getErrorCode();
    }

    static int statusOf(TableServiceException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }
}
