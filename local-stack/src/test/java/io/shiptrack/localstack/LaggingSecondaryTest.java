package io.shiptrack.localstack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableServiceGeoReplicationStatus;
import com.azure.data.tables.models.TableServiceStatistics;

/** The lagging secondary against a real primary Azurite: what reaches the copy, when, and what its endpoint says. */
class LaggingSecondaryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static Azurite primary;
    private static LaggingSecondary secondary;
    private String table;

    @BeforeAll
    static void start() {
        primary = Azurite.start();
        secondary = LaggingSecondary.start(primary.connectionString(), Duration.ZERO, Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        if (secondary != null) {
            secondary.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @BeforeEach
    void freshTable() {
        table = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        primary.tableService().createTable(table);
        secondary.resume();
        secondary.setLag(Duration.ZERO);
        secondary.syncNow();
    }

    @AfterEach
    void resume() {
        secondary.resume();
        secondary.setLag(Duration.ZERO);
    }

    @Test
    void whilePausedAnInsertAnUpdateAndADeleteStayOffTheCopyUntilItSyncs() {
        TableClient writes = primary.tableService().getTableClient(table);
        writes.createEntity(row("p", "updated", 1));
        writes.createEntity(row("p", "deleted", 1));
        secondary.syncNow();
        assertEquals(Optional.of(1L), copied("updated").map(r -> (Long) r.getProperty("Version")));

        secondary.pause();
        writes.createEntity(row("p", "inserted", 1));
        writes.updateEntity(row("p", "updated", 2), TableEntityUpdateMode.REPLACE);
        writes.deleteEntity("p", "deleted");
        awaitListings(3);

        assertEquals(Optional.empty(), copied("inserted"), "an insert reached the paused copy");
        assertEquals(Optional.of(1L), copied("updated").map(r -> (Long) r.getProperty("Version")),
                "an update reached the paused copy");
        assertTrue(copied("deleted").isPresent(), "a delete reached the paused copy");

        Instant synced = secondary.syncNow();

        assertTrue(copied("inserted").isPresent(), "the insert is not on the copy after the sync");
        assertEquals(Optional.of(2L), copied("updated").map(r -> (Long) r.getProperty("Version")));
        assertEquals(Optional.empty(), copied("deleted"), "the delete is not on the copy after the sync");
        assertEquals(synced, secondary.lastSync());
    }

    @Test
    void aChangeReachesTheCopyNoSoonerThanTheLagAfterItWasMade() {
        Duration lag = Duration.ofMillis(1500);
        secondary.setLag(lag);
        Instant written = Instant.now();
        primary.tableService().getTableClient(table).createEntity(row("p", "late", 1));

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> copied("late").isPresent());
        Duration took = Duration.between(written, Instant.now());

        assertTrue(took.compareTo(lag) >= 0, "on the copy after " + took + ", sooner than the lag " + lag);
    }

    @Test
    void aDeleteReachesTheCopyWithoutASyncAndTheLastSyncTimeCoversIt() {
        TableClient writes = primary.tableService().getTableClient(table);
        writes.createEntity(row("p", "gone", 1));
        secondary.syncNow();
        writes.deleteEntity("p", "gone");
        Instant deleted = Instant.now();

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> !secondary.lastSync()
                .isBefore(deleted));

        assertEquals(Optional.empty(), copied("gone"), "the last sync time is past a delete the copy lacks");
    }

    @Test
    void everyPropertyIsCopiedWithItsTypeAndTablesCreatedLaterToo() {
        String later = table + "later";
        primary.tableService().createTable(later);
        TableEntity original = row("p", "typed", 7).addProperty("Purging", true).addProperty("Count", 3)
                .addProperty("Ratio", 0.25).addProperty("Whole", 2.0).addProperty("Bytes", new byte[]{1, 2, 3})
                .addProperty("Id", UUID.fromString("7b0c3a4e-5d6f-4a1b-9c2d-3e4f5a6b7c8d"))
                .addProperty("At", OffsetDateTime.of(2026, 12, 1, 12, 0, 0, 123_000_000, ZoneOffset.UTC))
                .addProperty("Note", "unicode ✓ 'quoted' \"double\"");
        primary.tableService().getTableClient(later).createEntity(original);

        secondary.syncNow();

        TableEntity stored = primary.tableService().getTableClient(later).getEntity("p", "typed");
        TableEntity copy = secondary.copyTables().getTableClient(later).getEntity("p", "typed");
        Map<String, Object> expected = userProperties(stored);
        Map<String, Object> actual = userProperties(copy);
        assertArrayEquals((byte[]) expected.remove("Bytes"), (byte[]) actual.remove("Bytes"));
        assertEquals(expected, actual);
        actual.forEach((name, value) -> assertEquals(expected.get(name).getClass(), value.getClass(), name));
    }

    @Test
    void theEndpointServesTheCopyAndItsStatsCarryTheLastSyncTime() {
        TableServiceClient client = new TableServiceClientBuilder().endpoint(secondary.endpoint())
                .credential(new AzureNamedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY)).buildClient();
        primary.tableService().getTableClient(table).createEntity(row("p", "seen", 1));
        Instant synced = secondary.syncNow();
        secondary.pause();
        primary.tableService().getTableClient(table).createEntity(row("p", "unseen", 1));
        awaitListings(2);
        // Into the next second, so that a sync time made up at the request would differ from the real one.
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> Instant.now()
                .truncatedTo(ChronoUnit.SECONDS).isAfter(synced.truncatedTo(ChronoUnit.SECONDS)));

        TableServiceStatistics stats = client.getStatistics();
        assertEquals(TableServiceGeoReplicationStatus.LIVE, stats.getGeoReplication().getStatus());
        assertEquals(synced.truncatedTo(ChronoUnit.SECONDS), stats.getGeoReplication().getLastSyncTime().toInstant());

        TableClient reads = client.getTableClient(table);
        assertNotNull(reads.getEntity("p", "seen"));
        TableServiceException missing = assertThrows(TableServiceException.class,
                () -> reads.getEntity("p", "unseen"));
        assertEquals(404, missing.getResponse().getStatusCode(), "the endpoint served what the copy lacks");
    }

    @Test
    void theEndpointRefusesWritesWith403() {
        TableClient client = new TableServiceClientBuilder().endpoint(secondary.endpoint())
                .credential(new AzureNamedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY)).buildClient()
                .getTableClient(table);

        TableServiceException refused = assertThrows(TableServiceException.class,
                () -> client.createEntity(row("p", "written", 1)));

        assertEquals(403, refused.getResponse().getStatusCode());
        assertEquals(SecondaryFront.WRITE_REFUSED_CODE, refused.getValue().getErrorCode().toString());
        secondary.syncNow();
        assertEquals(Optional.empty(), copied("written"), "the refused write reached the copy");
        assertThrows(TableServiceException.class, () -> client.deleteEntity("p", "any"));
    }

    @Test
    void aLagIsWrittenAsPeopleWriteIt() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), LaggingSecondary.parseLag("5s"));
        assertEquals(Optional.of(Duration.ZERO), LaggingSecondary.parseLag("0"));
        assertEquals(Optional.of(Duration.ofMillis(500)), LaggingSecondary.parseLag("500ms"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), LaggingSecondary.parseLag("1m"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), LaggingSecondary.parseLag("PT30S"));
        assertEquals(Optional.empty(), LaggingSecondary.parseLag("same"));
        assertThrows(IllegalArgumentException.class, () -> LaggingSecondary.parseLag("soon"));
        assertEquals("1.5s", LaggingSecondary.format(Duration.ofMillis(1500)));
    }

    /** Waits until the replicator has listed the primary {@code count} more times. */
    private static void awaitListings(int count) {
        long from = secondary.listings();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> secondary.listings() >= from + count);
    }

    private Optional<TableEntity> copied(String rowKey) {
        try {
            return Optional.of(secondary.copyTables().getTableClient(table).getEntity("p", rowKey));
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static TableEntity row(String partitionKey, String rowKey, long version) {
        return new TableEntity(partitionKey, rowKey).addProperty("Version", version);
    }

    private static Map<String, Object> userProperties(TableEntity entity) {
        Map<String, Object> properties = new HashMap<>(entity.getProperties());
        properties.keySet().removeIf(name -> name.equals("Timestamp") || name.startsWith("odata."));
        return properties;
    }
}
