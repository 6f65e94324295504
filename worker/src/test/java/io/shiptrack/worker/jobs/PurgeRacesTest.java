package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.store.ODataFilters;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Probe;
import io.shiptrack.store.ShipmentStore.Written;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.Holds;
import io.shiptrack.worker.support.WorkerStack;

/**
 * A purge with a write forced between its steps, on real Azurite: a write accepted (2xx) is never deleted by the
 * purge, and a write the purge overtakes is refused (404), never accepted and then lost.
 */
class PurgeRacesTest {

    private static final CarrierScope CARRIER = CarrierScope.carrier(Data.CARRIER);
    private static final WorkerApp APP = WorkerStack.app(WorkerStack.newQueue());
    private static final TableClient SHIPMENTS = APP.tables().getTableClient(TableKeys.SHIPMENTS);
    private static final TableClient MEMBERS = APP.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);
    private static final Instant CUTOFF = Instant.parse("2025-01-01T00:00:00Z");
    private static final Predicate<Shipment> OLD_DELIVERED = s -> s.status() == ShipmentStatus.DELIVERED
            && s.deliveredAt() != null && s.deliveredAt().isBefore(CUTOFF);

    private static ShipmentStore store(Probe probe) {
        return Data.shipmentStore(APP, probe);
    }

    private static ShipmentStore store() {
        return Data.shipmentStore(APP);
    }

    private static TrackingEvent event(ShipmentStatus type, String occurredAt) {
        return new TrackingEvent("ev-" + Data.id(), type, Instant.parse(occurredAt), "Hub", null, Instant.now());
    }

    /** A shipment of {@code member} delivered in 2020, with two events. */
    private static String oldDelivered(String member) {
        String tn = Data.trackingNumber();
        store().put(tn, Data.request(member, Instant.parse("2020-03-01T00:00:00Z")), CARRIER, Instant.now());
        store().addEvent(tn, event(ShipmentStatus.IN_TRANSIT, "2020-02-01T00:00:00Z"), CARRIER, Instant.now());
        store().addEvent(tn, event(ShipmentStatus.DELIVERED, "2020-02-02T00:00:00Z"), CARRIER, Instant.now());
        return tn;
    }

    private static List<String> rowKeys(String tn) {
        return SHIPMENTS.listEntities(new ListEntitiesOptions().setFilter(ODataFilters.eq("PartitionKey", tn)), null,
                Context.NONE).stream().map(TableEntity::getRowKey).toList();
    }

    private static boolean listed(String member, String tn) {
        return Holds.listed(MEMBERS, member, tn);
    }

    /** No row of the shipment is left, nor {@code member}'s index row. */
    private static void assertGone(String member, String tn) {
        assertEquals(List.of(), rowKeys(tn), "a row of the shipment is left");
        assertFalse(listed(member, tn), "the member's index row outlived the purged shipment");
    }

    @Test
    void anEventAcceptedAfterThePurgeDecidedMakesItDecideAgain() {
        String member = "m-" + Data.id();
        String tn = oldDelivered(member);
        // The purge's page read the summary (delivered in 2020) ...
        TableEntity decidedOn = SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW);
        // ... then the carrier posts a later event (the parcel is on its way back), answered 201.
        TrackingEvent returned = event(ShipmentStatus.IN_TRANSIT, "2020-02-10T00:00:00Z");
        store().addEvent(tn, returned, CARRIER, Instant.now());

        assertFalse(store().purge(decidedOn, OLD_DELIVERED), "the purge must decide on the summary as it is now");
        assertTrue(rowKeys(tn).contains(TableKeys.eventRowKey(returned.occurredAt(), returned.eventId())),
                "the accepted event was deleted");
        assertEquals(ShipmentStatus.IN_TRANSIT, store().find(tn).orElseThrow().status());
        assertTrue(listed(member, tn));
    }

    @Test
    void anEventArrivingWhileThePurgeRunsIsRefusedNotLost() throws Exception {
        String member = "m-" + Data.id();
        String tn = oldDelivered(member);
        TableEntity row = SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW);
        // The summary is marked: the event is not accepted (404), it finishes the purge instead.
        boolean purged = Holds.across(Probe.PURGE_MARKED, probe -> store(probe).purge(row, OLD_DELIVERED),
                () -> assertThrows(ShipmentNotFoundException.class, () -> store().addEvent(tn,
                        event(ShipmentStatus.IN_TRANSIT, "2020-02-10T00:00:00Z"), CARRIER, Instant.now())));
        assertTrue(purged);
        assertGone(member, tn);
    }

    @Test
    void aPutArrivingBeforeTheSummaryIsDeletedRegistersTheShipmentAnew() throws Exception {
        String member = "m-" + Data.id();
        String other = "o-" + Data.id();
        String tn = oldDelivered(member);
        // Events and index rows are deleted; the summary is not yet.
        TableEntity row = SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW);
        boolean purged = Holds.across(Probe.PURGE_ROWS_DELETED, probe -> store(probe).purge(row, OLD_DELIVERED),
                () -> {
                    Written<Shipment> put = store().put(tn, new ShipmentRequest("Oslo, NO", "Bergen, NO",
                            Instant.parse("2027-01-01T00:00:00Z"), other, "acme"), CARRIER, Instant.now());
                    assertTrue(put.created(), "the old shipment is purged first, so this is a new one (201)");
                });
        assertTrue(purged);

        Shipment stored = store().find(tn).orElseThrow(() -> new AssertionError("the accepted PUT was deleted"));
        assertEquals("Oslo, NO", stored.origin());
        assertEquals(ShipmentStatus.CREATED, stored.status());
        assertEquals(List.of(TableKeys.SUMMARY_ROW), rowKeys(tn));
        assertTrue(listed(other, tn));
        assertFalse(listed(member, tn));
    }

    @Test
    void aPurgeThatDiedIsFinishedByTheNextWrite() {
        String member = "m-" + Data.id();
        String tn = oldDelivered(member);
        TableEntity row = SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW);
        assertThrows(Crash.class, () -> store(Crash.inStoreAt(Probe.PURGE_MARKED)).purge(row, OLD_DELIVERED));
        assertTrue(rowKeys(tn).size() > 1, "events owned by the marked summary");

        assertThrows(ShipmentNotFoundException.class, () -> store().addEvent(tn,
                event(ShipmentStatus.IN_TRANSIT, "2020-02-10T00:00:00Z"), CARRIER, Instant.now()));
        assertGone(member, tn);
    }

    @Test
    void anEventWhoseShipmentIsPurgedBeforeItCommitsIsA404AndLeavesNoRow() throws Exception {
        String member = "m-" + Data.id();
        String tn = oldDelivered(member);
        // The event has read the summary; the purge then runs to its end; the event writes the index row and commits.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> Holds.across(Probe.READ, probe -> store(probe).addEvent(tn,
                        event(ShipmentStatus.IN_TRANSIT, "2020-02-10T00:00:00Z"), CARRIER, Instant.now()),
                        () -> assertTrue(store().purge(SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW),
                                OLD_DELIVERED))));
        assertTrue(failed.getCause() instanceof ShipmentNotFoundException, "not a 404: " + failed.getCause());
        assertGone(member, tn);
    }
}
