package io.shiptrack.localstack;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.ListTablesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableItem;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

/**
 * Copies one account's tables to another, late: each {@link #snapshot} lists the primary's tables and keeps what
 * changed since the previous one (rows written, by their Timestamp and ETag; in a complete snapshot also the rows
 * gone, by listing every key; tables new or gone), stamped with the time the listing began; {@link #applyUpTo} writes
 * the changes of every snapshot taken at or before a cut-off to the copy, in order, and the newest complete one's
 * time becomes the last sync time. Not thread-safe: one thread (the owner's) calls it.
 */
final class Replicator {

    /** Azure's limit on the actions of one entity-group transaction. */
    private static final int TRANSACTION_ACTIONS = 100;
    /**
     * How far before the previous snapshot's start a Timestamp may be and the row still be listed as written: a row
     * is stamped when Azurite takes the write, a moment before it can be listed.
     */
    private static final Duration TIMESTAMP_MARGIN = Duration.ofSeconds(5);
    /** Well below the 4 MiB limit of a transaction's body: rows are estimated, not measured. */
    private static final long TRANSACTION_CHARS = 1_000_000;

    private final TableServiceClient primary;
    private final TableServiceClient copy;
    private final Duration callTimeout;
    /** The primary's rows at the last snapshot: their ETags, per table. */
    private final Map<String, Map<Key, String>> seen = new HashMap<>();
    private final Deque<Delta> pending = new ArrayDeque<>();
    private volatile Instant lastSync;
    private volatile long snapshots;
    private Instant previousStart;

    Replicator(TableServiceClient primary, TableServiceClient copy, Duration callTimeout) {
        this.primary = primary;
        this.copy = copy;
        this.callTimeout = callTimeout;
    }

    record Key(String partitionKey, String rowKey) {
    }

    /**
     * The changes of one snapshot: a row mapped to null is gone. A complete one also looked for rows deleted since
     * the previous complete one; the others only for rows written.
     */
    record Delta(Instant takenAt, boolean complete, Set<String> tablesAdded, Set<String> tablesRemoved,
            Map<String, Map<Key, TableEntity>> rows) {
    }

    /** The time of the last complete snapshot applied to the copy: everything committed before it is there. */
    Instant lastSync() {
        return lastSync;
    }

    /** How many snapshots have been taken. */
    long snapshots() {
        return snapshots;
    }

