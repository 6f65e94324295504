package io.shiptrack.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged API ({@code api/target/quarkus-app}) run as a separate JVM, as it runs in a container. */
public final class ApiProcess implements AutoCloseable {

    /**
     * The client every local tool talks to an API with: HTTP/1.1, since the JDK client's default h2c upgrade can
     * stall against the Vert.x server on a large answer (seen fetching metrics and the OpenAPI document).
     */
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final int port;
    private final int managementPort;

    private ApiProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the API on {@code port} with {@code env} on top of the dev profile, and waits until it is ready. Its
     * management interface (metrics, OpenAPI) listens on {@code QUARKUS_MANAGEMENT_PORT} from {@code env}, or on a
     * free port.
     */
    public static ApiProcess start(Path root, int port, Map<String, String> env, Path log) {
        Map<String, String> all = new HashMap<>();
        all.put("QUARKUS_PROFILE", "dev");
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // As in prod: metrics and OpenAPI on the management interface. Resolved under the dev profile at run time,
        // the prod-only setting would leave the interface off, and nothing would serve /q/metrics at all.
        all.put("QUARKUS_MANAGEMENT_ENABLED", "true");
        all.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(Ports.free()));
        all.put("SHIPTRACK_DEV_JWT_PUBLIC_KEY", root.resolve(".local/dev-jwt/public.pem").toString());
        all.putAll(env);
        Path jar = root.resolve("api/target/quarkus-app/quarkus-run.jar");
        Process process = ChildProcess.start(List.of(javaBin(), "-jar", jar.toString()), root.resolve("api"), log,
                all);
        ApiProcess api = new ApiProcess(process, port, Integer.parseInt(all.get("QUARKUS_MANAGEMENT_PORT")));
        try {
            api.awaitReady(Duration.ofSeconds(90), log);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: {@code /q/metrics} and {@code /q/openapi} are served here, not on the public port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcess.kill(process);
    }

    private void awaitReady(Duration timeout, Path log) {
        HttpClient http = HTTP;
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the API exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the API was not ready within " + timeout + "; see " + log);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
