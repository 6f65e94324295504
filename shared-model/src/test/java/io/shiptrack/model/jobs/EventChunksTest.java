package io.shiptrack.model.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.ShipmentStatus;

class EventChunksTest {

    @Test
    void eventsAreGroupedByShipmentKeepingEachShipmentsOrder() {
        List<ImportedEvent> events = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            for (String tn : List.of("TNCCCCCCCC", "TNAAAAAAAA", "TNBBBBBBBB")) {
                events.add(new ImportedEvent(tn, tn + "-" + i, ShipmentStatus.IN_TRANSIT, at, "Hub", null));
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> chunks = EventChunks.split(events, 5);
        chunks.forEach(chunk -> EventChunks.parse(chunk).forEach(e -> ids.add(e.eventId())));
        assertEquals(List.of("TNAAAAAAAA-0", "TNAAAAAAAA-1", "TNAAAAAAAA-2", "TNAAAAAAAA-3", "TNBBBBBBBB-0",
                "TNBBBBBBBB-1", "TNBBBBBBBB-2", "TNBBBBBBBB-3", "TNCCCCCCCC-0", "TNCCCCCCCC-1", "TNCCCCCCCC-2",
                "TNCCCCCCCC-3"), ids);
        assertEquals(3, chunks.size());
    }
}
