package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Probe;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.Holds;
import io.shiptrack.worker.support.WorkerStack;

/**
 * A shipment moving from member A to member B, with a second write or a failure forced into each window between
 * the member index writes and the summary's commit, on real Azurite: A never keeps (or gets back) the shipment once
 * the writes are done, and B always has it.
 */
class MemberIndexRacesTest {

    private static final CarrierScope CARRIER = CarrierScope.carrier(Data.CARRIER);
    private static final WorkerApp APP = WorkerStack.app(WorkerStack.newQueue());
    private static final TableClient SHIPMENTS = APP.tables().getTableClient(TableKeys.SHIPMENTS);
    private static final TableClient MEMBERS = APP.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);

    private static final Instant PROMISED = Instant.parse("2026-06-01T00:00:00Z");

    private static ShipmentStore store(Probe probe) {
        return Data.shipmentStore(APP, probe);
    }

    private static ShipmentStore store() {
        return Data.shipmentStore(APP);
    }

    private static ShipmentRequest to(String member) {
        return Data.request(member, PROMISED);
    }

    private static TrackingEvent event(ShipmentStatus type) {
        return new TrackingEvent("ev-" + Data.id(), type, Instant.parse("2026-05-01T10:00:00Z"), "Hub", null,
                Instant.now());
    }

    private static boolean listed(String member, String tn) {
        return Holds.listed(MEMBERS, member, tn);
    }

    private static Object pendingMark(String tn) {
        return SHIPMENTS.getEntity(tn, TableKeys.SUMMARY_ROW).getProperty(ShipmentStore.INDEX_PENDING);
    }

    private static String shipmentOf(String member) {
        return Data.shipment(APP, member, PROMISED);
    }

    @Test
    void aMoveWhoseRemovalFailedIsFinishedByTheRetry() {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        // Committed to B, then the process died before removing A's row.
        assertThrows(Crash.class, () -> store(Crash.inStoreAt(Probe.COMMITTED)).put(tn, to(b), CARRIER, Instant.now()));
        assertTrue(listed(a, tn) && listed(b, tn), "the window: both members list it");
        assertEquals(a, pendingMark(tn), "the commit recorded the removal it owes");

        // The retry finds the summary already moved; the mark tells it about A.
        store().put(tn, to(b), CARRIER, Instant.now());
        assertFalse(listed(a, tn), "A must not keep the shipment after the retry");
        assertTrue(listed(b, tn));
        assertNull(pendingMark(tn));
    }

    @Test
    void aMoveWhoseRemovalFailedIsFinishedByTheNextEvent() {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        assertThrows(Crash.class, () -> store(Crash.inStoreAt(Probe.COMMITTED)).put(tn, to(b), CARRIER, Instant.now()));

        store().addEvent(tn, event(ShipmentStatus.IN_TRANSIT), CARRIER, Instant.now());
        assertFalse(listed(a, tn));
        assertEquals(ShipmentStatus.IN_TRANSIT,
                store().memberShipments(b, null, 10).items().get(0).status());
        assertNull(pendingMark(tn));
    }

    /**
     * An event racing a move from A to B. Held at {@code COMMITTED}: the event commits on A and is held before
     * anything else it does, and the move then runs to its end; its late index write must not bring A's row back.
     * Held at {@code READ}: the event reads the summary (member A), the move commits and removes A's row, and the
     * event then writes A's row and loses its ETag race; the row it wrote must go, and its retry wins.
     */
    @ParameterizedTest
    @ValueSource(strings = {Probe.COMMITTED, Probe.READ})
    void anEventRacingAMoveLeavesNoRowOfTheOldMember(String heldAt) throws Exception {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        Holds.across(heldAt, probe -> store(probe).addEvent(tn, event(ShipmentStatus.IN_TRANSIT), CARRIER,
                Instant.now()), () -> store().put(tn, to(b), CARRIER, Instant.now()));

        assertFalse(listed(a, tn), "a row for A was left behind or brought back");
        assertTrue(listed(b, tn));
        assertEquals(ShipmentStatus.IN_TRANSIT,
                store().memberShipments(b, null, 10).items().get(0).status());
        assertEquals(ShipmentStatus.IN_TRANSIT, store().find(tn).orElseThrow().status(), "the event was lost");
    }

    @Test
    void anImportThatLostItsRaceToAMoveRemovesTheRowItWrote() throws Exception {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        // As for a posted event, through the import's write of one shipment (found by InvariantsTest).
        Holds.across(Probe.READ, probe -> store(probe).addEvents(tn,
                List.of(event(ShipmentStatus.IN_TRANSIT), event(ShipmentStatus.OUT_FOR_DELIVERY)), CARRIER,
                Instant.now(), () -> {
                }), () -> store().put(tn, to(b), CARRIER, Instant.now()));

        assertFalse(listed(a, tn), "the losing transaction's row for A was left behind");
        assertTrue(listed(b, tn));
        assertEquals(b, store().find(tn).orElseThrow().memberId());
    }

    @Test
    void aMoveBackWhileTheRemovalIsUnderWayKeepsTheRow() throws Exception {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        // The move to B has committed and read what it must remove (A) when the shipment moves back to A.
        Holds.across(Probe.SETTLE_READ, probe -> store(probe).put(tn, to(b), CARRIER, Instant.now()),
                () -> store().put(tn, to(a), CARRIER, Instant.now()));

        assertEquals(a, store().find(tn).orElseThrow().memberId());
        assertTrue(listed(a, tn), "the late removal took the row of the member the shipment is back with");
        assertFalse(listed(b, tn));
        assertNull(pendingMark(tn));
    }

    @Test
    void theReconcilerRemovesTheRowOfALoserThatDied() throws Exception {
        String a = "a-" + Data.id();
        String b = "b-" + Data.id();
        String tn = shipmentOf(a);
        // As above, but the losing event dies right after writing A's row: no write of the shipment knows of it.
        Probe crash = Crash.inStoreAt(Probe.INDEX_WRITTEN);
        ExecutionException died = assertThrows(ExecutionException.class,
                () -> Holds.across(Probe.READ, hold -> store((point, t) -> {
                    hold.reached(point, t);
                    crash.reached(point, t);
                }).addEvent(tn, event(ShipmentStatus.IN_TRANSIT), CARRIER, Instant.now()),
                        () -> store().put(tn, to(b), CARRIER, Instant.now())));
        assertInstanceOf(Crash.class, died.getCause(), "the writer did not die at the crash");
        assertTrue(listed(a, tn), "the damage: A lists a shipment that is B's");

        IndexReconciler reconciler = new IndexReconciler(MEMBERS, store(), Clock.systemUTC(), Duration.ZERO, 50,
                Duration.ofSeconds(20));
        assertTrue(reconciler.untilWrapped() >= 1);
        assertFalse(listed(a, tn));
        assertTrue(listed(b, tn));
        assertEquals(0, reconciler.untilWrapped(), "a second round finds nothing to repair");
    }

    @Test
    void theReconcilerLeavesARowWrittenWithinTheGrace() {
        String a = "a-" + Data.id();
        String tn = Data.trackingNumber();
        // An index row whose summary is not there (yet): a create in flight writes the row before the summary.
        MEMBERS.upsertEntity(new TableEntity(a, tn).addProperty("Status", "CREATED"));
        IndexReconciler patient = new IndexReconciler(MEMBERS, store(), Clock.systemUTC(), Duration.ofMinutes(5), 50,
                Duration.ofSeconds(20));
        patient.untilWrapped();
        assertTrue(listed(a, tn));
        IndexReconciler later = new IndexReconciler(MEMBERS, store(), Clock.systemUTC(), Duration.ZERO, 50,
                Duration.ofSeconds(20));
        later.untilWrapped();
        assertFalse(listed(a, tn), "an index row without a shipment is removed after the grace");
    }

    @Test
    void theReconcilerDoesNotTakeTheRowOfACreateInFlight() throws Exception {
        String a = "a-" + Data.id();
        String tn = Data.trackingNumber();
        // The create has written A's row, not its summary yet, when the index pass finds the row without a shipment.
        boolean created = Holds.across(Probe.INDEX_WRITTEN,
                probe -> store(probe).put(tn, to(a), CARRIER, Instant.now()).created(), () -> {
                    new IndexReconciler(MEMBERS, store(), Clock.systemUTC(), Duration.ZERO, 50, Duration.ofSeconds(20))
                            .untilWrapped();
                    assertFalse(listed(a, tn), "the pass left the row it took for one without a shipment");
                });
        assertTrue(created);

        assertEquals(a, store().find(tn).orElseThrow().memberId());
        assertTrue(listed(a, tn), "the created shipment is not in its member's list");
    }
}
