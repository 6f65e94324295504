package io.shiptrack.worker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import io.shiptrack.localstack.ApiProcess;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.LocalSystem;
import io.shiptrack.localstack.Ports;
import io.shiptrack.localstack.RepoRoot;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportEvents;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.store.ShipmentEntities;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.jobs.FaultPoints;
import io.shiptrack.worker.jobs.ImportEventsJob;
import io.shiptrack.worker.jobs.JobRunner;
import io.shiptrack.worker.support.Crash;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/**
 * The jobs benchmark of docs/benchmarks.md, on Azurite. IMPORT_EVENTS three ways, interleaved round by round on fresh
 * shipments so that Azurite's slowdown as it fills hits all three alike: the job through the JobRunner; the
 * baseline (the job as it was before issue 10, one event after another); a tuned raw Tables SDK bulk loader (a
 * shipment's events in transactions of 49 with their markers and the summary, shipments concurrently). Then the same
 * three with a WireMock proxy adding a fixed delay to every storage call. Also: the events redone after a crash in
 * mid-import, {@code POST /api/v1/jobs} with 100,000 events through HTTP (time and API heap), and (part "stats")
 * RECOMPUTE_MEMBER_STATS. Parts and sizes from system properties (see scripts/bench-jobs.sh).
 */
public final class JobsBenchmark {

    private static final String JOB = "job";
    private static final String BASELINE = "baseline";
    private static final String LOADER = "bulk loader";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Events per staged chunk, as the API cuts them unless told (-Dbench.chunkEvents). */
    private static final int CHUNK_EVENTS = Integer.getInteger("bench.chunkEvents", EventChunks.MAX_EVENTS);
    private final int events = Integer.getInteger("bench.events", 10_000);
    private final int perShipment = Integer.getInteger("bench.perShipment", 20);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int baselineDivisor = Integer.getInteger("bench.baselineDivisor", 5);
    private final int latencyBaselineDivisor = Integer.getInteger("bench.latencyBaselineDivisor", 20);
    private final int warmup = Integer.getInteger("bench.warmup", 2_000);
    private final int concurrency = Integer.getInteger("bench.concurrency", 16);
    private final int latencyMs = Integer.getInteger("bench.latencyMs", 10);
    private final String queue = WorkerStack.newQueue();
    private final ExecutorService setup = Executors.newFixedThreadPool(8);

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        try {
            run();
        } catch (Throwable failed) {
            // Any failure ends the run (and its Azurite and Redis) instead of leaving pool threads keeping it alive.
            failed.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run() throws Exception {
        String parts = System.getProperty("bench.parts", "import,latency,crash,submit");
        JobsBenchmark bench = new JobsBenchmark();
        WorkerApp direct = bench.app(null);
        if (parts.contains("import")) {
            bench.warmUp(direct, direct);
            bench.compare(direct, direct, "no added latency", bench.baselineDivisor);
        }
        if (parts.contains("latency")) {
            try (FaultProxy proxy = FaultProxy.start("http://127.0.0.1:" + WorkerStack.azurite().tablePort())) {
                WorkerApp proxied = bench.app(proxy.baseUrl() + "/" + Azurite.ACCOUNT);
                bench.warmUp(direct, proxied);
                // The proxy's own cost (it parses and forwards every call, on the same two cores) apart from the delay.
                bench.compare(direct, proxied, "through the WireMock proxy, no delay added", bench.baselineDivisor);
                proxy.hang(Duration.ofMillis(bench.latencyMs));
                bench.compare(direct, proxied, bench.latencyMs + " ms added to every storage call (WireMock proxy)",
                        bench.latencyBaselineDivisor);
            }
        }
        if (parts.contains("crash")) {
            crashCost(Integer.getInteger("bench.crashEvents", 10_000), bench.perShipment);
        }
        if (parts.contains("submit")) {
            submitThroughHttp(Integer.getInteger("bench.submitEvents", 100_000),
                    Integer.getInteger("bench.submitShipments", 1_000));
        }
        if (parts.contains("stats")) {
            stats(direct, Integer.getInteger("bench.memberShipments", 10_000));
        }
    }

    /** A worker whose tables are reached at {@code tablesEndpoint} (null: Azurite directly). */
    private WorkerApp app(String tablesEndpoint) {
        Map<String, String> env = new HashMap<>(Map.of("SHIPTRACK_JOB_PAGE_SIZE", "500", "SHIPTRACK_JOB_LEASE",
                "PT5M", "SHIPTRACK_JOB_TIME_BUDGET", "PT1H", "SHIPTRACK_TABLES_TIMEOUT", "PT60S",
                "SHIPTRACK_JOB_CONCURRENCY", String.valueOf(concurrency)));
        if (tablesEndpoint != null) {
            env.put("SHIPTRACK_TABLES_PRIMARY_ENDPOINT", tablesEndpoint);
        }
        return WorkerStack.app(queue, Clock.systemUTC(), FaultPoints.NONE, env);
    }

    /** Each contender once on {@code warmup} events through {@code app}, not counted: JIT, connections, proxy. */
    private void warmUp(WorkerApp direct, WorkerApp app) throws Exception {
        job(app, Data.events(shipments(direct, warmup / perShipment), perShipment, Data.id()));
        baseline(app, Data.events(shipments(direct, warmup / perShipment / 10), perShipment, Data.id()));
        loader(app, Data.events(shipments(direct, warmup / perShipment), perShipment, Data.id()));
    }

    /** The three contenders, {@code rounds} times in turn (order rotated each round); events per second of each. */
    private void compare(WorkerApp direct, WorkerApp app, String title, int baselineDivisor) throws Exception {
        System.out.printf("%nIMPORT_EVENTS, %s: %d rounds; per round %d events for the job and the bulk loader, %d for "
                + "the baseline; %d events per shipment, fresh shipments each time; concurrency %d%n", title, rounds,
                events, events / baselineDivisor, perShipment, concurrency);
        List<String> order = List.of(JOB, BASELINE, LOADER);
        Map<String, long[]> totals = new LinkedHashMap<>();
        order.forEach(name -> totals.put(name, new long[2]));
        for (int round = 0; round < rounds; round++) {
            StringBuilder line = new StringBuilder("  round " + (round + 1) + ":");
            for (int k = 0; k < order.size(); k++) {
                String name = order.get((round + k) % order.size());
                int count = name.equals(BASELINE) ? events / baselineDivisor : events;
                List<String> tns = shipments(direct, count / perShipment);
                List<ImportedEvent> list = Data.events(tns, perShipment, Data.id());
                long nanos = switch (name) {
                    case JOB -> job(app, list);
                    case BASELINE -> baseline(app, list);
                    default -> loader(app, list);
                };
                totals.get(name)[0] += list.size();
                totals.get(name)[1] += nanos;
                line.append(String.format("  %s %.0f/s", name, list.size() / (nanos / 1e9)));
            }
            System.out.println(line);
        }
        Map<String, Double> rate = new LinkedHashMap<>();
        totals.forEach((name, t) -> rate.put(name, t[0] / (t[1] / 1e9)));
        rate.forEach((name, r) -> System.out.printf("  %-12s %7.0f events/s (%d events in %.1f s)%n", name, r,
                totals.get(name)[0], totals.get(name)[1] / 1e9));
        System.out.printf("  job / bulk loader = %.0f%%   job / baseline = %.1fx%n",
                100 * rate.get(JOB) / rate.get(LOADER), rate.get(JOB) / rate.get(BASELINE));
    }

    /** Registered through the direct endpoint, concurrently: set-up, not measured. */
    private List<String> shipments(WorkerApp direct, int count) throws Exception {
        ShipmentStore store = Data.shipmentStore(direct);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(setup.submit(() -> {
                String tn = Data.trackingNumber();
                store.put(tn, new ShipmentRequest("A", "B", Instant.parse("2026-02-01T00:00:00Z"), null, "acme"),
                        CarrierScope.carrier(Data.CARRIER), Instant.now());
                return tn;
            }));
        }
        List<String> tns = new ArrayList<>();
        for (Future<String> tn : created) {
            tns.add(tn.get());
        }
        return tns;
    }

