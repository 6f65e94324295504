package io.shiptrack.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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

/**
 * Shipment reads and writes on one endpoint's tables, shared by the API and the worker so that an imported event
 * has exactly the effect of a posted one. An event, its eventId marker and the shipment summary share a
 * partition and are written in one entity-group transaction, guarded by the summary's ETag.
 */
public final class ShipmentStore {

    /** Attempts of an event write that lost an ETag race before giving up; each loser re-reads and retries. */
    static final int MAX_RACE_ATTEMPTS = 16;

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
        Optional<TableEntity> current = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW);
        try {
            if (current.isEmpty()) {
                Shipment created = Shipment.register(trackingNumber, request, scope.caller(), now);
                try {
                    shipments.createEntityWithResponse(ShipmentEntities.summaryEntity(created), timeout,
                            Context.NONE);
                } catch (TableServiceException e) {
                    // The SDK may resend a create whose first try timed out after it was stored: if the row holds
                    // this very write (same creation instant), it is ours, not a racing writer's.
                    if (!isRace(e) || find(trackingNumber).map(Shipment::createdAt).filter(at -> sameInstant(at, now))
                            .isEmpty()) {
                        throw e;
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
        TableEntity current = get(shipments, trackingNumber, TableKeys.SUMMARY_ROW)
                .orElseThrow(() -> new ShipmentNotFoundException(trackingNumber));
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
