package io.shiptrack.functionshost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The queue-trigger settings of host.json ({@code extensions.queues}), with the documented defaults of the
 * Functions Storage Queues extension: batchSize 16, newBatchThreshold N*batchSize/2 (N cores), maxPollingInterval
 * 1 minute, visibilityTimeout 0, maxDequeueCount 5.
 */
public record HostSettings(int batchSize, int newBatchThreshold, Duration maxPollingInterval,
        Duration visibilityTimeout, int maxDequeueCount) {

    public static HostSettings read(Path hostJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(hostJson));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostJson, e);
        }
        if (root.path("extensionBundle").path("id").isMissingNode()) {
            throw new IllegalStateException(hostJson + " declares no extensionBundle; the queue trigger needs it");
        }
        JsonNode queues = root.path("extensions").path("queues");
        int batchSize = queues.path("batchSize").asInt(16);
        int threshold = queues.path("newBatchThreshold")
                .asInt(Runtime.getRuntime().availableProcessors() * batchSize / 2);
        return new HostSettings(batchSize, threshold,
                timeSpan(queues.path("maxPollingInterval"), Duration.ofMinutes(1)),
                timeSpan(queues.path("visibilityTimeout"), Duration.ZERO), queues.path("maxDequeueCount").asInt(5));
    }

    /** A host.json TimeSpan: {@code hh:mm:ss[.fff]}, or a number of milliseconds. */
    static Duration timeSpan(JsonNode node, Duration fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return Duration.ofMillis(node.asLong());
        }
        String[] parts = node.asText().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a TimeSpan: " + node.asText());
        }
        double seconds = Double.parseDouble(parts[2]);
        return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                .plusMillis(Math.round(seconds * 1000));
    }
}