    private static long job(WorkerApp app, List<ImportedEvent> list) {
        String jobId = Data.submit(app, Data.CARRIER, Data.importRequest(list), CHUNK_EVENTS, false);
        JobRunner.Result result = app.runner().handle(new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson());
        require(result.outcome() == JobRunner.Outcome.SUCCEEDED, "job " + result.outcome());
        requireAllApplied(app, jobId, list.size());
        return result.elapsed().toNanos();
    }

    /** The job as it was before issue 10 (BaselineImportEventsJob), same chunks, same runner and checkpoints. */
    private static long baseline(WorkerApp app, List<ImportedEvent> list) {
        ShipmentStore store = Data.shipmentStore(app);
        ImportEventsJob today = new ImportEventsJob(app.jobStore(), store, app.cache(), ForkJoinPool.commonPool(),
                FaultPoints.NONE);
        JobRunner runner = new JobRunner(app.jobStore(),
                List.of(new BaselineImportEventsJob(today, app.jobStore(), store, app.cache())),
                message -> {
                }, Clock.systemUTC(), new JobRunner.Settings("bench-baseline", Duration.ofMinutes(5),
                        Duration.ofHours(1)),
                FaultPoints.NONE);
        String jobId = Data.submit(app, Data.CARRIER, Data.importRequest(list), CHUNK_EVENTS, false);
        JobRunner.Result result = runner.handle(new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson());
        require(result.outcome() == JobRunner.Outcome.SUCCEEDED, "baseline " + result.outcome());
        requireAllApplied(app, jobId, list.size());
        return result.elapsed().toNanos();
    }

