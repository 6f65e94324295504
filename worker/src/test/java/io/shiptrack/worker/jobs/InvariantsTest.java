package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentNotFoundException;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.PurgeDelivered;
import io.shiptrack.store.ODataFilters;
import io.shiptrack.store.ShipmentEntities;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.ShipmentStore.Written;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.WorkerStack;

/**
 * Randomized, seeded: concurrent clients register and re-register shipments with changing members, post events
 * (repeats, out-of-order times), read, import and purge, all on real Azurite through the code the API and the worker
 * run ({@link ShipmentStore} with the API's retry, the job runner); then the invariants are checked on the tables.
 * The seed, sizes and figures are printed; {@code -Dinvariants.seed=...} replays a run's operations (the interleaving
 * of the clients is the machine's). Sizes: {@code invariants.ops} (operations per client: a loaded machine takes
 * longer, it does not do fewer), {@code invariants.shipments}, {@code invariants.clients}. The small size runs in
 * {@code ./mvnw verify}; {@code scripts/invariants.sh} runs a larger one.
 * <p>
 * The run fails on any violation, on any exception an operation was not expected to throw (listed), and when too few
 * writes were accepted for the invariants to mean anything.
 */
class InvariantsTest {

    private static final long SEED = Long.getLong("invariants.seed", new Random().nextLong());
    private static final int OPS = Integer.getInteger("invariants.ops", 70);
    private static final int SHIPMENTS = Integer.getInteger("invariants.shipments", 12);
    private static final int CLIENTS = Integer.getInteger("invariants.clients", 6);
    private static final int MEMBERS = 4;
    /**
     * The share of writes (puts and events posted) that must be accepted. The others may only be events posted to a
     * purgeable shipment once a purge has run (404: it was purged), none of 313 in a healthy run here; a break that
     * refused every purgeable shipment after the first purge left 222 of 280 (79%).
     */
    private static final double MIN_ACCEPTED = 0.8;

    private static final CarrierScope CARRIER = CarrierScope.carrier(Data.CARRIER);
    /** Posted events of the purgeable shipments happen in 2020; imports and the others' events in 2026. */
    private static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant RECENT = Instant.parse("2026-01-01T00:00:00Z");
    /** Purges remove what was delivered before this (well after OLD's events, well before RECENT's). */
    private static final Instant CUTOFF = Instant.parse("2023-01-01T00:00:00Z");
    private static final List<ShipmentStatus> TYPES = List.of(ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED, ShipmentStatus.EXCEPTION);

    /** An event answered 2xx, on the incarnation of its shipment created at {@code createdAt}. */
    private record Accepted(String trackingNumber, TrackingEvent event, Instant createdAt) {
    }

    private final String run = Long.toHexString(new Random(SEED).nextLong()).toUpperCase(Locale.ROOT);
    private final List<String> purgeable = new ArrayList<>();
    private final List<String> importable = new ArrayList<>();
    private final List<String> members = new ArrayList<>();
    private final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
    /** eventIds of imported events whose job succeeded, by tracking number. */
    private final Map<String, Set<String>> imported = new ConcurrentHashMap<>();
    private final Set<String> jobs = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong eventNo = new AtomicLong();
    /** Purges begun: until the first, no shipment can be gone, so a 404 is unexpected. */
    private final AtomicInteger purgesBegun = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger writesAccepted = new AtomicInteger();

    private WorkerApp app;
    private ShipmentStore store;