    /**
     * Lists the primary's tables and queues what changed since the previous snapshot: the rows written since (their
     * Timestamp is later than the previous snapshot's start, less a margin; a row already seen with the same ETag is
     * no change) and, when {@code complete}, the rows gone (every row's key is listed). A table seen for the first
     * time is listed whole.
     */
    Instant snapshot(boolean complete) {
        Instant takenAt = Instant.now();
        Set<String> tables = new LinkedHashSet<>();
        for (TableItem table : primary.listTables(new ListTablesOptions(), callTimeout, null)) {
            tables.add(table.getName());
        }
        Set<String> added = new LinkedHashSet<>(tables);
        added.removeAll(seen.keySet());
        Set<String> removed = new LinkedHashSet<>(seen.keySet());
        removed.removeAll(tables);
        Map<String, Map<Key, String>> now = new HashMap<>();
        Map<String, Map<Key, TableEntity>> rows = new LinkedHashMap<>();
        for (String table : tables) {
            Map<Key, String> before = seen.get(table);
            Map<Key, String> after = before == null ? new HashMap<>() : new HashMap<>(before);
            Map<Key, TableEntity> changed = new LinkedHashMap<>();
            try {
                TableClient client = primary.getTableClient(table);
                ListEntitiesOptions written = new ListEntitiesOptions();
                if (before != null) {
                    written.setFilter("Timestamp ge datetime'" + previousStart.minus(TIMESTAMP_MARGIN)
                            .truncatedTo(ChronoUnit.MILLIS) + "'");
                }
                for (TableEntity entity : client.listEntities(written, callTimeout, null)) {
                    Key key = new Key(entity.getPartitionKey(), entity.getRowKey());
                    if (!entity.getETag().equals(after.put(key, entity.getETag()))) {
                        changed.put(key, withoutMetadata(entity));
                    }
                }
                if (complete && before != null) {
                    reconcileKeys(client, after, changed);
                }
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() != 404) {
                    throw e;
                }
                // Deleted between the listing of tables and of its rows: gone, as the next snapshot will say.
                added.remove(table);
                if (seen.containsKey(table)) {
                    removed.add(table);
                }
                continue;
            }
            now.put(table, after);
            if (!changed.isEmpty()) {
                rows.put(table, changed);
            }
        }
        // Only a whole snapshot counts: a failed listing above leaves the last one as it was.
        seen.clear();
        seen.putAll(now);
        previousStart = takenAt;
        pending.addLast(new Delta(takenAt, complete, added, removed, rows));
        snapshots++;
        return takenAt;
    }

    /**
     * Lists every row's key: a row seen before and not listed now is gone; a row listed and never seen was written
     * after the listing of written rows began, and is read.
     */
    private void reconcileKeys(TableClient client, Map<Key, String> after, Map<Key, TableEntity> changed) {
        Set<Key> present = new HashSet<>();
        for (TableEntity entity : client.listEntities(new ListEntitiesOptions().setSelect(List.of("PartitionKey",
                "RowKey")), callTimeout, null)) {
            present.add(new Key(entity.getPartitionKey(), entity.getRowKey()));
        }
        for (Key key : List.copyOf(after.keySet())) {
            if (!present.contains(key)) {
                after.remove(key);
                changed.put(key, null);
            }
        }
        for (Key key : present) {
            if (!after.containsKey(key)) {
                try {
                    TableEntity entity = client.getEntity(key.partitionKey(), key.rowKey());
                    after.put(key, entity.getETag());
                    changed.put(key, withoutMetadata(entity));
                } catch (TableServiceException e) {
                    if (e.getResponse().getStatusCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Applies, in order, every queued snapshot taken at or before {@code cutoff} to the copy; returns the new last
     * sync time. A failure leaves them queued, to be applied again (every write is idempotent).
     */
    Instant applyUpTo(Instant cutoff) {
        List<Delta> due = new ArrayList<>();
        for (Delta delta : pending) {
            if (delta.takenAt().isAfter(cutoff)) {
                break;
            }
            due.add(delta);
        }
        if (due.isEmpty()) {
            return lastSync;
        }
        Batch batch = new Batch();
        due.forEach(batch::add);
        batch.applyTo(copy, callTimeout);
        due.forEach(delta -> pending.removeFirst());
        due.stream().filter(Delta::complete).reduce((first, second) -> second)
                .ifPresent(newest -> lastSync = newest.takenAt());
        return lastSync;
    }

    /**
     * A row as it is to be written to the copy: every property of the primary's (with its type), but not the
     * service's own (Timestamp, the ETag and other OData annotations), which the copy sets for itself.
     */
    static TableEntity withoutMetadata(TableEntity entity) {
        TableEntity row = new TableEntity(entity.getPartitionKey(), entity.getRowKey());
        entity.getProperties().forEach((name, value) -> {
            if (!name.equals("PartitionKey") && !name.equals("RowKey") && !name.equals("Timestamp")
                    && !name.startsWith("odata.") && !name.contains("@odata.")) {
                row.addProperty(name, value);
            }
        });
        return row;
    }

    /** Several snapshots' changes merged: the last change of a row wins. */
    private static final class Batch {
        private final Set<String> tablesAdded = new LinkedHashSet<>();
        private final Set<String> tablesRemoved = new LinkedHashSet<>();
        private final Map<String, Map<Key, TableEntity>> rows = new LinkedHashMap<>();

        void add(Delta delta) {
            for (String table : delta.tablesRemoved()) {
                tablesAdded.remove(table);
                tablesRemoved.add(table);
                rows.remove(table);
            }
            tablesAdded.addAll(delta.tablesAdded());
            delta.rows().forEach((table, changes) -> rows.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .putAll(changes));
        }

        void applyTo(TableServiceClient copy, Duration timeout) {
            for (String table : tablesRemoved) {
                try {
                    copy.deleteTable(table);
                } catch (TableServiceException e) {
                    if (e.getResponse().getStatusCode() != 404) {
                        throw e;
                    }
                }
            }
            tablesAdded.forEach(copy::createTableIfNotExists);
            rows.forEach((table, changes) -> {
                TableClient client = copy.getTableClient(table);
                Map<String, List<Map.Entry<Key, TableEntity>>> byPartition = new LinkedHashMap<>();
                changes.entrySet().forEach(change -> byPartition
                        .computeIfAbsent(change.getKey().partitionKey(), p -> new ArrayList<>()).add(change));
                byPartition.values().forEach(partition -> applyPartition(client, partition, timeout));
            });
        }

        /** One partition's changes, in transactions of up to 100 rows (fewer when big), or row by row. */
        private static void applyPartition(TableClient client, List<Map.Entry<Key, TableEntity>> changes,
                Duration timeout) {
            List<TableTransactionAction> actions = new ArrayList<>();
            long chars = 0;
            for (Map.Entry<Key, TableEntity> change : changes) {
                long size = estimate(change.getValue());
                if (!actions.isEmpty() && (actions.size() == TRANSACTION_ACTIONS || chars + size > TRANSACTION_CHARS)) {
                    submit(client, actions, timeout);
                    actions = new ArrayList<>();
                    chars = 0;
                }
                actions.add(change.getValue() == null
                        ? new TableTransactionAction(TableTransactionActionType.DELETE,
                                new TableEntity(change.getKey().partitionKey(), change.getKey().rowKey()))
                        : new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, change.getValue()));
                chars += size;
            }
            if (!actions.isEmpty()) {
                submit(client, actions, timeout);
            }
        }

        private static void submit(TableClient client, List<TableTransactionAction> actions, Duration timeout) {
            try {
                client.submitTransactionWithResponse(actions, timeout, null);
            } catch (TableServiceException e) {
                // A row to delete that the copy lacks fails the whole transaction (404): row by row instead.
                for (TableTransactionAction action : actions) {
                    TableEntity row = action.getEntity();
                    if (action.getActionType() == TableTransactionActionType.DELETE) {
                        deleteIgnoringMissing(client, row);
                    } else {
                        client.upsertEntityWithResponse(row, TableEntityUpdateMode.REPLACE,
                                timeout, null);
                    }
                }
            }
        }

        private static void deleteIgnoringMissing(TableClient client, TableEntity row) {
            try {
                client.deleteEntity(row.getPartitionKey(), row.getRowKey());
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() != 404) {
                    throw e;
                }
            }
        }

        private static long estimate(TableEntity row) {
            if (row == null) {
                return 100;
            }
            long chars = 100;
            for (Map.Entry<String, Object> property : row.getProperties().entrySet()) {
                Object value = property.getValue();
                chars += property.getKey().length() + 40L
                        + (value instanceof byte[] bytes ? bytes.length * 4L / 3 : String.valueOf(value).length());
            }
            return chars;
        }
    }
}
