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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;

import io.shiptrack.localstack.ApiProcess;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.LocalSystem;
import io.shiptrack.localstack.Ports;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.RepoRoot;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStore;
import io.shiptrack.model.TableKeys;

/**
 * The read-path benchmark of issue 2, against the packaged API in JVM mode on this machine: cached reads beside a
 * bare constant endpoint (wrk), cache-miss reads beside a raw Tables SDK loop, and a 30-second primary outage
 * under steady reads. Prints Markdown that {@code scripts/bench-reads.sh} puts into docs/benchmarks.md.
 */
public final class ReadBenchmark {

    private static final int SHIPMENTS = 1000;

    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration wrkDuration = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.wrk-seconds", "15")));
        Duration outage = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.outage-seconds", "30")));
        int missRequests = Integer.parseInt(System.getProperty("bench.miss-requests", "3000"));
        String parts = System.getProperty("bench.parts", "cached,miss,failover");
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

            int port = Ports.free();
            if (parts.contains("cached")) {
                try (ApiProcess api = ApiProcess.start(root, port, env, logs.resolve("api-cached.log"))) {
                    report.append(
                            cachedVersusBare(api, numbers.get(0), wrkDuration, "defaults: near cache 1 s, then Redis"));
                }
            }
            if (parts.contains("cached")) {
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
                    report.append(missVersusRawSdk(api, shipments, numbers, missRequests));
                }
            }
            try (ApiProcess api = ApiProcess.start(root, Ports.free(), missEnv, logs.resolve("api-failover.log"))) {
                if (parts.contains("failover")) {
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
            String tn = String.format("BENCH%010d", i);
            store.put(tn, new ShipmentRequest("Rotterdam, NL", "Lyon, FR", Instant.parse("2026-12-01T12:00:00Z"),
                    "bench-member-" + (i % 50), "acme"), Instant.now());
            numbers.add(tn);
        }
        return numbers;
    }

    private static String cachedVersusBare(ApiProcess api, String tn, Duration duration, String setup)
            throws Exception {
        String cachedUrl = api.baseUrl() + "/api/v1/shipments/" + tn;
        String bareUrl = api.baseUrl() + "/bench/constant";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> cached = http.send(HttpRequest.newBuilder(URI.create(cachedUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        cached = http.send(HttpRequest.newBuilder(URI.create(cachedUrl)).build(), HttpResponse.BodyHandlers.ofString());
        String source = cached.headers().firstValue("X-Read-Source").orElse("?");
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
        for (int connections : new int[]{16, 64}) {
            Wrk bareRun = wrk(bareUrl, connections, duration);
            Wrk cachedRun = wrk(cachedUrl, connections, duration);
            md.append(row(connections, "bare constant", bareRun));
            md.append(row(connections, "cached read", cachedRun));
            md.append(String.format("| %d | **cached / bare** | **%.0f%%** | | **%.2fx** |%n", connections,
                    100 * cachedRun.rps / bareRun.rps, cachedRun.p99Millis / bareRun.p99Millis));
        }
        return md.append("\n").toString();
    }

    private static String row(int connections, String name, Wrk run) {
        return String.format("| %d | %s | %.0f | %.2f ms | %.2f ms |%n", connections, name, run.rps, run.p50Millis,
                run.p99Millis);
    }

    private static String missVersusRawSdk(ApiProcess api, TableClient shipments, List<String> numbers, int requests)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Warm both paths (JIT, connections) before measuring.
        for (int i = 0; i < 300; i++) {
            String tn = numbers.get(i % numbers.size());
            http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/shipments/" + tn)).build(),
                    HttpResponse.BodyHandlers.ofString());
            shipments.getEntityWithResponse(tn, TableKeys.SUMMARY_ROW, null, Duration.ofSeconds(5), Context.NONE);
        }
        long[] apiNanos = new long[requests];
        long[] rawNanos = new long[requests];
        String sources = "";
        for (int i = 0; i < requests; i++) {
            String tn = numbers.get(i % numbers.size());
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                    + "/api/v1/shipments/" + tn)).build(), HttpResponse.BodyHandlers.ofString());
            apiNanos[i] = System.nanoTime() - start;
            if (i == 0) {
                sources = response.headers().firstValue("X-Read-Source").orElse("?");
            }
            start = System.nanoTime();
            shipments.getEntityWithResponse(tn, TableKeys.SUMMARY_ROW, null, Duration.ofSeconds(5), Context.NONE);
            rawNanos[i] = System.nanoTime() - start;
        }
        Stats apiStats = Stats.of(apiNanos);
        Stats rawStats = Stats.of(rawNanos);
        StringBuilder md = new StringBuilder("### Cache-miss reads beside a raw Tables SDK `getEntity` loop\n\n");
        md.append("The API runs with `SHIPTRACK_CACHE_FRESH_FOR=0s`, so every read misses the cache (first answer's ")
                .append("X-Read-Source: ").append(sources).append(") and reads the primary through the proxy; ")
                .append("the primary is Azurite itself, no proxy; the raw loop calls `TableClient.getEntityWithResponse` on Azurite directly, interleaved ")
                .append("request by request, ").append(requests).append(" each, one at a time.\n\n");
        md.append("| path | mean | p50 | p99 |\n|---|---|---|---|\n");
        md.append(String.format(
                "| API cache miss (HTTP + Redis lookup + table read + JSON) | %.2f ms | %.2f ms | %.2f ms |%n",
                apiStats.mean, apiStats.p50, apiStats.p99));
        md.append(String.format("| raw SDK getEntity | %.2f ms | %.2f ms | %.2f ms |%n", rawStats.mean, rawStats.p50,
                rawStats.p99));
        md.append(String.format("| **API / raw** | **%.2fx** | **%.2fx** | **%.2fx** |%n%n",
                apiStats.mean / rawStats.mean,
                apiStats.p50 / rawStats.p50, apiStats.p99 / rawStats.p99));
        return md.toString();
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
        return new TableServiceClientBuilder().endpoint(azurite.tableEndpoint())
                .credential(new AzureNamedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY)).buildClient()
                .getTableClient(table);
    }

    private record Wrk(double rps, double p50Millis, double p99Millis) {
    }

    private static Wrk wrk(String url, int connections, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency", url).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw errors against " + url + ":\n" + out);
        }
        return new Wrk(number(out, "Requests/sec:\\s+([\\d.]+)"), millis(out, "50%"), millis(out, "99%"));
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double millis(String text, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " in wrk output:\n" + text);
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
