package io.shiptrack.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy (Debian package {@code haproxy}) run in the foreground as the Front Door stand-in, from the template
 * {@code dev/haproxy/front-door.cfg}, which also holds the mapping of each setting to Front Door's.
 */
public final class HaProxy implements AutoCloseable {

    /** The template, relative to the repository root. */
    public static final String TEMPLATE = "dev/haproxy/front-door.cfg";

    private final Process process;
    private final int port;
    private final int statsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HaProxy(Process process, int port, int statsPort) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
    }

    /** Starts HAProxy on {@code port} with {@code primaryPort} as the active origin and {@code backupPort} as backup. */
    public static HaProxy start(Path root, int port, int primaryPort, int backupPort, Path workDir) {
        int statsPort = Ports.free();
        try {
            String config = Files.readString(root.resolve(TEMPLATE)).replace("@FRONT_PORT@", String.valueOf(port))
                    .replace("@EAST_PORT@", String.valueOf(primaryPort))
                    .replace("@WEST_PORT@", String.valueOf(backupPort))
                    .replace("@STATS_PORT@", String.valueOf(statsPort));
            Files.createDirectories(workDir);
            Path file = workDir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Process process = ChildProcess.start(List.of(binary(), "-db", "-f", file.toString()), workDir,
                    workDir.resolve("haproxy.log"), Map.of());
            HaProxy haProxy = new HaProxy(process, port, statsPort);
            Ports.awaitOpen(port, process, Duration.ofSeconds(20), "haproxy");
            return haProxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "haproxy";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String statsUrl() {
        return "http://127.0.0.1:" + statsPort + "/stats";
    }

    /** Each server's status as HAProxy sees it (UP, DOWN, "UP 1/3", ...), by server name. */
    public Map<String, String> serverStates() {
        Map<String, String> states = new HashMap<>();
        try {
            String csv = http.send(HttpRequest.newBuilder(URI.create(statsUrl() + ";csv")).timeout(
                    Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : csv.split("\n")) {
                String[] f = line.split(",", -1);
                if (f.length > 17 && f[0].equals("api") && !f[1].equals("BACKEND") && !f[1].equals("FRONTEND")) {
                    states.put(f[1], f[17]);
                }
            }
        } catch (IOException e) {
            states.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return states;
    }

    @Override
    public void close() {
        ChildProcess.kill(process);
    }
}
