package io.shiptrack.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shiptrack.localstack.ApiProcess;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.localstack.LocalSystem;
import io.shiptrack.localstack.Ports;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.RepoRoot;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/**
 * The fault-matrix benchmark of issue 8: the packaged API (JVM mode) under steady reads and writes while the proxy in
 * front of the primary table endpoint fails in each {@link FaultShape} for a while. Every read goes to storage (the
 * cache is bypassed), the hardest case. One Markdown table row per shape: reads answered, read latency, time from the
 * fault's start to the first answer from the secondary, primary breaker openings, hedges, and what writes answered.
 */
public final class FaultBenchmark {

    private static final int SHIPMENTS = 500;
    private static final int READERS = 4;

    private FaultBenchmark() {
    }

    private record Sample(long atNanos, boolean write, int status, String source, long nanos, boolean retryAfter) {
    }

    public static void main(String[] args) throws Exception {
        Duration fault = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.fault-seconds", "10")));
        Duration before = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.before-seconds", "3")));
        String only = System.getProperty("bench.shapes", "");
        Path root = RepoRoot.find();
        Path logs = root.resolve("target/bench");
        Files.createDirectories(logs);
        String token = LocalSystem.mintToken(root, "bench-carrier", "carrier");
        StringBuilder report = new StringBuilder();
        try (Azurite azurite = Azurite.start();
                Redis redis = Redis.start();
                FaultProxy primaryProxy = FaultProxy.start("http://127.0.0.1:" + azurite.tablePort())) {
            azurite.createShiptrackStorage();
            List<String> numbers = seed(azurite);
            Map<String, String> env = new HashMap<>(Map.of(
                    "SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString(),
                    "SHIPTRACK_TABLES_PRIMARY_ENDPOINT", primaryProxy.baseUrl() + "/" + Azurite.ACCOUNT,
                    "SHIPTRACK_TABLES_SECONDARY_ENDPOINT", azurite.tableSecondaryEndpoint(),
                    "QUARKUS_REDIS_HOSTS", redis.uri(),
                    "QUARKUS_LOG_LEVEL", "WARN",
                    "SHIPTRACK_CACHE_FRESH_FOR", "0s",
                    "SHIPTRACK_CACHE_NEAR_FOR", "0s"));
            report.append("| shape | reads answered | read p50 | read p90 | read p99 | fault start to first secondary "
                    + "answer | primary breaker opened | hedges sent / won | writes 2xx / 503 with Retry-After / other "
                    + "| slowest write |\n|---|---|---|---|---|---|---|---|---|---|\n");
            try (ApiProcess api = ApiProcess.start(root, Ports.free(), env, logs.resolve("api-faults.log"))) {
                for (FaultShape shape : FaultShape.values()) {
                    if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(shape.name())) {
                        continue;
                    }
                    awaitPrimaryClosed(api);
                    report.append(run(api, primaryProxy, shape, numbers, token, before, fault));
                    System.out.println(report);
                }
            }
        }
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
        System.exit(0);
    }

    private static String run(ApiProcess api, FaultProxy proxy, FaultShape shape, List<String> numbers, String token,
            Duration before, Duration fault) throws Exception {
        double[] metricsBefore = metrics(api);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long begin = System.nanoTime();
        long faultStart = begin + before.toNanos();
        long faultEnd = faultStart + fault.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        for (int c = 0; c < READERS; c++) {
            int offset = c * 97;
            pool.submit(() -> load(api, samples, faultEnd, i -> HttpRequest.newBuilder(URI.create(api.baseUrl()
                    + "/api/v1/shipments/" + numbers.get((offset + i) % numbers.size()))).GET(), false));
        }
        pool.submit(() -> load(api, samples, faultEnd, i -> HttpRequest.newBuilder(URI.create(api.baseUrl()
                + "/api/v1/shipments/" + numbers.get(i % numbers.size()) + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\"" + Instant.now() + "\"}")),
                true));
        sleepUntil(faultStart);
        shape.apply(proxy);
        sleepUntil(faultEnd);
        proxy.heal();
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        double[] metricsAfter = metrics(api);

        List<Sample> reads = samples.stream().filter(s -> !s.write && s.atNanos >= faultStart && s.atNanos < faultEnd)
                .toList();
        List<Sample> writes = samples.stream().filter(s -> s.write && s.atNanos >= faultStart && s.atNanos < faultEnd)
                .toList();
        long answered = reads.stream().filter(s -> s.status == 200).count();
        long[] latencies = reads.stream().mapToLong(Sample::nanos).sorted().toArray();
        long firstSecondary = samples.stream().filter(s -> s.atNanos >= faultStart && "secondary".equals(s.source))
                .mapToLong(Sample::atNanos).min().orElse(-1);
        long written = writes.stream().filter(s -> s.status >= 200 && s.status < 300).count();
        long unavailable = writes.stream().filter(s -> s.status == 503 && s.retryAfter).count();
        long slowestWrite = writes.stream().mapToLong(Sample::nanos).max().orElse(0);
        return String.format("| %s | %d of %d (%.1f%%) | %.1f ms | %.1f ms | %.1f ms | %s | %.0f | %.0f / %.0f | "
                + "%d / %d / %d | %.0f ms |%n", shape.name(), answered, reads.size(),
                reads.isEmpty() ? 0 : 100.0 * answered / reads.size(), pct(latencies, 50), pct(latencies, 90),
                pct(latencies, 99), firstSecondary < 0
                        ? "none"
                        : String.format("%.0f ms",
                                (firstSecondary - faultStart) / 1e6),
                metricsAfter[0] - metricsBefore[0],
                metricsAfter[1] - metricsBefore[1], metricsAfter[2] - metricsBefore[2], written, unavailable,
                writes.size() - written - unavailable, slowestWrite / 1e6);
    }

    private interface Requests {
        HttpRequest.Builder request(int i);
    }

    private static void load(ApiProcess api, ConcurrentLinkedQueue<Sample> samples, long end, Requests requests,
            boolean write) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; System.nanoTime() < end; i++) {
            long start = System.nanoTime();
            int status;
            String source;
            boolean retryAfter;
            try {
                HttpResponse<Void> response = http.send(requests.request(i).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                source = response.headers().firstValue("X-Read-Source").orElse("-");
                retryAfter = response.headers().firstValue("Retry-After").isPresent();
            } catch (IOException e) {
                status = -1;
                source = "-";
                retryAfter = false;
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            samples.add(new Sample(start, write, status, source, now - start, retryAfter));
            if (write) {
                // One write every 50 ms or so: carriers post far less often than apps read.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    /** Primary breaker openings, hedges sent and hedges won, from the API's Prometheus metrics. */
    private static double[] metrics(ApiProcess api) throws IOException, InterruptedException {
        String text = ApiProcess.HTTP.send(HttpRequest.newBuilder(URI.create(api.managementUrl()
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double opened = 0;
        double sent = 0;
        double won = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("ft_circuitbreaker_opened_total") && line.contains("PrimaryTablesGateway")) {
                opened += value;
            } else if (line.startsWith("shiptrack_reads_hedges_total") && line.contains("\"sent\"")) {
                sent += value;
            } else if (line.startsWith("shiptrack_reads_hedges_total") && line.contains("\"won\"")) {
                won += value;
            }
        }
        return new double[]{opened, sent, won};
    }

    /** After a shape, the next one starts only once the primary's breakers have closed again (reads probe it). */
    private static void awaitPrimaryClosed(ApiProcess api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            get(api, "/api/v1/shipments/BENCH0000000000");
            String health = get(api, "/q/health/ready");
            if (health.matches("(?s).*\"primary-tables\"\\s*:\\s*\"CLOSED\".*")
                    && health.matches("(?s).*\"primary-latency\"\\s*:\\s*\"CLOSED\".*")) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("the primary's breakers did not close within 60 s");
    }

    private static String get(ApiProcess api, String path) throws IOException, InterruptedException {
        return ApiProcess.HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<String> seed(Azurite azurite) {
        ShipmentStore store = new ShipmentStore(azurite.tableService().getTableClient(TableKeys.SHIPMENTS),
                azurite.tableService().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(10));
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS; i++) {
            String tn = String.format("BENCH%010d", i);
            store.put(tn, new ShipmentRequest("Rotterdam, NL", "Lyon, FR", Instant.parse("2026-12-01T12:00:00Z"),
                    null, "acme"), CarrierScope.carrier("acme"), Instant.now());
            numbers.add(tn);
        }
        return numbers;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

}
