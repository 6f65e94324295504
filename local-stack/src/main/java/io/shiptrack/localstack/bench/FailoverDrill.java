package io.shiptrack.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.localstack.LaggingSecondary;
import io.shiptrack.localstack.LocalSystem;
import io.shiptrack.localstack.RepoRoot;
import io.shiptrack.localstack.TwoRegionSystem;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.store.JobStore;

/**
 * The regional failover drill (issue 9): a bounded loop of mixed traffic through the Front Door stand-in (reads over
 * a skewed key distribution, carrier events with unique eventIds, IMPORT_EVENTS job submissions) while the drill
 * takes the primary storage endpoint down, kills region east, warms west's cache, loses storage and east together,
 * and brings east back. Prints per-phase figures and checks, against the storage itself, that every 2xx write is
 * stored exactly once and every accepted job ended SUCCEEDED exactly once. Writes a timeline chart
 * ({@link DrillChart}). Exit code 1 when a check fails. {@code scripts/drill-failover.sh} runs it.
 *
 * <p>
 * The secondary table endpoint is a {@link LaggingSecondary}, {@code -Ddrill.lag} behind (10 s by default; {@code same}
 * for the primary's own storage): a write made shortly before the primary is lost may be missing from it, and a read
 * served from it may be older than one served before. The reads come from {@link #CLIENTS} simulated clients, each
 * remembering per shipment the newest version it has seen (the strong {@code ETag: "<n>"} of the answer) and sending
 * it as {@code If-None-Match}, as a polling app does (a 304 is a successful read: its copy is current); an answer
 * older than what its client had already seen when it asked "went back in time", which fails the drill
 * ({@code -Ddrill.monotonic=warn} only reports it). Answers without an ETag have no known version and are not checked.
 */
public final class FailoverDrill {

