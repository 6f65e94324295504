package io.shiptrack.model.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How IMPORT_EVENTS input is cut into staged chunks: at most {@link #MAX_EVENTS} events and about
 * {@link #MAX_CHARS} characters of JSON each, well under an entity's 1 MiB. The worker applies and checkpoints one
 * chunk at a time, so a crash redoes at most this many events. The events are grouped by tracking number first (a
 * stable sort, so each shipment's events keep their order and a repeated eventId is still the later one): a chunk
 * then holds whole runs of a shipment's events, which the worker writes in few entity-group transactions. The
 * order across shipments does not change what is stored.
 */
public final class EventChunks {

    /**
     * The worker waits for a chunk's slowest shipment before it checkpoints, so a chunk should span several rounds
     * of the worker's concurrency: with 500 events (25 shipments of 20 on 16 threads) the job ran at 76-84% of a
     * bulk loader with no checkpoints, with 1,000 at 85-92% (docs/benchmarks.md, "Jobs"). A crash redoes at most
     * this many events.
     */
    public static final int MAX_EVENTS = 1000;
    static final int MAX_CHARS = 300_000;

    private EventChunks() {
    }

    /** The events as chunk JSON texts, in order. */
    public static List<String> split(List<ImportedEvent> events) {
        return split(events, MAX_EVENTS);
    }

    public static List<String> split(List<ImportedEvent> events, int maxEvents) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int chars = 0;
        List<ImportedEvent> byShipment = new ArrayList<>(events);
        byShipment.sort(Comparator.comparing(ImportedEvent::trackingNumber,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (ImportedEvent event : byShipment) {
            String json = JobJson.write(event);
            if (!current.isEmpty() && (current.size() >= maxEvents || chars + json.length() > MAX_CHARS)) {
                chunks.add("[" + String.join(",", current) + "]");
                current.clear();
                chars = 0;
            }
            current.add(json);
            chars += json.length() + 1;
        }
        if (!current.isEmpty()) {
            chunks.add("[" + String.join(",", current) + "]");
        }
        return chunks;
    }

    public static List<ImportedEvent> parse(String chunkJson) {
        return Arrays.asList(JobJson.read(chunkJson, ImportedEvent[].class));
    }
}
