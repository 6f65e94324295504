package io.shiptrack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Written;

/** Interleavings of two writes forced step by step against real Azurite, each of which once lost a write. */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class WriteRacesTest {

    private static final CarrierScope CARRIER = CarrierScope.carrier(Tokens.CARRIER);

    private static ShipmentStore store() {
        return new ShipmentStore(TestStack.directTables().getTableClient(TableKeys.SHIPMENTS),
                TestStack.directTables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
    }

    @Test
    void twoCreatesInTheSameMillisecondAreNotBothCreated() {
        String tn = Fixtures.trackingNumber();
        Instant sameMillisecond = Instant.parse("2026-12-02T10:00:00.123Z");
        ShipmentRequest first = new ShipmentRequest("Rotterdam, NL", "Lyon, FR", sameMillisecond, null, "acme");
        ShipmentRequest second = new ShipmentRequest("Hamburg, DE", "Milan, IT", sameMillisecond, null, "acme");

        Optional<Written<Shipment>> won = store().tryPut(tn, first, CARRIER, sameMillisecond);
        assertTrue(won.orElseThrow().created());
        // The second found no row when it read, then its create collided: it lost the race, whatever the clock says.
        Optional<Written<Shipment>> lost = store().tryPut(tn, second, CARRIER, sameMillisecond, Optional.empty());
        assertTrue(lost.isEmpty(), "a create that collided with another writer's row is a lost race, not a 201");

        // Its retry replaces the row, so the second body is not lost either.
        Written<Shipment> retried = ShipmentStore.untilWon(() -> store().tryPut(tn, second, CARRIER, sameMillisecond));
        assertFalse(retried.created());
        assertEquals("Hamburg, DE", store().find(tn).orElseThrow().origin());
    }
}
