package io.shiptrack.localstack;

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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The whole local system on this machine, no Docker: Azurite, Redis, the packaged API (dev profile) with demo
 * shipments, and the worker's local Functions host when it is built. Its secondary table endpoint is a
 * {@link LaggingSecondary}, {@link #DEFAULT_SECONDARY_LAG} behind ({@code SHIPTRACK_SECONDARY_LAG}: {@code 0s},
 * {@code 30s}, or {@code same} for Azurite's own {@code -secondary} account, never behind). Started by
 * {@code dev/start-local.sh}; Ctrl-C stops everything it started.
 */
public final class LocalSystem {

    private static final String QUEUE = Azurite.JOBS_QUEUE;
    /** Long enough to see a read from the secondary miss a fresh write, short enough to wait for. */
    public static final Duration DEFAULT_SECONDARY_LAG = Duration.ofSeconds(5);

    private LocalSystem() {
    }

    public static void main(String[] args) throws Exception {
        Path root = RepoRoot.find();
        int apiPort = intEnv("SHIPTRACK_API_PORT", 8080);
        int managementPort = intEnv("SHIPTRACK_API_MANAGEMENT_PORT", 9000);
        int redisPort = intEnv("SHIPTRACK_REDIS_PORT", 6379);
        int tablePort = intEnv("SHIPTRACK_AZURITE_TABLE_PORT", 10002);
        for (int port : new int[]{apiPort, managementPort, redisPort, tablePort, tablePort - 1, tablePort - 2}) {
            if (Ports.isOpen(port)) {
                throw new IllegalStateException("port " + port + " is taken; stop what uses it or set the "
                        + "SHIPTRACK_*_PORT variables (see README)");
            }
        }
        Path logs = root.resolve("target/local");
        Files.createDirectories(logs);

        System.out.println("Starting Azurite and Redis ...");
        Azurite azurite = Azurite.start(tablePort - 2, tablePort - 1, tablePort);
        Redis redis = Redis.start(redisPort);
        azurite.createShiptrackStorage(List.of("local"));
        Optional<Duration> lag = secondaryLag();
        LaggingSecondary secondary = lag.map(l -> {
            System.out.println("Starting the lagging secondary (" + LaggingSecondary.format(l) + " behind) ...");
            return LaggingSecondary.start(azurite.connectionString(), l);
        }).orElse(null);

        String token = mintToken(root, "demo-carrier", "carrier");
        Map<String, String> env = new HashMap<>();
        env.put("SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString());
        env.put("SHIPTRACK_TABLES_SECONDARY_ENDPOINT", secondary == null
                ? azurite.tableSecondaryEndpoint()
                : secondary.endpoint());
        env.put("SHIPTRACK_QUEUE_ENDPOINT", azurite.queueEndpoint());
        env.put("SHIPTRACK_QUEUE_NAME", QUEUE);
        env.put("QUARKUS_REDIS_HOSTS", redis.uri());
        env.put("SHIPTRACK_REDIS_HOSTS", redis.uri());
        env.put("JobsQueue", azurite.connectionString());
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));

        System.out.println("Starting the API on http://127.0.0.1:" + apiPort + " ...");
        ApiProcess api = ApiProcess.start(root, apiPort, env, logs.resolve("api.log"));

        Path workerHost = root.resolve("worker/run-local-host.sh");
        if (Files.exists(workerHost)) {
            System.out.println("Starting the worker's local Functions host ...");
            ChildProcess.start(List.of("bash", workerHost.toString()), root, logs.resolve("worker.log"), env);
        }

        List<String> demo = DemoData.load(apiPort, token);
        String base = "http://127.0.0.1:" + apiPort;
        System.out.println();
        System.out.println("Shiptrack is running (logs in target/local/). Try:");
        System.out.println("  curl -i " + base + "/api/v1/shipments/" + demo.get(0));
        System.out.println("  curl -i " + base + "/api/v1/shipments/" + demo.get(0) + "/events");
        System.out.println("  TOKEN=$(dev/mint-token.sh --sub demo-member-1 --roles member)");
        System.out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/v1/me/shipments");
        System.out.println("  Health " + base + "/q/health/ready  Metrics " + api.managementUrl()
                + "/q/metrics  OpenAPI " + api.managementUrl() + "/q/openapi");
        System.out.println("  Azurite tables " + azurite.tableEndpoint() + "  Redis " + redis.uri());
        System.out.println("  Secondary tables " + (secondary == null
                ? azurite.tableSecondaryEndpoint() + " (the primary's own storage, never behind)"
                : secondary.endpoint() + " (" + secondary.describe() + "; SHIPTRACK_SECONDARY_LAG sets it)"));
        System.out.println("Ctrl-C stops everything.");
        new CountDownLatch(1).await();
    }

    /** Runs the documented token command, so the README's way of minting is what the demo uses too. */
    public static String mintToken(Path root, String subject, String roles) throws IOException, InterruptedException {
        Process mint = new ProcessBuilder(ApiProcess.javaBin(), "dev/MintToken.java", "--sub", subject, "--roles",
                roles)
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (mint.waitFor() != 0 || token.isEmpty()) {
            throw new IllegalStateException("dev/MintToken.java failed");
        }
        return token;
    }

    /**
     * {@code SHIPTRACK_SECONDARY_LAG} ({@link LaggingSecondary#parseLag}), {@link #DEFAULT_SECONDARY_LAG} when unset;
     * empty for {@code same}.
     */
    static Optional<Duration> secondaryLag() {
        String value = System.getenv("SHIPTRACK_SECONDARY_LAG");
        return value == null || value.isBlank()
                ? Optional.of(DEFAULT_SECONDARY_LAG)
                : LaggingSecondary.parseLag(value);
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    /** Demo shipments, posted through the API as a carrier would. */
    static final class DemoData {

        private DemoData() {
        }

        static List<String> load(int port, String carrierToken) throws IOException, InterruptedException {
            return load("http://127.0.0.1:" + port, carrierToken);
        }

        static List<String> load(String apiUrl, String carrierToken) throws IOException, InterruptedException {
            HttpClient http = ApiProcess.HTTP;
            String base = apiUrl + "/api/v1/shipments/";
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<String> numbers = new java.util.ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                String tn = String.format("DEMO%08d", i);
                numbers.add(tn);
                String member = "demo-member-" + (i % 3 + 1);
                Instant promised = now.minus(Duration.ofDays(3)).plus(Duration.ofHours(12L * i));
                send(http, carrierToken, "PUT", base + tn, "{\"origin\":\"Rotterdam, NL\",\"destination\":\"Lyon, FR\","
                        + "\"promisedBy\":\"" + promised + "\",\"memberId\":\"" + member + "\",\"carrier\":\"demo\"}");
                String[] steps = {"PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"};
                int count = i % 5;
                for (int s = 0; s < Math.min(count, steps.length); s++) {
                    Instant at = now.minus(Duration.ofDays(4)).plus(Duration.ofHours(18L * s + i));
                    send(http, carrierToken, "POST", base + tn + "/events", "{\"eventId\":\"demo-" + i + "-" + s
                            + "\",\"type\":\"" + steps[s] + "\",\"occurredAt\":\"" + at + "\",\"location\":\"Hub "
                            + s + "\"}");
                }
            }
            return numbers;
        }

        private static void send(HttpClient http, String token, String method, String url, String json)
                throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }
}
