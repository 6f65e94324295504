package io.shiptrack.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
    private final Path adminSocket;
    private final int port;
    private final int statsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HaProxy(Process process, Path adminSocket, int port, int statsPort) {
        this.process = process;
        this.adminSocket = adminSocket;
        this.port = port;
        this.statsPort = statsPort;
    }

    /**
     * Starts HAProxy on {@code port} with {@code primaryPort} as the active origin and {@code backupPort} as backup;
     * without {@code connectionRetry} the template's lines marked {@code # stretch} are left out.
     */
    public static HaProxy start(Path root, int port, int primaryPort, int backupPort, Path workDir,
            boolean connectionRetry) {
        int statsPort = Ports.free();
        try {
            String config = Files.readString(root.resolve(TEMPLATE)).replace("@FRONT_PORT@", String.valueOf(port))
                    .replace("@EAST_PORT@", String.valueOf(primaryPort))
                    .replace("@WEST_PORT@", String.valueOf(backupPort))
                    .replace("@STATS_PORT@", String.valueOf(statsPort));
            Files.createDirectories(workDir);
            Path adminSocket = workDir.resolve("haproxy-admin.sock");
            Files.deleteIfExists(adminSocket);
            config = config.replace("@ADMIN_SOCKET@", adminSocket.toString());
            if (!connectionRetry) {
                config = config.lines().map(line -> line.endsWith("# stretch") ? "#" + line : line)
                        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
            }
            Files.createDirectories(workDir);
            Path file = workDir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Process process = ChildProcess.start(List.of(binary(), "-db", "-f", file.toString()), workDir,
                    workDir.resolve("haproxy.log"), Map.of());
            HaProxy haProxy = new HaProxy(process, adminSocket, port, statsPort);
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

    /**
     * Takes {@code server} out of rotation ({@code maint}) or puts it back ({@code ready}) through the runtime API,
     * as an operator disables and enables a Front Door origin.
     */
    public void setServerState(String server, String state) {
        String answer = adminCommand("set server api/" + server + " state " + state);
        if (!answer.isBlank()) {
            throw new IllegalStateException("haproxy: " + answer.trim());
        }
    }

    /** Sends one command to HAProxy's runtime API (a Unix socket) and returns its answer. */
    public String adminCommand(String command) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(adminSocket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy runtime API at " + adminSocket, e);
        }
    }

    /** Waits until HAProxy's health checks count every one of {@code servers} as UP. */
    public void awaitUp(Duration timeout, String... servers) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> states = serverStates();
            if (java.util.Arrays.stream(servers).allMatch(server -> "UP".equals(states.get(server)))) {
                return;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("HAProxy origins not UP within " + timeout + ": " + states);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        ChildProcess.kill(process);
    }
}