    @Test
    void noAcceptedWriteIsLostOrResurrected() throws Exception {
        System.out.printf("invariants: seed=%d ops=%d per client, shipments=%d clients=%d%n", SEED, OPS, SHIPMENTS,
                CLIENTS);
        app = WorkerStack.app(WorkerStack.newQueue(), Clock.systemUTC(), FaultPoints.NONE,
                Map.of("SHIPTRACK_JOB_PAGE_SIZE", "200", "SHIPTRACK_JOB_CONCURRENCY", "4"));
        store = Data.shipmentStore(app);
        for (int i = 0; i < MEMBERS; i++) {
            members.add("inv-" + run.toLowerCase(Locale.ROOT) + "-" + i);
        }
        for (int i = 0; i < SHIPMENTS; i++) {
            String tn = "V" + run + String.format("%04d", i);
            (i % 2 == 0 ? purgeable : importable).add(tn);
            store.put(tn, request(members.get(i % MEMBERS)), CARRIER, Instant.now());
        }

        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(SEED * 31 + c);
            running.add(clients.submit(() -> {
                List<Accepted> mine = new ArrayList<>();
                for (int op = 0; op < OPS; op++) {
                    operate(random, mine);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        Duration clientsTook = Duration.ofNanos(System.nanoTime() - started);

        List<String> before = indexViolations();
        IndexReconciler reconciler = new IndexReconciler(app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS),
                store, Clock.systemUTC(), Duration.ZERO, 200, Duration.ofSeconds(20));
        int repaired = reconciler.untilWrapped();
        List<String> violations = new ArrayList<>(eventViolations());
        if (unexpected.isEmpty()) {
            // No write was cut short, so none left a repair to the reconciler: the writes alone kept the index.
            before.forEach(v -> violations.add("before the reconciler: " + v));
        }
        violations.addAll(indexViolations());
        violations.addAll(jobViolations());

        System.out.printf("invariants: seed=%d ops=%d in %d ms (clients), %s; writes %d, accepted %d; %d events "
                + "accepted, %d imported; index mismatches before the reconciler %d, rows it repaired %d; unexpected "
                + "errors %d; violations %d%n", SEED, done.get(), clientsTook.toMillis(), counts, writes.get(),
                writesAccepted.get(), accepted.size(), imported.values().stream().mapToInt(Set::size).sum(),
                before.size(), repaired, unexpected.size(), violations.size());
        before.forEach(v -> System.out.println("  before reconciler: " + v));
        unexpected.forEach(e -> System.out.println("  unexpected: " + e));
        violations.forEach(v -> System.out.println("  VIOLATION: " + v));
        assertEquals(CLIENTS * OPS, done.get(), "operations done");
        // Every operation either succeeded or failed as the run allows (a 404 for a purged shipment): anything else
        // is a failure of the code under test, even when the invariants hold.
        assertEquals(List.of(), unexpected, "seed " + SEED + ": unexpected exceptions");
        // A run that accepted few writes (most of them refused as purged) checks little.
        assertTrue(writes.get() > 0 && writesAccepted.get() >= MIN_ACCEPTED * writes.get(), "seed " + SEED
                + ": " + writesAccepted.get() + " of " + writes.get() + " writes accepted, " + counts);
        assertTrue(accepted.size() > 0 && counts.containsKey("put"), "nothing accepted: " + counts);
        assertEquals(List.of(), violations, "seed " + SEED);
    }

    private ShipmentRequest request(String member) {
        return Data.request(member, Instant.parse("2026-06-01T00:00:00Z"));
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private void operate(Random random, List<Accepted> mine) {
        int roll = random.nextInt(100);
        // The shipment a write went to, when it is one that a purge may have removed.
        String[] target = new String[1];
        try {
            if (roll < 20) {
                List<String> all = random.nextBoolean() ? purgeable : importable;
                String member = random.nextInt(5) == 0 ? null : pick(random, members);
                writes.incrementAndGet();
                store.put(pick(random, all), request(member), CARRIER, Instant.now());
                writesAccepted.incrementAndGet();
                count("put");
            } else if (roll < 70) {
                writes.incrementAndGet();
                post(random, mine, target);
                writesAccepted.incrementAndGet();
            } else if (roll < 88) {
                store.find(pick(random, random.nextBoolean() ? purgeable : importable));
                store.memberShipments(pick(random, members), null, 50);
                count("read");
            } else if (roll < 97) {
                importEvents(random, mine);
            } else {
                purge();
            }
        } catch (ShipmentNotFoundException e) {
            // Expected only of a purgeable shipment once a purge has begun: it may be gone, until a put brings it back.
            if (target[0] != null && purgeable.contains(target[0]) && purgesBegun.get() > 0) {
                count("404");
            } else {
                count("error");
                unexpected.add("404 for " + target[0] + ", which no purge can have removed: " + e);
            }
        } catch (RuntimeException e) {
            // Not a 2xx, so nothing is owed, but a healthy local run has none: each one fails the run.
            count("error");
            unexpected.add(e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
        }
    }

    private void post(Random random, List<Accepted> mine, String[] target) {
        boolean old = random.nextBoolean();
        String tn = pick(random, old ? purgeable : importable);
        TrackingEvent event;
        if (!mine.isEmpty() && random.nextInt(5) == 0) {
            Accepted again = pick(random, mine);
            tn = again.trackingNumber();
            event = again.event();
            count("repeat");
        } else {
            Instant at = (purgeable.contains(tn) ? OLD : RECENT).plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
            event = new TrackingEvent("e" + run + "-" + eventNo.incrementAndGet(), pick(random, TYPES), at,
                    "Hub", null, Instant.now());
            count("post");
        }
        target[0] = tn;
        Written<TrackingEvent> written = store.addEvent(tn, event, CARRIER, Instant.now());
        Accepted done = new Accepted(tn, event, written.shipment().createdAt());
        accepted.add(done);
        mine.add(done);
    }

    private void importEvents(Random random, List<Accepted> mine) {
        List<ImportedEvent> events = new ArrayList<>();
        int n = 1 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            String tn = pick(random, importable);
            if (!mine.isEmpty() && random.nextInt(6) == 0) {
                Accepted again = pick(random, mine);
                if (importable.contains(again.trackingNumber())) {
                    TrackingEvent e = again.event();
                    events.add(new ImportedEvent(again.trackingNumber(), e.eventId(), e.type(), e.occurredAt(),
                            e.location(), e.note()));
                    continue;
                }
            }
            events.add(new ImportedEvent(tn, "i" + run + "-" + eventNo.incrementAndGet(), pick(random, TYPES),
                    RECENT.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60))), "Depot", null));
        }
        String jobId = Data.submit(app, Data.CARRIER, Data.importRequest(events), 10, false);
        jobs.add(jobId);
        JobRunner.Result result = app.runner().handle(new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson());
        if (result.outcome() == JobRunner.Outcome.SUCCEEDED) {
            events.forEach(e -> imported.computeIfAbsent(e.trackingNumber(), k -> ConcurrentHashMap.newKeySet())
                    .add(e.eventId()));
        }
        count("import");
    }

    private void purge() {
        purgesBegun.incrementAndGet();
        int days = (int) Duration.between(CUTOFF, Instant.now()).toDays();
        JobRequest request = new JobRequest(new PurgeDelivered(days));
        String jobId = Data.submit(app, "ops-" + run, true, request, 10, false);
        jobs.add(jobId);
        app.runner().handle(new JobMessage(jobId, JobType.PURGE_DELIVERED).toJson());
        count("purge");
    }

    private List<TableEntity> partition(TableClient table, String partitionKey) {
        return table.listEntities(new ListEntitiesOptions().setFilter(ODataFilters.eq("PartitionKey", partitionKey)),
                null, Context.NONE).stream().toList();
    }

    /** Every accepted event stored once; markers and events in pairs; each summary the fold of its events. */
    private List<String> eventViolations() {
        List<String> violations = new ArrayList<>();
        TableClient shipments = app.tables().getTableClient(TableKeys.SHIPMENTS);
        Map<String, Shipment> summaries = new HashMap<>();
        Map<String, Map<String, Integer>> storedIds = new HashMap<>();
        List<String> all = new ArrayList<>(purgeable);
        all.addAll(importable);
        for (String tn : all) {
            TableEntity summary = null;
            Map<String, String> markers = new HashMap<>();
            Map<String, TrackingEvent> events = new HashMap<>();
            Map<String, Integer> ids = new HashMap<>();
            for (TableEntity row : partition(shipments, tn)) {
                String key = row.getRowKey();
                if (key.equals(TableKeys.SUMMARY_ROW)) {
                    summary = row;
                } else if (key.startsWith(TableKeys.EVENT_ID_PREFIX)) {
                    markers.put(key.substring(TableKeys.EVENT_ID_PREFIX.length()),
                            (String) row.getProperty("EventRowKey"));
                } else {
                    TrackingEvent event = ShipmentEntities.eventFrom(row);
                    events.put(key, event);
                    ids.merge(event.eventId(), 1, Integer::sum);
                }
            }
            storedIds.put(tn, ids);
            if (summary == null) {
                if (!markers.isEmpty() || !events.isEmpty()) {
                    violations.add(tn + ": " + (markers.size() + events.size()) + " rows without a summary");
                }
                continue;
            }
            if (summary.getProperty(ShipmentStore.PURGING) != null
                    || summary.getProperty(ShipmentStore.INDEX_PENDING) != null) {
                violations.add(tn + ": summary still marked " + summary.getProperties().keySet());
            }
            ids.forEach((id, n) -> {
                if (n != 1) {
                    violations.add(tn + ": event " + id + " stored " + n + " times");
                }
                if (!markers.containsKey(id)) {
                    violations.add(tn + ": event " + id + " without its marker");
                }
            });
            markers.forEach((id, rowKey) -> {
                if (!events.containsKey(rowKey)) {
                    violations.add(tn + ": marker " + id + " without its event");
                }
            });
            Shipment stored = ShipmentEntities.shipmentFrom(summary);
            summaries.put(tn, stored);
            Shipment fold = new Shipment(tn, ShipmentStatus.CREATED, stored.origin(), stored.destination(),
                    stored.memberId(), stored.carrier(), stored.owner(), stored.promisedBy(), null, null,
                    stored.createdAt(), stored.updatedAt(), Shipment.UNVERSIONED);
            for (TrackingEvent event : events.values()) {
                fold = fold.withEvent(event, stored.updatedAt());
            }
            if (fold.status() != stored.status() || !java.util.Objects.equals(fold.deliveredAt(), stored.deliveredAt())
                    || !java.util.Objects.equals(id(fold.lastEvent()), id(stored.lastEvent()))) {
                violations.add(tn + ": summary " + stored.status() + "/" + stored.deliveredAt() + "/"
                        + id(stored.lastEvent()) + " is not the fold of its events " + fold.status() + "/"
                        + fold.deliveredAt() + "/" + id(fold.lastEvent()));
            }
        }
        // Accepted events: present on their incarnation, or the incarnation was purged, which it may only have been
        // if its accepted events make it delivered before the cut-off.
        Map<String, List<Accepted>> gone = new HashMap<>();
        for (Accepted a : accepted) {
            Shipment now = summaries.get(a.trackingNumber());
            if (now != null && now.createdAt().equals(a.createdAt())) {
                if (!storedIds.get(a.trackingNumber()).containsKey(a.event().eventId())) {
                    violations.add(a.trackingNumber() + ": accepted event " + a.event().eventId() + " is lost");
                }
            } else {
                gone.computeIfAbsent(a.trackingNumber() + "@" + a.createdAt(), k -> new ArrayList<>()).add(a);
            }
        }
        gone.forEach((incarnation, events) -> {
            TrackingEvent latest = null;
            Instant delivered = null;
            for (Accepted a : events) {
                TrackingEvent e = a.event();
                latest = latest == null || e.isAfter(latest) ? e : latest;
                if (e.type() == ShipmentStatus.DELIVERED && (delivered == null || e.occurredAt().isAfter(delivered))) {
                    delivered = e.occurredAt();
                }
            }
            if (latest.type() != ShipmentStatus.DELIVERED || !delivered.isBefore(CUTOFF)
                    || !counts.containsKey("purge")) {
                violations.add(incarnation + ": purged, but its accepted events leave it " + latest.type() + " ("
                        + events.size() + " events lost)");
            }
        });
        imported.forEach((tn, ids) -> {
            for (String id : ids) {
                if (!storedIds.getOrDefault(tn, Map.of()).containsKey(id)) {
                    violations.add(tn + ": imported event " + id + " is lost");
                }
            }
        });
        return violations;
    }

    private static String id(TrackingEvent event) {
        return event == null ? null : event.eventId();
    }

    /** Every index row of the run's members is its summary's member's, with its content, and the other way round. */
    private List<String> indexViolations() {
        List<String> violations = new ArrayList<>();
        TableClient shipments = app.tables().getTableClient(TableKeys.SHIPMENTS);
        TableClient index = app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);
        Set<String> listed = new HashSet<>();
        for (String member : members) {
            for (TableEntity row : partition(index, member)) {
                listed.add(member + "/" + row.getRowKey());
                var summary = store.find(row.getRowKey());
                if (summary.isEmpty() || !member.equals(summary.get().memberId())) {
                    violations.add(member + " lists " + row.getRowKey() + ", which is "
                            + summary.map(s -> "member " + s.memberId() + "'s").orElse("gone"));
                } else if (!ShipmentEntities.memberShipmentFrom(row).equals(ShipmentEntities
                        .memberShipmentFrom(ShipmentEntities.memberIndexEntity(summary.get())))) {
                    violations.add(member + "/" + row.getRowKey() + ": index row differs from the summary");
                }
            }
        }
        List<String> all = new ArrayList<>(purgeable);
        all.addAll(importable);
        for (String tn : all) {
            store.find(tn).filter(s -> s.memberId() != null).ifPresent(s -> {
                if (!listed.contains(s.memberId() + "/" + tn)) {
                    violations.add(tn + " is member " + s.memberId() + "'s but not listed");
                }
            });
        }
        return violations;
    }

    private List<String> jobViolations() {
        List<String> violations = new ArrayList<>();
        for (String jobId : jobs) {
            JobRecord job = app.jobStore().find(jobId).orElse(null);
            if (job == null || job.status() != JobStatus.SUCCEEDED) {
                violations.add("job " + jobId + " ended " + (job == null ? "missing" : job.status()));
            }
        }
        return violations;
    }
}
