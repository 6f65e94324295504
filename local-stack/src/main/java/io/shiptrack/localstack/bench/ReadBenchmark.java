package io.shiptrack.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;

import io.shiptrack.localstack.ApiProcess;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.LocalSystem;
import io.shiptrack.localstack.Ports;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.RepoRoot;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/**
 * The read-path benchmark of issue 2, against the packaged API in JVM mode on this machine: cached reads beside a
 * bare constant endpoint (wrk), cache-miss reads beside a raw Tables SDK loop, and a 30-second primary outage
 * under steady reads. Prints Markdown that {@code scripts/bench-reads.sh} puts into docs/benchmarks.md.
 */
public final class ReadBenchmark {

    private static final int SHIPMENTS = 1000;
    /** The seeded tracking numbers: BENCH0000000000, BENCH0000000001, ... (a format Java and Lua both read). */
    private static final String NUMBER_FORMAT = "BENCH%010d";
    /**
     * The raw loop is also run with this idle time between calls, about what the API's own work puts between two
     * table reads: on this machine a call after an idle gap is slower than one back to back.
     */
    private static final Duration PACED_IDLE = Duration.ofMillis(1);

    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration wrkDuration = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.wrk-seconds", "15")));
        Duration outage = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.outage-seconds", "30")));
        int missRounds = Integer.parseInt(System.getProperty("bench.miss-rounds", "3"));
        String parts = System.getProperty("bench.parts", "cached,redis-only,miss,failover");
        Path root = RepoRoot.find();
        Path logs = root.resolve("target/bench");
        Files.createDirectories(logs);
        LocalSystem.mintToken(root, "bench", "member"); // creates the dev key pair the dev profile trusts
        StringBuilder report = new StringBuilder();
        try (Azurite azurite = Azurite.start();
                Redis redis = Redis.start();
                FaultProxy primaryProxy = FaultProxy.start("http://127.0.0.1:" + azurite.tablePort())) {
            azurite.createShiptrackStorage();
            TableClient shipments = directTable(azurite, TableKeys.SHIPMENTS);
            List<String> numbers = seed(azurite, shipments);
            Map<String, String> env = Map.of(
                    "SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString(),
                    "SHIPTRACK_TABLES_PRIMARY_ENDPOINT", primaryProxy.baseUrl() + "/" + Azurite.ACCOUNT,
                    "SHIPTRACK_TABLES_SECONDARY_ENDPOINT", azurite.tableSecondaryEndpoint(),
                    "QUARKUS_REDIS_HOSTS", redis.uri(),
                    "SHIPTRACK_BENCHMARK_ENABLED", "true",
                    "QUARKUS_LOG_LEVEL", System.getProperty("bench.log-level", "WARN"),
                    "SHIPTRACK_CACHE_COMMAND_TIMEOUT", System.getProperty("bench.redis-timeout", "50ms"));
            // For profiling the API under load, e.g. -Dbench.api-java-options=-Xlog:gc:file=target/bench/gc.log
            String apiJavaOptions = System.getProperty("bench.api-java-options");
            if (apiJavaOptions != null) {
                env = new HashMap<>(env);
                env.put("JAVA_TOOL_OPTIONS", apiJavaOptions);
            }

            if (parts.contains("cached")) {
                try (ApiProcess api = ApiProcess.start(root, Ports.free(), env, logs.resolve("api-cached.log"))) {
                    report.append(
                            cachedVersusBare(api, numbers.get(0), wrkDuration, "defaults: near cache 1 s, then Redis"));
                }
            }
            if (parts.contains("redis-only")) {
                Map<String, String> redisOnly = new HashMap<>(env);
                redisOnly.put("SHIPTRACK_CACHE_NEAR_FOR", "0s");
                try (ApiProcess api = ApiProcess.start(root, Ports.free(), redisOnly, logs.resolve("api-redis.log"))) {
                    report.append(cachedVersusBare(api, numbers.get(0), wrkDuration, "Redis only, near cache off"));
                }
            }
            Map<String, String> missEnv = new HashMap<>(env);
            missEnv.put("SHIPTRACK_CACHE_FRESH_FOR", "0s");
            missEnv.put("SHIPTRACK_CACHE_NEAR_FOR", "0s");
            if (parts.contains("miss")) {
                Map<String, String> direct = new HashMap<>(missEnv);
                direct.put("SHIPTRACK_TABLES_PRIMARY_ENDPOINT", azurite.tableEndpoint());
                try (ApiProcess api = ApiProcess.start(root, Ports.free(), direct, logs.resolve("api-miss.log"))) {
                    report.append(missVersusRawSdk(api, shipments, numbers, missRounds, wrkDuration, logs));
                }
            }
            if (parts.contains("failover")) {
                try (ApiProcess api = ApiProcess.start(root, Ports.free(), missEnv, logs.resolve("api-failover.log"))) {
                    report.append(failover(api, primaryProxy, numbers, outage, "503 Service Unavailable",
                            primaryProxy::fail503));
                    report.append(failover(api, primaryProxy, numbers, outage, "connections hang",
                            () -> primaryProxy.hang(FaultProxy.LONG_HANG)));
                }
            }
        }
        System.out.println(report);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
        // The SDK's and WireMock's non-daemon threads would keep exec:java waiting.
        System.exit(0);
    }

    private static List<String> seed(Azurite azurite, TableClient shipments) {
        ShipmentStore store = new ShipmentStore(shipments, directTable(azurite, TableKeys.MEMBER_SHIPMENTS),
                Duration.ofSeconds(10));
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS; i++) {
            String tn = String.format(NUMBER_FORMAT, i);
            store.put(tn, new ShipmentRequest("Rotterdam, NL", "Lyon, FR", Instant.parse("2026-12-01T12:00:00Z"),
                    "bench-member-" + (i % 50), "acme"), CarrierScope.carrier("acme"), Instant.now());
            numbers.add(tn);
        }
        return numbers;
    }

    private static String cachedVersusBare(ApiProcess api, String tn, Duration duration, String setup)
            throws Exception {
        String cachedUrl = api.baseUrl() + "/api/v1/shipments/" + tn;
        String bareUrl = api.baseUrl() + "/bench/constant";
        HttpClient http = ApiProcess.HTTP;
        HttpResponse<String> cached = http.send(HttpRequest.newBuilder(URI.create(cachedUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        cached = http.send(HttpRequest.newBuilder(URI.create(cachedUrl)).build(), HttpResponse.BodyHandlers.ofString());
        String source = cached.headers().firstValue("X-Read-Source").orElse("?");
        // What a polling app sends once it holds the shipment: answered 304 from the held copy, without a body.
        String tag = cached.headers().firstValue("ETag").orElseThrow();
        String ifNoneMatch = "If-None-Match: " + tag;
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(bareUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        StringBuilder md = new StringBuilder(
                "### Cached `GET /shipments/{tn}` beside a bare constant endpoint (" + setup
                        + ")\n\n");
        md.append("Body sizes: cached read ").append(cached.body().length()).append(" bytes (X-Read-Source: ")
                .append(source).append("), bare endpoint ").append(bare.body().length())
                .append(" bytes. wrk, 2 threads, ")
                .append(duration.toSeconds()).append(" s per run, after a 5 s warm-up of each.\n\n");
        md.append("| connections | endpoint | requests/s | p50 | p99 |\n|---|---|---|---|---|\n");
        wrk(bareUrl, 16, Duration.ofSeconds(5));
        wrk(cachedUrl, 16, Duration.ofSeconds(5));
        wrk(cachedUrl, 16, Duration.ofSeconds(5), null, ifNoneMatch);
        for (int connections : new int[]{16, 64}) {
            Wrk bareRun = wrk(bareUrl, connections, duration);
            Wrk cachedRun = wrk(cachedUrl, connections, duration);
            Wrk pollRun = wrk(cachedUrl, connections, duration, null, ifNoneMatch);
            md.append(row(connections, "bare constant", bareRun));
            md.append(row(connections, "cached read", cachedRun));
            md.append(row(connections, "unchanged poll (If-None-Match, 304)", pollRun));
            md.append(String.format("| %d | **cached / bare** | **%.0f%%** | | **%.2fx** |%n", connections,
                    100 * cachedRun.rps / bareRun.rps, cachedRun.p99Millis / bareRun.p99Millis));
            md.append(String.format("| %d | **304 poll / bare** | **%.0f%%** | | **%.2fx** |%n", connections,
                    100 * pollRun.rps / bareRun.rps, pollRun.p99Millis / bareRun.p99Millis));
        }
        return md.append("\n").toString();
    }

    private static String row(int connections, String name, Wrk run) {
        return String.format("| %d | %s | %.0f | %.2f ms | %.2f ms |%n", connections, name, run.rps, run.p50Millis,
                run.p99Millis);
    }

    private static String missVersusRawSdk(ApiProcess api, TableClient shipments, List<String> numbers, int rounds,
            Duration roundDuration, Path logs) throws Exception {
        // wrk, one connection, walks the seeded tracking numbers in turn: every read misses the cache.
        Path script = logs.resolve("miss.lua");
        Files.writeString(script, """
                counter = 0
                request = function()
                  counter = counter + 1
                  return wrk.format("GET", string.format("/api/v1/shipments/%s", counter %% %d))
                end
                """.formatted(NUMBER_FORMAT, numbers.size()));
        String source = ApiProcess.HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                + "/api/v1/shipments/" + numbers.get(0))).build(), HttpResponse.BodyHandlers.discarding()).headers()
                .firstValue("X-Read-Source").orElse("?");
        // Warm both paths (JIT, connections) before measuring. The API's path is longer and runs a quarter as often,
        // so its JIT needs longer: its figures settle after some 20,000 reads.
        wrk(api.baseUrl(), 1, Duration.ofSeconds(40), script);
        rawLoop(shipments, numbers, Duration.ofSeconds(10), 0);
        StringBuilder md = new StringBuilder("### Cache-miss reads beside a raw Tables SDK `getEntity` loop\n\n");
        md.append("The API runs with `SHIPTRACK_CACHE_FRESH_FOR=0s` and `SHIPTRACK_CACHE_NEAR_FOR=0s`, so every ")
                .append("read looks in Redis, misses (X-Read-Source: ").append(source)
                .append("), and reads the primary, which is Azurite itself (no proxy). wrk sends the reads, one ")
                .append("connection, walking the ").append(numbers.size())
                .append(" seeded tracking numbers; the raw loop calls `TableClient.getEntityWithResponse` on the ")
                .append("same Azurite, one call at a time, with the same HTTP client library (azure-core-http-vertx). ")
                .append("The raw loop runs twice: back to back, and with ").append(PACED_IDLE.toMillis())
                .append(" ms idle between calls, as the table reads of the API are. The API and the raw loops take ")
                .append("turns, ").append(rounds).append(" rounds of ").append(roundDuration.toSeconds())
                .append(" s each, after a warm-up of 40 s (API) and 10 s (raw loop); figures are the rounds' ")
                .append("averages.\n\n");
        double[] viaApi = new double[3];
        double[] raw = new double[3];
        double[] paced = new double[3];
        double server = 0;
        List<String> perRound = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double[] before = serverTime(api);
            Wrk apiRun = wrk(api.baseUrl(), 1, roundDuration, script);
            double[] after = serverTime(api);
            server += 1000 * (after[1] - before[1]) / (after[0] - before[0]);
            Stats rawRun = rawLoop(shipments, numbers, roundDuration, 0);
            Stats pacedRun = rawLoop(shipments, numbers, roundDuration, PACED_IDLE.toNanos());
            add(viaApi, apiRun.meanMillis, apiRun.p50Millis, apiRun.p99Millis);
            add(raw, rawRun.mean, rawRun.p50, rawRun.p99);
            add(paced, pacedRun.mean, pacedRun.p50, pacedRun.p99);
            perRound.add(String.format("%.2fx", apiRun.meanMillis / rawRun.mean));
        }
        md.append("| path | mean | p50 | p99 |\n|---|---|---|---|\n");
        md.append(statsRow("API cache miss (wrk: HTTP, Redis lookup, table read, JSON, Redis store)", viaApi, rounds));
        md.append(String.format("| API cache miss, server side only (Micrometer) | %.2f ms | | |%n", server / rounds));
        md.append(statsRow("raw SDK getEntity, back to back", raw, rounds));
        md.append(statsRow("raw SDK getEntity, " + PACED_IDLE.toMillis() + " ms idle between calls", paced, rounds));
        md.append(String.format("| **API / raw back to back** | **%.2fx** | **%.2fx** | %.2fx |%n", viaApi[0] / raw[0],
                viaApi[1] / raw[1], viaApi[2] / raw[2]));
        md.append(String.format("| API / raw with idle | %.2fx | %.2fx | %.2fx |%n%n", viaApi[0] / paced[0],
                viaApi[1] / paced[1], viaApi[2] / paced[2]));
        md.append("API / raw back to back (mean), round by round: ").append(String.join(", ", perRound))
                .append(".\n\n");
        return md.toString();
    }

    /** The API's count and total seconds of answered shipment reads so far, from its Prometheus metrics. */
    private static double[] serverTime(ApiProcess api) throws IOException, InterruptedException {
        String metrics = ApiProcess.HTTP.send(HttpRequest.newBuilder(URI.create(api.managementUrl()
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String series = "\\{[^}]*status=\"200\",uri=\"/api/v1/shipments/\\{trackingNumber}\"}";
        return new double[]{number(metrics, "http_server_requests_seconds_count" + series + " ([\\d.E+-]+)"),
                number(metrics, "http_server_requests_seconds_sum" + series + " ([\\d.E+-]+)")};
    }

    private static void add(double[] sums, double mean, double p50, double p99) {
        sums[0] += mean;
        sums[1] += p50;
        sums[2] += p99;
    }

    private static String statsRow(String name, double[] sums, int rounds) {
        return String.format("| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, sums[0] / rounds, sums[1] / rounds,
                sums[2] / rounds);
    }

    /**
     * Calls getEntity one at a time for {@code duration}, idle for {@code idleNanos} between calls (0: back to back),
     * and returns the calls' latencies.
     */
    private static Stats rawLoop(TableClient shipments, List<String> numbers, Duration duration, long idleNanos) {
        long[] nanos = new long[1 << 16];
        int count = 0;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (idleNanos > 0) {
                LockSupport.parkNanos(idleNanos);
            }
            String tn = numbers.get(count % numbers.size());
            long start = System.nanoTime();
            shipments.getEntityWithResponse(tn, TableKeys.SUMMARY_ROW, null, Duration.ofSeconds(5), Context.NONE);
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = System.nanoTime() - start;
        }
        return Stats.of(Arrays.copyOf(nanos, count));
    }

    private record Sample(long atNanos, int status, String source) {
    }

    private static String failover(ApiProcess api, FaultProxy proxy, List<String> numbers, Duration outage,
            String faultName, Runnable fault) throws Exception {
        int clients = 4;
        Duration before = Duration.ofSeconds(5);
        Duration after = Duration.ofSeconds(10);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long begin = System.nanoTime();
        long end = begin + before.plus(outage).plus(after).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int offset = c;
            pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                int i = offset;
                while (System.nanoTime() < end) {
                    String tn = numbers.get(i++ % numbers.size());
                    int status;
                    String source;
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                                + "/api/v1/shipments/" + tn)).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        status = response.statusCode();
                        source = response.headers().firstValue("X-Read-Source").orElse("-");
                    } catch (IOException e) {
                        status = -1;
                        source = "-";
                    } catch (InterruptedException e) {
                        return;
                    }
                    samples.add(new Sample(System.nanoTime(), status, source));
                }
            });
        }
        sleepUntil(begin + before.toNanos());
        long outageStart = System.nanoTime();
        fault.run();
        sleepUntil(outageStart + outage.toNanos());
        long outageEnd = System.nanoTime();
        proxy.heal();
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);

        List<Sample> during = samples.stream().filter(s -> s.atNanos >= outageStart && s.atNanos < outageEnd).toList();
        long answered = during.stream().filter(s -> s.status == 200).count();
        long firstSecondary = samples.stream().filter(s -> s.atNanos >= outageStart && "secondary".equals(s.source))
                .mapToLong(Sample::atNanos).min().orElse(-1);
        long backOnPrimary = samples.stream().filter(s -> s.atNanos >= outageEnd && "primary".equals(s.source))
                .mapToLong(Sample::atNanos).min().orElse(-1);
        long all = samples.size();
        long allAnswered = samples.stream().filter(s -> s.status == 200).count();
        StringBuilder md = new StringBuilder("### Failover: a " + outage.toSeconds() + "-second primary outage ("
                + faultName + ") under steady reads\n\n");
        md.append(clients).append(" client threads read the ").append(numbers.size()).append(
                " seeded (already replicated) shipments in a loop, with the cache bypassed (`SHIPTRACK_CACHE_FRESH_FOR=0s`) ")
                .append("so every read goes to storage; the proxy in front of the primary fails for ")
                .append(outage.toSeconds()).append(" s after ").append(before.toSeconds()).append(" s.\n\n");
        md.append("| measure | value |\n|---|---|\n");
        md.append(String.format("| reads during the outage answered 200 | %d of %d (%.2f%%) |%n", answered,
                during.size(), during.isEmpty() ? 0 : 100.0 * answered / during.size()));
        md.append(String.format("| reads over the whole run answered 200 | %d of %d |%n", allAnswered, all));
        md.append(String.format("| outage start to first answer from the secondary | %s |%n",
                firstSecondary < 0 ? "never" : String.format("%.0f ms", (firstSecondary - outageStart) / 1e6)));
        md.append(String.format("| outage end to first answer from the primary again | %s |%n",
                backOnPrimary < 0 ? "never" : String.format("%.0f ms", (backOnPrimary - outageEnd) / 1e6)));
        return md.append("\n").toString();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static TableClient directTable(Azurite azurite, String table) {
        return azurite.tableService().getTableClient(table);
    }

    private record Wrk(double rps, double meanMillis, double p50Millis, double p99Millis) {
    }

    private static Wrk wrk(String url, int connections, Duration duration) throws IOException, InterruptedException {
        return wrk(url, connections, duration, null);
    }

    /**
     * Runs wrk (two threads, or one for a single connection), with a Lua script that picks each request if given, and
     * the request headers given ({@code Name: value}).
     */
    private static Wrk wrk(String url, int connections, Duration duration, Path script, String... headers)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        for (String header : headers) {
            command.addAll(List.of("-H", header));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw errors against " + url + ":\n" + out);
        }
        return new Wrk(number(out, "Requests/sec:\\s+([\\d.]+)"), millis(out, "Latency"), millis(out, "50%"),
                millis(out, "99%"));
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** The first figure after {@code label} ("Latency" for the mean, or a percentile such as "99%"), in ms. */
    private static double millis(String text, String label) {
        Matcher m = Pattern.compile("\\s" + label + "\\s+([\\d.]+)(us|ms|s)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " in wrk output:\n" + text);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private record Stats(double mean, double p50, double p99) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
            return new Stats(mean, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }
}
