package io.shiptrack.devservices.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.localstack.Azurite;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/** The demo shipments the README names, read back through the store the API reads with. */
class DemoShipmentsTest {

    @Test
    void theDocumentedDemoShipmentsAreStoredAtEveryStepOfTheJourney() {
        try (Azurite azurite = Azurite.start()) {
            azurite.createShiptrackStorage();
            var tables = azurite.tableService();

            List<String> numbers = DemoShipments.write(tables);

            assertEquals(List.of("DEMO00000001", "DEMO00000002", "DEMO00000003", "DEMO00000004", "DEMO00000005",
                    "DEMO00000006"), numbers);
            ShipmentStore store = new ShipmentStore(tables.getTableClient(TableKeys.SHIPMENTS),
                    tables.getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
            List<ShipmentStatus> statuses = numbers.stream().map(n -> store.find(n).orElseThrow().status()).toList();
            assertEquals(List.of(ShipmentStatus.CREATED, ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT,
                    ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED, ShipmentStatus.DELIVERED), statuses);
            Shipment first = store.find("DEMO00000001").orElseThrow();
            assertEquals(DemoShipments.CARRIER, first.owner());
            CarrierScope.carrier(DemoShipments.CARRIER).requireChangeable(first);
            assertEquals(2, store.memberShipments("demo-member-1", null, 10).items().size());
        }
    }
}
