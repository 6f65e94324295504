package io.shiptrack.devservices.deployment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.azure.data.tables.TableServiceClient;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.store.ShipmentStore;

/**
 * The demo shipments of dev mode, written through the same {@link ShipmentStore} the API writes with: tracking numbers
 * {@code DEMO00000001} to {@code DEMO00000006}, owned by the carrier {@code demo-carrier}, for the members
 * {@code demo-member-1} to {@code demo-member-3}, each a step further on its journey than the one before.
 */
final class DemoShipments {

    static final String CARRIER = "demo-carrier";
    static final int COUNT = 6;

    private static final ShipmentStatus[] JOURNEY = {ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED};

    private DemoShipments() {
    }

    /** Writes the demo shipments and returns their tracking numbers. */
    static List<String> write(TableServiceClient tables) {
        ShipmentStore store = new ShipmentStore(tables.getTableClient(TableKeys.SHIPMENTS),
                tables.getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
        CarrierScope carrier = CarrierScope.carrier(CARRIER);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= COUNT; i++) {
            String trackingNumber = String.format("DEMO%08d", i);
            Instant promisedBy = now.minus(Duration.ofDays(2)).plus(Duration.ofHours(12L * i));
            store.put(trackingNumber, new ShipmentRequest("Rotterdam, NL", "Lyon, FR", promisedBy,
                    "demo-member-" + (i % 3 + 1), "demo"), carrier, now);
            for (int step = 0; step < Math.min(i - 1, JOURNEY.length); step++) {
                Instant at = now.minus(Duration.ofDays(3)).plus(Duration.ofHours(18L * step + i));
                store.addEvent(trackingNumber, new TrackingEvent("demo-" + i + "-" + step, JOURNEY[step], at,
                        "Hub " + step, null, now), carrier, now);
            }
            numbers.add(trackingNumber);
        }
        return numbers;
    }
}
