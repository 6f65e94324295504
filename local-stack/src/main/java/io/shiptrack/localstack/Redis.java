package io.shiptrack.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real redis-server on a loopback port: the Linux binary shipped in {@code embedded-redis}, or Debian's
 * {@code redis-server} on other architectures. It can be killed and started again on the same port.
 */
public final class Redis implements AutoCloseable {

    private static final String BUNDLED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final Path workDir;
    private final String password;
    private Process process;

    private Redis(int port, Path workDir, String password) {
        this.port = port;
        this.workDir = workDir;
        this.password = password;
    }

    public static Redis start() {
        return start(Ports.free());
    }

    public static Redis start(int port) {
        return start(port, null);
    }

    /** A server that requires {@code password} (AUTH), as Azure Cache for Redis does. */
    public static Redis startWithPassword(String password) {
        return start(Ports.free(), password);
    }

    private static Redis start(int port, String password) {
        try {
            Path target = RepoRoot.find().resolve("target");
            Files.createDirectories(target);
            Redis redis = new Redis(port, Files.createTempDirectory(target, "redis-"), password);
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The URI the Quarkus Redis client takes in {@code quarkus.redis.hosts}; the password percent-encoded. */
    public String uri() {
        String auth = password == null
                ? ""
                : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20") + "@";
        return "redis://" + auth + "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once, as a crash would; its data is lost. */
    public synchronized void kill() {
        if (process != null) {
            ChildProcess.kill(process);
            process = null;
            Ports.awaitClosed(port, Duration.ofSeconds(10), "redis-server");
        }
    }

    /** Starts the server again on the same port, empty. */
    public synchronized void restart() {
        kill();
        startProcess();
    }

    @Override
    public synchronized void close() {
        kill();
    }

    private synchronized void startProcess() {
        Path binary = binary(workDir);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        process = ChildProcess.start(command, workDir, workDir.resolve("redis.log"), Map.of());
        Ports.awaitOpen(port, process, Duration.ofSeconds(30), "redis-server");
    }

    private static Path binary(Path workDir) {
        String arch = System.getProperty("os.arch");
        boolean bundled = System.getProperty("os.name").toLowerCase().contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"));
        if (!bundled) {
            return Path.of("redis-server");
        }
        Path binary = workDir.resolve("redis-server");
        if (!Files.exists(binary)) {
            try (InputStream in = Redis.class.getResourceAsStream("/" + BUNDLED_BINARY)) {
                if (in == null) {
                    throw new IllegalStateException(BUNDLED_BINARY + " is not on the classpath (embedded-redis)");
                }
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!binary.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + binary + " executable");
            }
        }
        return binary;
    }
}
