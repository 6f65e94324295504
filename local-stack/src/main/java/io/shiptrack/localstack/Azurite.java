package io.shiptrack.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.queue.QueueServiceClientBuilder;

import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobQueues;

/** The Azurite storage emulator (npm, pinned in package.json), on loopback ports, data in memory. */
public final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account; its key is public and works nowhere but the emulator. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /** The jobs queue the API posts to and the worker reads. */
    public static final String JOBS_QUEUE = "jobs";

    private final Process process;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort) {
        this.process = process;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
    }

    /** Starts Azurite on free ports. */
    public static Azurite start() {
        return start(Ports.free(), Ports.free(), Ports.free());
    }

    /** Starts Azurite on the given ports and waits until the table and queue services listen. */
    public static Azurite start(int blobPort, int queuePort, int tablePort) {
        Path root = RepoRoot.find();
        Path executable = install();
        Path workDir = workDir(root);
        Process process = ChildProcess.start(List.of("node", executable.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(blobPort),
                "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(queuePort),
                "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(tablePort),
                "--skipApiVersionCheck", "--disableTelemetry", "--inMemoryPersistence", "--loose"),
                workDir, workDir.resolve("azurite.log"), Map.of());
        Azurite azurite = new Azurite(process, blobPort, queuePort, tablePort);
        try {
            Ports.awaitOpen(tablePort, process, Duration.ofSeconds(60), "Azurite table service");
            Ports.awaitOpen(queuePort, process, Duration.ofSeconds(60), "Azurite queue service");
        } catch (RuntimeException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    /**
     * Installs Azurite from the repository's package-lock.json ({@code npm ci}) unless it is there, and returns its
     * entry point. Callers may run it ahead of {@link #start}, which then waits for the install under way.
     */
    public static synchronized Path install() {
        Path root = RepoRoot.find();
        Path executable = root.resolve("node_modules/azurite/dist/src/azurite.js");
        if (!Files.exists(executable)) {
            NodeTools.install(root);
        }
        return executable;
    }

    public int tablePort() {
        return tablePort;
    }

    public int queuePort() {
        return queuePort;
    }

    /** The primary table endpoint, path-style as Azurite serves it. */
    public String tableEndpoint() {
        return "http://127.0.0.1:" + tablePort + "/" + ACCOUNT;
    }

    /** The secondary table endpoint: Azurite serves the same data under the account name plus -secondary. */
    public String tableSecondaryEndpoint() {
        return "http://127.0.0.1:" + tablePort + "/" + ACCOUNT + "-secondary";
    }

    public String queueEndpoint() {
        return "http://127.0.0.1:" + queuePort + "/" + ACCOUNT;
    }

    /** A connection string for the emulator's development account. */
    public String connectionString() {
        return connectionString(tableEndpoint());
    }

    /** {@link #connectionString()} with its tables reached at {@code tableEndpoint} (a proxy in front of them). */
    public String connectionString(String tableEndpoint) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT
                + ";QueueEndpoint=" + queueEndpoint()
                + ";TableEndpoint=" + tableEndpoint + ";";
    }

    /** Creates Shiptrack's tables and the jobs queue with its poison queue, as Bicep does in Azure. */
    public void createShiptrackStorage() {
        createShiptrackStorage(List.of());
    }

    /**
     * Creates the tables, the shared jobs queue and, for each of {@code regions}, the region's own queue for
     * region-bound jobs ({@link JobQueues#forRegion}), each with its poison queue, as Bicep does in Azure.
     */
    public void createShiptrackStorage(List<String> regions) {
        createShiptrackStorage(connectionString(), regions);
    }

    /** {@link #createShiptrackStorage(List)} on the Azurite that {@code connectionString} names (any process's). */
    public static void createShiptrackStorage(String connectionString, List<String> regions) {
        var tables = new TableServiceClientBuilder().connectionString(connectionString).buildClient();
        TableKeys.ALL_TABLES.forEach(tables::createTableIfNotExists);
        var queues = new QueueServiceClientBuilder().connectionString(connectionString).buildClient();
        List<String> names = new java.util.ArrayList<>(List.of(JOBS_QUEUE));
        regions.forEach(region -> names.add(JobQueues.forRegion(JOBS_QUEUE, region)));
        for (String name : names) {
            queues.getQueueClient(name).createIfNotExists();
            queues.getQueueClient(name + "-poison").createIfNotExists();
        }
    }

    /** The value of {@code key} (e.g. {@code TableEndpoint}) in {@code connectionString}. */
    public static String endpoint(String connectionString, String key) {
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1).trim();
            }
        }
        throw new IllegalArgumentException("the connection string names no " + key);
    }

    /** The table service straight on this Azurite, past any proxy: for setting up and checking stored state. */
    public TableServiceClient tableService() {
        return new TableServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcess.kill(process);
    }

    private static Path workDir(Path root) {
        try {
            Path parent = root.resolve("target");
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "azurite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