    /**
     * A tuned raw SDK bulk loader for fresh data: a shipment's events, their markers and the summary in transactions
     * of 49 events (ETag-guarded), shipments on {@code concurrency} threads. No checkpoints, no repeat detection, no
     * cache: the upper bound the job is held to.
     */
    private long loader(WorkerApp app, List<ImportedEvent> list) throws Exception {
        TableClient table = app.tables().getTableClient(TableKeys.SHIPMENTS);
        Map<String, List<ImportedEvent>> byShipment = new LinkedHashMap<>();
        list.forEach(e -> byShipment.computeIfAbsent(e.trackingNumber(), tn -> new ArrayList<>()).add(e));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Map.Entry<String, List<ImportedEvent>> shipment : byShipment.entrySet()) {
                done.add(pool.submit(() -> loadShipment(table, shipment.getKey(), shipment.getValue())));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - t0;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void loadShipment(TableClient table, String tn, List<ImportedEvent> events) {
        Instant now = Instant.now();
        for (int from = 0; from < events.size(); from += ShipmentStore.EVENTS_PER_TRANSACTION) {
            TableEntity summary = table.getEntityWithResponse(tn, TableKeys.SUMMARY_ROW, null, TIMEOUT, Context.NONE)
                    .getValue();
            Shipment after = ShipmentEntities.shipmentFrom(summary);
            List<TableTransactionAction> actions = new ArrayList<>();
            for (ImportedEvent e : events.subList(from,
                    Math.min(events.size(), from + ShipmentStore.EVENTS_PER_TRANSACTION))) {
                TrackingEvent event = e.toEventRequest().toEvent(now);
                after = after.withEvent(event, now);
                actions.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventIdEntity(tn, event)));
                actions.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                        ShipmentEntities.eventEntity(tn, event)));
            }
            actions.add(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                    ShipmentEntities.summaryEntity(after).addProperty("odata.etag", summary.getETag()), true));
            table.submitTransactionWithResponse(actions, TIMEOUT, Context.NONE);
        }
    }

    /** A crash in the middle of the middle chunk, then a restart: how many events the restart did again. */
    private static void crashCost(int events, int perShipment) {
        MutableClock clock = new MutableClock();
        String queue = WorkerStack.newQueue();
        int crashChunk = events / EventChunks.MAX_EVENTS / 2;
        Map<String, String> env = Map.of("SHIPTRACK_JOB_LEASE", "PT5M", "SHIPTRACK_JOB_TIME_BUDGET", "PT1H");
        WorkerApp crashing = WorkerStack.app(queue, clock, Crash.at(FaultPoints.MID_CHUNK, crashChunk), env);
        List<String> tns = new ArrayList<>();
        for (int i = 0; i < events / perShipment; i++) {
            tns.add(Data.shipment(crashing, null, Instant.parse("2026-02-01T00:00:00Z")));
        }
        String jobId = Data.submit(crashing, Data.CARRIER,
                Data.importRequest(Data.events(tns, perShipment, Data.id())), EventChunks.MAX_EVENTS, false);
        String message = new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
        try {
            crashing.runner().handle(message);
        } catch (Crash expected) {
            // the crash in mid-chunk
        }
        clock.advance(Duration.ofMinutes(10));
        WorkerApp restarted = WorkerStack.app(queue, clock, FaultPoints.NONE, env);
        restarted.runner().handle(message);
        JobRecord done = restarted.jobStore().find(jobId).orElseThrow();
        ImportEventsJob.Checkpoint cp = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
        System.out.printf("%ncrash cost: %d events over %d shipments, crash in mid-chunk %d of %d: %s, events redone "
                + "%d (one chunk = %d)%n", events, tns.size(), crashChunk, done.inputChunks(), done.status(),
                cp.repeated(), EventChunks.MAX_EVENTS);
    }

    /**
     * {@code POST /api/v1/jobs} with {@code count} events to the packaged API (JVM mode, heap capped by
     * {@code bench.apiHeap}, 256m), three times
     * with new Idempotency-Keys: time to the 202, and the API's heap in use (sum of jvm_memory_used_bytes, area heap)
     * before, at its highest while the request ran (sampled every 100 ms), and after.
     */
    private static void submitThroughHttp(int count, int shipments) throws Exception {
        Path root = RepoRoot.find();
        Files.createDirectories(root.resolve("target/bench"));
        String token = LocalSystem.mintToken(root, "bench-carrier", "carrier");
        Azurite azurite = WorkerStack.azurite();
        Map<String, String> env = Map.of("SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString(),
                "SHIPTRACK_TABLES_SECONDARY_ENDPOINT", azurite.tableSecondaryEndpoint(), "QUARKUS_REDIS_HOSTS",
                WorkerStack.redis().uri(), "QUARKUS_LOG_LEVEL", "INFO", "JAVA_TOOL_OPTIONS",
                "-Xmx" + System.getProperty("bench.apiHeap", "256m"));
        String body = importBody(count, shipments);
        System.out.printf("%nPOST /api/v1/jobs, IMPORT_EVENTS with %d events over %d shipments (%.1f MB of JSON), API "
                + "with %s%n", count, shipments, body.length() / 1e6, env.get("JAVA_TOOL_OPTIONS"));
        HttpClient http = ApiProcess.HTTP;
        try (ApiProcess api = ApiProcess.start(root, Ports.free(), env, root.resolve("target/bench/api-jobs.log"))) {
            for (int i = 1; i <= 3; i++) {
                long before = heap(http, api);
                AtomicLong peak = new AtomicLong(before);
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            peak.accumulateAndGet(heap(http, api), Math::max);
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException e) {
                            // the next sample
                        }
                    }
                });
                sampler.start();
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                        + "/api/v1/jobs")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + Data.id())
                        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - t0;
                sampler.interrupt();
                sampler.join();
                long after = heap(http, api);
                System.out.printf("  submission %d: %d in %.2f s; API heap used %.0f MB before, %.0f MB at most "
                        + "during, %.0f MB after%n", i, response.statusCode(), nanos / 1e9, before / 1e6,
                        peak.get() / 1e6, after / 1e6);
                require(response.statusCode() == 202, response.body());
            }
        }
    }

    private static String importBody(int count, int shipments) {
        List<String> tns = new ArrayList<>();
        for (int i = 0; i < shipments; i++) {
            tns.add(Data.trackingNumber());
        }
        Instant base = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        List<ImportedEvent> list = new ArrayList<>();
        String prefix = Data.id();
        for (int i = 0; i < count; i++) {
            list.add(new ImportedEvent(tns.get(i % shipments), prefix + "-" + i,
                    io.shiptrack.model.ShipmentStatus.IN_TRANSIT, base.plusSeconds(i), "Hub " + (i % 50), null));
        }
        return JobJson.write(new JobRequest(new ImportEvents(list)));
    }

    private static long heap(HttpClient http, ApiProcess api) throws IOException, InterruptedException {
        // Metrics are served on the management interface, not on the public port (issue 11).
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api.managementUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        require(answer.statusCode() == 200, "/q/metrics answered " + answer.statusCode());
        double used = 0;
        int series = 0;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                series++;
            }
        }
        require(series > 0, "no jvm_memory_used_bytes{area=heap} in /q/metrics");
        return (long) used;
    }

    private static void stats(WorkerApp app, int count) {
        String member = "bench-member-" + Data.id();
        TableClient index = app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);
        Instant promised = Instant.parse("2026-02-01T00:00:00Z");
        List<TableTransactionAction> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Shipment s = Shipment.register(String.format("BENCH%015d", i),
                    new ShipmentRequest("A", "B", promised, member, "acme"), "acme", promised);
            s = new Shipment(s.trackingNumber(), io.shiptrack.model.ShipmentStatus.DELIVERED, "A", "B", member, "acme",
                    "acme", promised, promised.plus(Duration.ofHours(i % 3 == 0 ? 5 : -1)), null, promised, promised,
                    s.version());
            batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                    ShipmentEntities.memberIndexEntity(s)));
            if (batch.size() == 100) {
                index.submitTransaction(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            index.submitTransaction(batch);
        }
        String jobId = Data.submit(app, member, new JobRequest(new RecomputeMemberStats(member)), 0, false);
        JobRunner.Result result = app.runner().handle(new JobMessage(jobId, JobType.RECOMPUTE_MEMBER_STATS).toJson());
        System.out.printf(
                "%nRECOMPUTE_MEMBER_STATS: %d shipments, %d pages of 500: %.2f s, checkpoints %.3f s (%.1f%%)%n",
                count, result.chunks(), result.elapsed().toMillis() / 1e3, result.checkpointTime().toMillis() / 1e3,
                100.0 * result.checkpointTime().toNanos() / result.elapsed().toNanos());
    }

    /**
     * Every event of the run was written: a run whose events were rejected (a submitter that does not own the
     * shipments, say) would time how fast the job says no.
     */
    private static void requireAllApplied(WorkerApp app, String jobId, int events) {
        JobRecord done = app.jobStore().find(jobId).orElseThrow();
        ImportEventsJob.Checkpoint cp = JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
        require(cp.applied() == events, "job " + jobId + " applied " + cp.applied() + " of " + events + " events ("
                + cp.rejected() + " rejected, " + cp.repeated() + " repeated)");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark run failed: " + what);
        }
    }
}