    /** How long and how hard the drill runs: {@code full} for the docs, {@code short} for CI. */
    record Mode(String name, int shipments, double readsPerSecond, double eventsPerSecond, double jobsPerSecond,
            Duration baseline, Duration storageOutage, Duration recovery, Duration standby, Duration warmWatch,
            Duration regionAndStorage, Duration back, int bigImportEvents) {

        static Mode of(String name) {
            return switch (name) {
                case "full" -> new Mode("full", 2000, 40, 6, 0.5, Duration.ofSeconds(20), Duration.ofSeconds(25),
                        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(45),
                        Duration.ofSeconds(25), Duration.ofSeconds(30), 6000);
                case "short" -> new Mode("short", 300, 25, 4, 0.4, Duration.ofSeconds(10), Duration.ofSeconds(12),
                        Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30),
                        Duration.ofSeconds(12), Duration.ofSeconds(15), 4000);
                default -> throw new IllegalArgumentException("drill.mode is full or short");
            };
        }
    }

    /** The Front Door stand-in's detection rule (dev/haproxy/front-door.cfg): fall 2 probes, 1 s apart, 1 s timeout. */
    static final Duration DETECTION_WINDOW = Duration.ofSeconds(2 * 1 + 1);
    /** Slack on a loaded 2-core machine, added to the detection window when judging read failures. */
    static final Duration SLACK = Duration.ofSeconds(2);
    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([0-9a-f]{32})\"");
    /** A strong ETag carrying the shipment's version: {@code "<n>"}. */
    private static final Pattern VERSION = Pattern.compile("\"(\\d{1,18})\"");
    /** How many clients the reads come from; each keeps its own view of every shipment's newest version. */
    static final int CLIENTS = 16;
    /** One read in this many asks for the shipment's events instead of the shipment. */
    private static final int EVENTS_READ_EVERY = 8;
    private static final String NUMBER_FORMAT = "DRILL%010d";

    /** One request's outcome, at {@code atMs} after the start. */
    record Sample(long atMs, long latencyMs, String kind, int status, String region, String source,
            boolean retryAfter) {
        /** 2xx, or a read's 304: the client's copy is current (it sent the version it holds). */
        boolean ok() {
            return status >= 200 && status < 300 || status == 304;
        }
    }

    /**
     * What one 2xx read answered about freshness: its source, the version (-1 without an ETag), whether it went back
     * from what its client had seen, whether it was derived from the secondary (served by it, or carrying its last
     * sync time), its {@code Age} in seconds and its staleness (received minus the secondary's last sync) in ms
     * (-1 when absent).
     */
    record Freshness(long atMs, String source, long version, boolean wentBack, boolean fromSecondary, long ageSeconds,
            long stalenessMs) {
    }

    /** A phase of the drill, from {@code startMs} to {@code endMs} after the start. */
    record Phase(String name, long startMs, long endMs) {
    }

    private final Mode mode;
    private final boolean retry;
    private final boolean monotonicFails;
    private final ConcurrentLinkedQueue<Freshness> freshness = new ConcurrentLinkedQueue<>();
    /** Per client, per tracking number: the newest version that client has been answered. */
    private final List<Map<String, Long>> clientViews = new ArrayList<>();
    private final TwoRegionSystem system;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String front;
    private final String carrierToken;
    private final String opsToken;
    private final long started = System.nanoTime();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, Integer> eventOutcomes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> acceptedImports = new ConcurrentHashMap<>();
    private final Set<String> acceptedJobs = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    /** Makes this run's Idempotency-Keys and eventIds its own. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private List<String> numbers;
    private String phaseName;
    private JobStore jobs;
    private long phaseStart;

    private FailoverDrill(Mode mode, TwoRegionSystem system, String carrierToken, String opsToken, boolean retry,
            boolean monotonicFails) {
        this.retry = retry;
        this.monotonicFails = monotonicFails;
        for (int i = 0; i < CLIENTS; i++) {
            clientViews.add(new ConcurrentHashMap<>());
        }
        this.mode = mode;
        this.system = system;
        this.front = system.frontDoor().baseUrl();
        this.carrierToken = carrierToken;
        this.opsToken = opsToken;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Mode mode = Mode.of(System.getProperty("drill.mode", "full"));
        Path out = Path.of(System.getProperty("drill.out", "target/drill/failover.md"));
        Path chart = Path.of(System.getProperty("drill.chart", "target/drill/failover-drill.png"));
        Path root = RepoRoot.find();
        String carrier = LocalSystem.mintToken(root, "drill-carrier", "carrier");
        String ops = LocalSystem.mintToken(root, "drill-ops", "ops");
        Map<String, String> env = Map.of("SHIPTRACK_JOB_LEASE", "PT10S", "SHIPTRACK_SWEEP_GRACE", "PT5S",
                "SHIPTRACK_SWEEP_SCHEDULE", "*/5 * * * * *", "SHIPTRACK_WORKER_JAVA_OPTS", "-Xmx512m",
                // A loaded 2-core machine stalls healthy Redis calls past the 50 ms production timeout (as %test).
                "SHIPTRACK_CACHE_COMMAND_TIMEOUT", "250ms",
                // Why a request was answered 503, in each API's log (target/two-regions/<region>-api.log).
                "QUARKUS_LOG_CATEGORY__IO_SHIPTRACK_API_REST__LEVEL", "DEBUG");
        int exit;
        System.out.println("drill (" + mode.name() + "): starting two regions ...");
        boolean retry = !"false".equals(System.getProperty("drill.retry"));
        Optional<Duration> lag = LaggingSecondary.parseLag(System.getProperty("drill.lag", "10s"));
        String monotonic = System.getProperty("drill.monotonic", "fail");
        if (!monotonic.equals("fail") && !monotonic.equals("warn")) {
            throw new IllegalArgumentException("drill.monotonic is fail or warn");
        }
        System.out.println("drill: secondary " + lag.map(l -> LaggingSecondary.format(l) + " behind the primary")
                .orElse("is the primary's own storage (never behind)") + "; answers that go back in time "
                + (monotonic.equals("fail") ? "fail the drill" : "are reported only"));
        try (TwoRegionSystem system = TwoRegionSystem
                .start(TwoRegionSystem.Settings.freePorts(retry, env, lag))) {
            FailoverDrill drill = new FailoverDrill(mode, system, carrier, ops, retry, monotonic.equals("fail"));
            exit = drill.run(out, chart);
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 2;
        }
        // The SDK's Vert.x threads would keep exec:java waiting.
        System.exit(exit);
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private int run(Path out, Path chart) throws Exception {
        numbers = seed();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(48);
        double total = mode.readsPerSecond() + mode.eventsPerSecond() + mode.jobsPerSecond();
        long periodMicros = (long) (1_000_000 / total);
        ticker.scheduleAtFixedRate(() -> pool.execute(this::oneRequest), 0, periodMicros, TimeUnit.MICROSECONDS);
        try {
            phases();
        } finally {
            ticker.shutdownNow();
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        verify();
        String report = report();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        DrillChart.write(chart, List.copyOf(samples), phases);
        System.out.println("chart: " + chart);
        if (!failures.isEmpty()) {
            System.out.println("DRILL FAILED:");
            failures.forEach(f -> System.out.println("  - " + f));
            return 1;
        }
        System.out.println("drill: every check passed");
        return 0;
    }

    private void phases() throws Exception {
        TwoRegionSystem.Region east = system.region(TwoRegionSystem.EAST);
        TwoRegionSystem.Region west = system.region(TwoRegionSystem.WEST);

        begin("1 baseline (east serves)");
        hold(mode.baseline(), null);

        begin("2 primary storage outage");
        system.primaryTables().fail503();
        hold(mode.storageOutage(), null);
        begin("2b primary storage back");
        system.primaryTables().heal();
        hold(mode.recovery(), null);

        List<String> inFlight = importInFlightOnEast();
        figures.put("jobs in flight on east when it was killed", inFlight.isEmpty()
                ? "none (no big import ran on "
                        + "east in time)"
                : inFlight.size() + " IMPORT_EVENTS of " + mode.bigImportEvents() + " events");
        long loss = begin("3 east lost, west cold");
        east.kill();
        hold(mode.standby(), null);
        figures.put("loss of east to first answer from west", firstAnswer(TwoRegionSystem.WEST, loss)
                .map(ms -> ms + " ms").orElse("never"));
        figures.put("requests failed from the loss of east (all kinds)", String.valueOf(failedBetween(loss, loss
                + DETECTION_WINDOW.plus(SLACK).toMillis())));

        long warmSubmitted = begin("4 WARM_CACHE for west");
        String warm = submitWarmCache(TwoRegionSystem.WEST);
        long[] warmDone = {-1};
        hold(mode.warmWatch(), () -> {
            if (warmDone[0] < 0 && warm != null && status(warm).filter(s -> s == JobStatus.SUCCEEDED).isPresent()) {
                warmDone[0] = now();
            }
        });
        figures.put("WARM_CACHE for west: submitted to SUCCEEDED", warmDone[0] < 0
                ? "not within the phase"
                : (warmDone[0] - warmSubmitted) + " ms");
        if (warmDone[0] >= 0) {
            Optional<Long> above = firstBucketAbove(TwoRegionSystem.WEST, warmDone[0], 0.9);
            figures.put("west cache hits above 90% after WARM_CACHE (5 s buckets)", above.map(ms -> "by " + ms
                    + " ms after it finished").orElse("not within the phase"));
        }

        begin("5 east and primary storage lost");
        system.primaryTables().resetConnections();
        hold(mode.regionAndStorage(), null);

        // Fail back as the runbook says: keep traffic on west (origin disabled) while east starts and its Redis is
        // warmed, then enable east.
        begin("6 east restarted and warmed, kept out");
        system.frontDoor().setServerState(TwoRegionSystem.EAST, "maint");
        system.primaryTables().heal();
        east.restart();
        String warmEast = submitWarmCache(TwoRegionSystem.EAST);
        long waitUntil = now() + 90_000;
        while (warmEast != null && now() < waitUntil
                && status(warmEast).filter(s -> s == JobStatus.SUCCEEDED).isEmpty()) {
            Thread.sleep(200);
        }
        long back = begin("7 east enabled, traffic returns");
        system.frontDoor().setServerState(TwoRegionSystem.EAST, "ready");
        hold(mode.back(), null);
        figures.put("east enabled to first answer from east", firstAnswer(TwoRegionSystem.EAST, back)
                .map(ms -> ms + " ms").orElse("never"));
        end();
        if (!west.isUp()) {
            failures.add("west went down during the drill");
        }
    }

    /** Ends the running phase and starts {@code name} now; returns its start. */
    private long begin(String name) {
        long start = now();
        end();
        phaseName = name;
        phaseStart = start;
        System.out.printf(Locale.ROOT, "drill: %6.1f s  %s%n", start / 1000.0, name);
        return start;
    }

    private void end() {
        if (phaseName != null) {
            phases.add(new Phase(phaseName, phaseStart, now()));
            phaseName = null;
        }
    }

    /** Lets the load run for {@code length} (it runs all along); {@code watch} runs every 200 ms. */
    private void hold(Duration length, Runnable watch) throws InterruptedException {
        long end = now() + length.toMillis();
        while (now() < end) {
            if (watch != null) {
                watch.run();
            }
            Thread.sleep(200);
        }
    }

    // ---- traffic ----

    private void oneRequest() {
        double total = mode.readsPerSecond() + mode.eventsPerSecond() + mode.jobsPerSecond();
        double pick = ThreadLocalRandom.current().nextDouble(total);
        if (pick < mode.readsPerSecond()) {
            read();
        } else if (pick < mode.readsPerSecond() + mode.eventsPerSecond()) {
            event();
        } else {
            importJob(10);
        }
    }

    /**
     * A read by one of the clients over a skewed distribution (the first 10% of the shipments get about 46% of the
     * reads): the shipment, or now and then its events.
     */
    private void read() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double u = random.nextDouble();
        String tn = numbers.get((int) (numbers.size() * u * u * u));
        Map<String, Long> view = clientViews.get(random.nextInt(CLIENTS));
        String path = random.nextInt(EVENTS_READ_EVERY) == 0 ? "/events" : "";
        // What the client had seen when it asked: an answer to an earlier request may still be on its way.
        long known = view.getOrDefault(tn, -1L);
        HttpResponse<?>[] answer = {null};
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(front + "/api/v1/shipments/" + tn + path))
                .GET();
        if (known >= 0) {
            // As a polling app does: the version it holds, so that no region answers it anything older (a 304).
            request.header("If-None-Match", "\"" + known + "\"");
        }
        Sample sample = send("read", request, null, Duration.ofSeconds(5), answer);
        if (sample.ok() && answer[0] != null) {
            freshness.add(freshness(sample, answer[0].headers(), known));
            long version = version(answer[0].headers());
            if (version >= 0) {
                view.merge(tn, version, Math::max);
            }
        }
    }

    static Freshness freshness(Sample sample, HttpHeaders headers, long known) {
        long version = version(headers);
        long age = headers.firstValue("Age").map(FailoverDrill::parseLongOrMinus1).orElse(-1L);
        Optional<OffsetDateTime> lastSync = headers.firstValue("X-Secondary-Last-Sync").flatMap(text -> {
            try {
                return Optional.of(OffsetDateTime.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
        long staleness = lastSync.map(t -> Duration.between(t.toInstant(), Instant.now()).toMillis()).orElse(-1L);
        return new Freshness(sample.atMs(), sample.source(), version, version >= 0 && version < known,
                sample.source().equals("secondary") || lastSync.isPresent(), age, staleness);
    }

    /** The shipment version of a strong {@code ETag: "<n>"}, compared as a number; -1 when there is none. */
    static long version(HttpHeaders headers) {
        return headers.firstValue("ETag").map(etag -> {
            Matcher m = VERSION.matcher(etag.trim());
            return m.matches() ? Long.parseLong(m.group(1)) : -1L;
        }).orElse(-1L);
    }

    private static long parseLongOrMinus1(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void event() {
        String tn = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
        String eventId = "drill-ev-" + run + "-" + sequence.incrementAndGet();
        eventOutcomes.put(eventId, -1);
        Sample sample = send("event", HttpRequest.newBuilder(URI.create(front + "/api/v1/shipments/" + tn + "/events"))
                .header("Authorization", "Bearer " + carrierToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson(eventId))));
        eventOutcomes.put(eventId, sample.status());
    }

    private static String eventJson(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\""
                + Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"location\":\"Drill hub\"}";
    }

    /** An IMPORT_EVENTS job of {@code size} new events; returns its job id when accepted. */
    private Optional<String> importJob(int size) {
        List<String> ids = new ArrayList<>();
        StringBuilder events = new StringBuilder();
        String occurred = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < size; i++) {
            String eventId = "drill-imp-" + run + "-" + sequence.incrementAndGet();
            ids.add(eventId);
            String tn = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
            events.append(i == 0 ? "" : ",").append("{\"trackingNumber\":\"").append(tn).append("\",\"eventId\":\"")
                    .append(eventId).append("\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\"").append(occurred)
                    .append("\",\"location\":\"Import hub\"}");
        }
        String[] body = {null};
        Sample sample = send("job", HttpRequest.newBuilder(URI.create(front + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + carrierToken).header("Content-Type", "application/json")
                .header("Idempotency-Key", "drill-" + run + "-" + sequence.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":["
                        + events + "]}}")),
                body, Duration.ofSeconds(size > 100 ? 60 : 5));
        if (size > 100 && sample.status() != 202) {
            System.out.println("drill: big import answered " + sample.status() + " "
                    + (body[0] == null ? "" : body[0].substring(0, Math.min(200, body[0].length()))));
        }
        if (sample.status() == 202) {
            Matcher m = JOB_ID.matcher(body[0]);
            if (m.find()) {
                acceptedImports.put(m.group(1), ids);
                acceptedJobs.add(m.group(1));
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private Sample send(String kind, HttpRequest.Builder request) {
        return send(kind, request, null);
    }

    private Sample send(String kind, HttpRequest.Builder request, String[] body) {
        return send(kind, request, body, Duration.ofSeconds(5));
    }

    private Sample send(String kind, HttpRequest.Builder request, String[] body, Duration timeout) {
        return send(kind, request, body, timeout, null);
    }

    /** Sends, records the sample, and hands the body and the whole answer to whichever holder is not null. */
    private Sample send(String kind, HttpRequest.Builder request, String[] body, Duration timeout,
            HttpResponse<?>[] answer) {
        long at = now();
        Sample sample;
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (body != null) {
                body[0] = response.body();
            }
            if (answer != null) {
                answer[0] = response;
            }
            sample = new Sample(at, now() - at, kind, response.statusCode(),
                    response.headers().firstValue("X-Served-By").orElse("-"),
                    response.headers().firstValue("X-Read-Source").orElse("-"),
                    response.headers().firstValue("Retry-After").isPresent());
        } catch (IOException e) {
            sample = new Sample(at, now() - at, kind, 0, "-", "-", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sample = new Sample(at, now() - at, kind, 0, "-", "-", false);
        }
        samples.add(sample);
        return sample;
    }

    // ---- drill steps ----

    private List<String> seed() throws Exception {
        System.out.println("drill: seeding " + mode.shipments() + " shipments through the front door ...");
        List<String> seeded = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < mode.shipments(); i++) {
            String tn = String.format(Locale.ROOT, NUMBER_FORMAT, i);
            seeded.add(tn);
            String json = "{\"origin\":\"Rotterdam, NL\",\"destination\":\"Lyon, FR\",\"promisedBy\":\""
                    + Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                    + "\",\"memberId\":\"drill-member-" + (i % 50) + "\",\"carrier\":\"drill\"}";
            puts.add(pool.submit(() -> {
                int status = 0;
                // A loaded machine can open the new API's write breaker: retry as a client would, after a pause.
                for (int attempt = 0; attempt < 20 && (status < 200 || status >= 300); attempt++) {
                    if (attempt > 0) {
                        Thread.sleep(1000);
                    }
                    status = http.send(HttpRequest.newBuilder(URI.create(front + "/api/v1/shipments/" + tn))
                            .header("Authorization", "Bearer " + carrierToken)
                            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                }
                return status;
            }));
        }
        for (var put : puts) {
            int status = put.get();
            if (status >= 300) {
                throw new IllegalStateException("seeding answered " + status);
            }
        }
        pool.shutdown();
        return seeded;
    }

    /**
     * Places a big IMPORT_EVENTS job on east's worker, so that killing east leaves a job in flight for west to
     * finish: west's worker is frozen (SIGSTOP) from before the submission until east holds the job's lease, so the
     * two workers do not race for it, then thawed. Returns the job ids that run on east (none if it never started).
     */
    private List<String> importInFlightOnEast() throws InterruptedException {
        TwoRegionSystem.Region west = system.region(TwoRegionSystem.WEST);
        List<String> onEast = new ArrayList<>();
        west.freezeWorker(true);
        try {
            for (int attempt = 0; attempt < 10 && onEast.isEmpty(); attempt++) {
                Optional<String> job = importJob(mode.bigImportEvents());
                if (job.isEmpty()) {
                    Thread.sleep(2000);
                    continue;
                }
                long deadline = now() + 20_000;
                while (now() < deadline) {
                    Optional<JobRecord> row = jobStore().find(job.get());
                    if (row.isPresent() && row.get().status() == JobStatus.RUNNING
                            && row.get().lease().owner() != null) {
                        System.out.println("drill: big import " + job.get() + " runs on " + row.get().lease().owner());
                        onEast.add(job.get());
                        break;
                    }
                    if (row.isPresent() && row.get().status().isTerminal()) {
                        System.out.println("drill: big import " + job.get() + " finished before it was seen running");
                        break;
                    }
                    Thread.sleep(20);
                }
            }
        } finally {
            west.freezeWorker(false);
        }
        return onEast;
    }

    private String submitWarmCache(String region) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String[] body = {null};
            Sample sample = send("job", HttpRequest.newBuilder(URI.create(front + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + opsToken).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "drill-" + run + "-warm-" + region)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"WARM_CACHE\",\"parameters\":{\"region\":\""
                            + region + "\"}}")),
                    body);
            if (sample.status() == 202) {
                Matcher m = JOB_ID.matcher(body[0]);
                if (m.find()) {
                    acceptedJobs.add(m.group(1));
                    return m.group(1);
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        failures.add("WARM_CACHE for " + region + " was never accepted");
        return null;
    }

    private JobStore jobStore() {
        if (jobs == null) {
            jobs = new JobStore(system.azurite().tableService().getTableClient(TableKeys.JOBS), Duration.ofSeconds(10));
        }
        return jobs;
    }

    private Optional<JobStatus> status(String jobId) {
        return jobStore().find(jobId).map(JobRecord::status);
    }

    // ---- figures ----

    private Optional<Long> firstAnswer(String region, long since) {
        return samples.stream().filter(s -> s.atMs() >= since && s.ok() && s.region().equals(region))
                .map(s -> s.atMs() + s.latencyMs() - since).min(Long::compare);
    }

    private long failedBetween(long from, long to) {
        return samples.stream().filter(s -> s.atMs() >= from && s.atMs() < to && failed(s)).count();
    }

    /** A failure the caller sees as such: no answer, or a 5xx; a 503 with Retry-After on a write is by design. */
    private static boolean failed(Sample s) {
        return s.status() == 0 || s.status() >= 500 && !(s.retryAfter() && !s.kind().equals("read"));
    }

    /** West's reads per 5-second bucket: share answered from the cache (X-Read-Source: cache). */
    private TreeMap<Long, double[]> hitRatio(String region) {
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.kind().equals("read") && s.ok() && s.region().equals(region)) {
                double[] b = buckets.computeIfAbsent(s.atMs() / 5000 * 5000, k -> new double[2]);
                b[0] += s.source().equals("cache") ? 1 : 0;
                b[1]++;
            }
        }
        return buckets;
    }

    private Optional<Long> firstBucketAbove(String region, long since, double ratio) {
        return hitRatio(region).entrySet().stream()
                .filter(e -> e.getKey() + 5000 > since && e.getValue()[1] >= 5
                        && e.getValue()[0] / e.getValue()[1] > ratio)
                .map(e -> Math.max(0, e.getKey() + 5000 - since)).findFirst();
    }

    // ---- checks against the storage ----

    private void verify() throws InterruptedException {
        System.out.println("drill: waiting for every accepted job to finish ...");
        long deadline = now() + 300_000;
        long nextReport = now() + 30_000;
        Map<String, JobStatus> statuses = new HashMap<>();
        while (now() < deadline) {
            statuses.clear();
            for (String jobId : acceptedJobs) {
                statuses.put(jobId, status(jobId).orElse(null));
            }
            if (statuses.values().stream().allMatch(s -> s != null && s.isTerminal())) {
                break;
            }
            if (now() >= nextReport) {
                nextReport = now() + 30_000;
                statuses.entrySet().stream().filter(e -> e.getValue() == null || !e.getValue().isTerminal())
                        .forEach(e -> System.out.println("drill:   job " + e.getKey() + " still " + e.getValue()
                                + jobStore().find(e.getKey()).map(r -> " (lease " + r.lease().owner() + ")")
                                        .orElse("")));
            }
            Thread.sleep(1000);
        }
        Map<String, Long> succeededLines = succeededLogLines();
        long succeeded = 0;
        for (String jobId : acceptedJobs) {
            JobStatus status = statuses.get(jobId);
            long runs = succeededLines.getOrDefault(jobId, 0L);
            if (status == JobStatus.SUCCEEDED && runs == 1) {
                succeeded++;
            } else {
                failures.add("job " + jobId + " was " + status + " with " + runs + " successful run(s) when the "
                        + "drill stopped waiting (5 min)");
            }
        }
        figures.put("accepted jobs SUCCEEDED exactly once", succeeded + " of " + acceptedJobs.size());

        Map<String, int[]> stored = storedEvents();
        long written = 0;
        long lost = 0;
        long twice = 0;
        long halfWritten = 0;
        Map<String, Long> refusedButStored = new TreeMap<>();
        for (Map.Entry<String, Integer> e : eventOutcomes.entrySet()) {
            int[] rows = stored.getOrDefault(e.getKey(), new int[2]);
            if (rows[0] != rows[1]) {
                halfWritten++;
            }
            if (e.getValue() >= 200 && e.getValue() < 300) {
                written++;
                lost += rows[0] == 0 ? 1 : 0;
                twice += rows[0] > 1 ? 1 : 0;
            } else if (rows[0] > 0) {
                refusedButStored.merge(e.getValue() == 0 ? "no answer" : String.valueOf(e.getValue()), 1L,
                        Long::sum);
            }
        }
        for (Map.Entry<String, List<String>> job : acceptedImports.entrySet()) {
            for (String eventId : job.getValue()) {
                int[] rows = stored.getOrDefault(eventId, new int[2]);
                written++;
                lost += rows[0] == 0 ? 1 : 0;
                twice += rows[0] > 1 || rows[1] > 1 ? 1 : 0;
                halfWritten += rows[0] != rows[1] ? 1 : 0;
            }
        }
        figures.put("2xx writes (events posted, events in accepted imports)", String.valueOf(written));
        figures.put("of those lost / stored twice", lost + " / " + twice);
        figures.put("events half-written (event row without marker or back)", String.valueOf(halfWritten));
        figures.put("events answered non-2xx but stored, by answer (a client's retry with the same eventId is a "
                + "no-op 200)", refusedButStored.isEmpty() ? "0" : refusedButStored.toString());
        if (lost > 0 || twice > 0) {
            failures.add(lost + " 2xx writes lost, " + twice + " stored twice");
        }
        if (halfWritten > 0) {
            failures.add(halfWritten + " events half-written");
        }
        long lossOfEast = phases.stream().filter(p -> p.name().startsWith("3")).findFirst().map(Phase::startMs)
                .orElse(0L);
        long windowEnd = lossOfEast + DETECTION_WINDOW.plus(SLACK).toMillis();
        long readsFailedOutside = samples.stream().filter(s -> s.kind().equals("read") && failed(s)
                && (s.atMs() < lossOfEast || s.atMs() >= windowEnd)).count();
        figures.put("reads failed outside the detection window", String.valueOf(readsFailedOutside));
        Map<String, Long> why = new TreeMap<>();
        samples.stream().filter(s -> s.kind().equals("read") && failed(s)).forEach(s -> why.merge(s.status() == 0
                ? "no answer within 5 s"
                : s.region().equals("-")
                        ? s.status() + " from HAProxy (no origin up)"
                        : s.status() + " from " + s.region(),
                1L, Long::sum));
        figures.put("failed reads, all phases, by answer", why.isEmpty() ? "none" : why.toString());
        if (readsFailedOutside > 0) {
            failures.add(readsFailedOutside + " reads failed outside the detection window of the loss of east");
        }
        checkMonotonicReads();
    }

    /** No client may be answered a version older than one it had already seen (monotonic reads). */
    private void checkMonotonicReads() {
        long versioned = freshness.stream().filter(f -> f.version() >= 0).count();
        List<Freshness> back = freshness.stream().filter(Freshness::wentBack).toList();
        figures.put("2xx reads with a version (ETag) / of those went back in time", versioned == 0
                ? "0 / 0 (the API sent no ETag: monotonic reads not checked)"
                : versioned + " / " + back.size());
        if (back.isEmpty()) {
            return;
        }
        Map<String, Long> where = new TreeMap<>();
        for (Freshness f : back) {
            String phase = phases.stream().filter(p -> f.atMs() >= p.startMs() && f.atMs() < p.endMs()).findFirst()
                    .map(Phase::name).orElse("after the phases");
            where.merge(phase + " (" + f.source() + ")", 1L, Long::sum);
        }
        String what = back.size() + " answers went back in time (older than a version their client had already "
                + "seen), by phase and source: " + where;
        if (monotonicFails) {
            failures.add(what);
        } else {
            System.out.println("drill: WARNING (drill.monotonic=warn): " + what);
        }
    }

    /** How many times each job's "job X succeeded" line is in the two regions' worker logs. */
    private Map<String, Long> succeededLogLines() {
        Pattern line = Pattern.compile("job ([0-9a-f]{32}) succeeded");
        Map<String, Long> counts = new HashMap<>();
        for (String region : List.of(TwoRegionSystem.EAST, TwoRegionSystem.WEST)) {
            Path log = RepoRoot.find().resolve("target/two-regions/" + region + "-worker.log");
            try {
                for (String text : Files.readAllLines(log)) {
                    Matcher m = line.matcher(text);
                    if (m.find()) {
                        counts.merge(m.group(1), 1L, Long::sum);
                    }
                }
            } catch (IOException e) {
                failures.add("cannot read " + log + ": " + e);
            }
        }
        return counts;
    }

    /** Per eventId: {event rows, eventId marker rows} in the Shipments table, read past the proxy. */
    private Map<String, int[]> storedEvents() {
        TableClient shipments = system.azurite().tableService().getTableClient(TableKeys.SHIPMENTS);
        Map<String, int[]> rows = new HashMap<>();
        for (TableEntity row : shipments.listEntities(new ListEntitiesOptions().setSelect(List.of("PartitionKey",
                "RowKey")), Duration.ofSeconds(60), null)) {
            String key = row.getRowKey();
            if (key.startsWith(TableKeys.EVENT_ID_PREFIX)) {
                rows.computeIfAbsent(key.substring(TableKeys.EVENT_ID_PREFIX.length()), k -> new int[2])[1]++;
            } else if (key.startsWith(TableKeys.EVENT_PREFIX)) {
                rows.computeIfAbsent(key.substring(key.lastIndexOf('|') + 1), k -> new int[2])[0]++;
            }
        }
        return rows;
    }

    // ---- report ----

    private String report() {
        StringBuilder md = new StringBuilder();
        md.append("Mode `").append(mode.name()).append("`: ").append(mode.shipments()).append(" shipments; load ")
                .append(fmt(mode.readsPerSecond())).append(" reads/s (skewed), ").append(fmt(mode.eventsPerSecond()))
                .append(" events/s, ").append(fmt(mode.jobsPerSecond()))
                .append(" IMPORT_EVENTS jobs/s of 10 events, all through HAProxy (`dev/haproxy/front-door.cfg`, ")
                .append(retry ? "with" : "without").append(" the connection-level retry to the backup).\n\n");
        md.append("| phase | s | reads ok/failed | by source (cache/primary/secondary/stale) | events ok/503/failed "
                + "| jobs ok/503/failed | answered by east/west |\n|---|---|---|---|---|---|---|\n");
        for (Phase p : phases) {
            List<Sample> in = samples.stream().filter(s -> s.atMs() >= p.startMs() && s.atMs() < p.endMs()).toList();
            md.append("| ").append(p.name()).append(" | ").append(fmt((p.endMs() - p.startMs()) / 1000.0))
                    .append(" | ").append(count(in, "read", true)).append("/").append(countFailed(in, "read"))
                    .append(" | ").append(source(in, "cache")).append("/").append(source(in, "primary")).append("/")
                    .append(source(in, "secondary")).append("/").append(source(in, "stale-cache"))
                    .append(" | ").append(count(in, "event", true)).append("/").append(count503(in, "event"))
                    .append("/").append(countFailed(in, "event"))
                    .append(" | ").append(count(in, "job", true)).append("/").append(count503(in, "job"))
                    .append("/").append(countFailed(in, "job"))
                    .append(" | ").append(in.stream().filter(s -> s.ok() && s.region().equals("east")).count())
                    .append("/").append(in.stream().filter(s -> s.ok() && s.region().equals("west")).count())
                    .append(" |\n");
        }
        md.append("\n\"failed\": no answer or a 5xx without Retry-After (reads: any 5xx). Writes and job submissions "
                + "answered 503 with Retry-After while the primary storage is down are counted apart, as designed.\n\n");
        md.append("Freshness of the 2xx reads (secondary ").append(system.secondary()
                .map(s -> LaggingSecondary.format(s.lag()) + " behind the primary")
                .orElse("is the primary's own storage")).append("): \"from the secondary\" is served by it or "
                        + "carrying its last sync time; staleness is the time received minus that last sync time; "
                        + "\"went back\" counts answers older (by ETag version) than one their client had already "
                        + "seen; \"304\" counts reads answered Not Modified (the client sent the version it holds)."
                        + "\n\n| phase | by source (cache/primary/secondary/stale) | 304 | from the secondary | Age "
                        + "max/median (s) | staleness max/median (s) | went back in time |\n|---|---|---|---|---|---|---|\n");
        for (Phase p : phases) {
            List<Freshness> in = freshness.stream().filter(f -> f.atMs() >= p.startMs() && f.atMs() < p.endMs())
                    .toList();
            List<Freshness> secondary = in.stream().filter(Freshness::fromSecondary).toList();
            md.append("| ").append(p.name()).append(" | ").append(fresh(in, "cache")).append("/")
                    .append(fresh(in, "primary")).append("/").append(fresh(in, "secondary")).append("/")
                    .append(fresh(in, "stale-cache")).append(" | ")
                    .append(samples.stream().filter(x -> x.kind().equals("read") && x.status() == 304
                            && x.atMs() >= p.startMs() && x.atMs() < p.endMs()).count())
                    .append(" | ").append(secondary.size()).append(" | ")
                    .append(maxAndMedian(secondary.stream().mapToLong(Freshness::ageSeconds), 1)).append(" | ")
                    .append(maxAndMedian(secondary.stream().mapToLong(Freshness::stalenessMs), 1000)).append(" | ")
                    .append(in.stream().filter(Freshness::wentBack).count()).append(" |\n");
        }
        md.append("\n");
        md.append("West's cache hit ratio (X-Read-Source: cache among west's 200 reads), per 5 s from the loss of "
                + "east:\n\n| t (s) | reads | hit ratio |\n|---|---|---|\n");
        long lossOfEast = phases.stream().filter(p -> p.name().startsWith("3")).findFirst().map(Phase::startMs)
                .orElse(0L);
        String warmPhase = phases.stream().filter(p -> p.name().startsWith("4")).findFirst()
                .map(p -> String.valueOf(p.startMs())).orElse("");
        for (Map.Entry<Long, double[]> e : hitRatio(TwoRegionSystem.WEST).entrySet()) {
            String mark = !warmPhase.isEmpty() && e.getKey() <= Long.parseLong(warmPhase)
                    && Long.parseLong(warmPhase) < e.getKey() + 5000 ? " (WARM_CACHE submitted)" : "";
            md.append("| ").append(fmt((e.getKey() - lossOfEast) / 1000.0)).append(mark).append(" | ")
                    .append((long) e.getValue()[1]).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f%%", 100 * e.getValue()[0] / e.getValue()[1]))
                    .append(" |\n");
        }
        md.append("\n| figure | value |\n|---|---|\n");
        figures.put("secondary (RA-GRS stand-in)", system.secondary().map(s -> "lagging copy, "
                + LaggingSecondary.format(s.lag()) + " behind; last sync at the end " + Duration.between(s.lastSync(),
                        Instant.now()).toMillis()
                + " ms ago").orElse("the primary's own storage (never behind)"));
        figures.put("detection window of the stand-in (fall 2 x inter 1 s + timeout check 1 s)",
                DETECTION_WINDOW.toMillis() + " ms (+" + SLACK.toMillis() + " ms slack when judging reads)");
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| checks | ").append(failures.isEmpty() ? "all passed" : String.join("; ", failures))
                .append(" |\n");
        return md.toString();
    }

    private static long count(List<Sample> in, String kind, boolean ok) {
        return in.stream().filter(s -> s.kind().equals(kind) && s.ok() == ok).count();
    }

    private static long count503(List<Sample> in, String kind) {
        return in.stream().filter(s -> s.kind().equals(kind) && s.status() == 503 && s.retryAfter()).count();
    }

    private static long countFailed(List<Sample> in, String kind) {
        return in.stream().filter(s -> s.kind().equals(kind) && failed(s)).count();
    }

    private static long source(List<Sample> in, String source) {
        return in.stream().filter(s -> s.kind().equals("read") && s.ok() && s.source().equals(source)).count();
    }

    private static long fresh(List<Freshness> in, String source) {
        return in.stream().filter(f -> f.source().equals(source)).count();
    }

    /** "max/median" of the values present (-1 is absent), each divided by {@code unit}; "-" when none is. */
    private static String maxAndMedian(java.util.stream.LongStream values, double unit) {
        long[] present = values.filter(v -> v >= 0).sorted().toArray();
        if (present.length == 0) {
            return "-";
        }
        return fmt(present[present.length - 1] / unit) + "/" + fmt(present[present.length / 2] / unit);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.1f", value);
    }
}
