package io.shiptrack.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Two regions on one machine, no Docker: {@code east} (primary) and {@code west} (standby), each with its own API
 * process, redis-server and worker host ({@code LocalFunctionsHost}); one Azurite as the shared storage account,
 * with a {@link FaultProxy} in front of its primary table endpoint and one {@link LaggingSecondary} as its read-only
 * secondary (both regions read the same one, as an RA-GRS account has one secondary); and {@link HaProxy} as the
 * Front Door stand-in, east active and west backup. Started by {@code dev/start-two-regions.sh}, and by the failover drill,
 * which switches the proxy and kills regions from its own JVM.
 */
public final class TwoRegionSystem implements AutoCloseable {

    public static final String EAST = "east";
    public static final String WEST = "west";

    private final Path root;
    private final Path logs;
    private final Azurite azurite;
    private final FaultProxy primaryTables;
    private LaggingSecondary secondary;
    private final Map<String, Region> regions = new LinkedHashMap<>();
    private final HaProxy haProxy;

    /**
     * Ports, the extra app settings (for both APIs and both workers) and the secondary's lag (empty: the secondary
     * endpoint is Azurite's own {@code -secondary} account, the primary's storage) of a two-region system.
     */
    public record Settings(int frontPort, int eastApiPort, int westApiPort, boolean connectionRetry,
            Map<String, String> extraEnv, Optional<Duration> secondaryLag) {

        /**
         * The ports of {@code dev/start-two-regions.sh}, overridable by environment variables (README), and the lag
         * of {@code SHIPTRACK_SECONDARY_LAG} ({@link LocalSystem#DEFAULT_SECONDARY_LAG} when unset).
         */
        public static Settings fromEnv() {
            return new Settings(intEnv("SHIPTRACK_FRONT_PORT", 8080), intEnv("SHIPTRACK_EAST_API_PORT", 8081),
                    intEnv("SHIPTRACK_WEST_API_PORT", 8082),
                    !"false".equals(System.getenv("SHIPTRACK_FRONT_DOOR_RETRY")), Map.of(),
                    LocalSystem.secondaryLag());
        }

        /** Free ports, for the drill. */
        public static Settings freePorts(boolean connectionRetry, Map<String, String> extraEnv,
                Optional<Duration> secondaryLag) {
            return new Settings(Ports.free(), Ports.free(), Ports.free(), connectionRetry, extraEnv, secondaryLag);
        }
    }

    private TwoRegionSystem(Path root, Path logs, Azurite azurite, FaultProxy primaryTables, HaProxy haProxy) {
        this.root = root;
        this.logs = logs;
        this.azurite = azurite;
        this.primaryTables = primaryTables;
        this.haProxy = haProxy;
    }

    /** Starts everything and waits until both APIs are ready. Needs the API packaged and the worker built. */
    public static TwoRegionSystem start(Settings settings) {
        Path root = RepoRoot.find();
        Path logs = root.resolve("target/two-regions");
        try {
            Files.createDirectories(logs);
            // Each run's logs alone: the drill counts the workers' "job ... succeeded" lines.
            for (String log : List.of("east-api.log", "east-worker.log", "west-api.log", "west-worker.log",
                    "haproxy.log")) {
                Files.deleteIfExists(logs.resolve(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int port : new int[]{settings.frontPort(), settings.eastApiPort(), settings.westApiPort()}) {
            if (Ports.isOpen(port)) {
                throw new IllegalStateException("port " + port + " is taken; stop what uses it or set the "
                        + "SHIPTRACK_*_PORT variables (see README)");
            }
        }
        Azurite azurite = Azurite.start();
        azurite.createShiptrackStorage(List.of(EAST, WEST));
        FaultProxy proxy = FaultProxy.start("http://127.0.0.1:" + azurite.tablePort());
        HaProxy haProxy = HaProxy.start(root, settings.frontPort(), settings.eastApiPort(), settings.westApiPort(),
                logs, settings.connectionRetry());
        TwoRegionSystem system = new TwoRegionSystem(root, logs, azurite, proxy, haProxy);
        try {
            // The replicator reads the primary through its fault proxy: an outage injected there stops replication
            // and the secondary's last sync time, as a primary region's outage does in Azure.
            String primaryThroughProxy = azurite.connectionString(proxy.baseUrl() + "/" + Azurite.ACCOUNT);
            system.secondary = settings.secondaryLag()
                    .map(lag -> LaggingSecondary.start(primaryThroughProxy, lag)).orElse(null);
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        Map<String, String> shared = new HashMap<>();
        shared.put("SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString());
        shared.put("SHIPTRACK_TABLES_PRIMARY_ENDPOINT", proxy.baseUrl() + "/" + Azurite.ACCOUNT);
        shared.put("SHIPTRACK_TABLES_SECONDARY_ENDPOINT", system.secondary == null
                ? azurite.tableSecondaryEndpoint()
                : system.secondary.endpoint());
        shared.put("SHIPTRACK_QUEUE_ENDPOINT", azurite.queueEndpoint());
        shared.put("SHIPTRACK_QUEUE_NAME", Azurite.JOBS_QUEUE);
        shared.put("JobsQueue", azurite.connectionString());
        shared.put("SHIPTRACK_REGIONS", EAST + "," + WEST);
        // The drill's one carrier submits imports all along, and through a region loss they wait: far more
        // unfinished jobs than the per-submitter limit (10) a real carrier is held to.
        shared.put("SHIPTRACK_JOBS_MAX_UNFINISHED_PER_SUBMITTER", "10000");
        shared.putAll(settings.extraEnv());
        system.regions.put(EAST, new Region(system, EAST, settings.eastApiPort(), Redis.start(), shared));
        system.regions.put(WEST, new Region(system, WEST, settings.westApiPort(), Redis.start(), shared));
        try {
            CompletableFuture.allOf(system.regions.values().stream()
                    .map(region -> CompletableFuture.runAsync(region::startProcesses))
                    .toArray(CompletableFuture[]::new)).join();
            haProxy.awaitUp(Duration.ofSeconds(30), EAST, WEST);
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        return system;
    }

    public Region region(String name) {
        Region region = regions.get(name);
        if (region == null) {
            throw new IllegalArgumentException("no region " + name + " (east or west)");
        }
        return region;
    }

    public Azurite azurite() {
        return azurite;
    }

    /** The fault proxy in front of the shared account's primary table endpoint (both regions use it). */
    public FaultProxy primaryTables() {
        return primaryTables;
    }

    public HaProxy frontDoor() {
        return haProxy;
    }

    /** The lagging secondary both regions read from; empty when the secondary is the primary's own storage. */
    public Optional<LaggingSecondary> secondary() {
        return Optional.ofNullable(secondary);
    }

    @Override
    public void close() {
        regions.values().forEach(Region::kill);
        haProxy.close();
        primaryTables.close();
        if (secondary != null) {
            secondary.close();
        }
        azurite.close();
    }

    /** One region: its API, its Redis and its worker host. */
    public static final class Region {

        private final TwoRegionSystem system;
        private final String name;
        private final int apiPort;
        private final Redis redis;
        private final Map<String, String> env;
        private ApiProcess api;
        private Process worker;

        Region(TwoRegionSystem system, String name, int apiPort, Redis redis, Map<String, String> shared) {
            this.system = system;
            this.name = name;
            this.apiPort = apiPort;
            this.redis = redis;
            Map<String, String> all = new HashMap<>(shared);
            all.put("SHIPTRACK_REGION", name);
            all.put("QUARKUS_REDIS_HOSTS", redis.uri());
            all.put("SHIPTRACK_REDIS_HOSTS", redis.uri());
            all.put("SHIPTRACK_WORKER_ID", name);
            this.env = Map.copyOf(all);
        }

        public String name() {
            return name;
        }

        public String apiUrl() {
            return "http://127.0.0.1:" + apiPort;
        }

        public Redis redis() {
            return redis;
        }

        public synchronized boolean isUp() {
            return api != null && api.isAlive();
        }

        /** Kills the region's API, Redis and worker with SIGKILL, together: a regional outage. */
        public synchronized void kill() {
            if (api != null) {
                api.close();
                api = null;
            }
            if (worker != null) {
                ChildProcess.kill(worker);
                worker = null;
            }
            redis.kill();
        }

        /**
         * Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) the region's worker host and its children: a worker
         * that stops taking messages for a while, as a long GC pause or a starved host does. The drill uses it to
         * place a job on the other region's worker.
         */
        public synchronized void freezeWorker(boolean frozen) {
            if (worker != null) {
                ChildProcess.signal(worker, frozen ? "STOP" : "CONT");
            }
        }

        /** Starts the region again after {@link #kill}: an empty Redis, a new API and worker. */
        public synchronized void restart() {
            kill();
            redis.restart();
            startProcesses();
        }

        synchronized void startProcesses() {
            Path log = system.logs.resolve(name + "-worker.log");
            worker = ChildProcess.start(List.of("bash", system.root.resolve("worker/run-local-host.sh").toString()),
                    system.root, log, env);
            api = ApiProcess.start(system.root, apiPort, env, system.logs.resolve(name + "-api.log"));
        }
    }

    /** {@code dev/start-two-regions.sh}: starts the system, prints how to use it, takes commands on stdin. */
    public static void main(String[] args) throws Exception {
        Path root = RepoRoot.find();
        Settings settings = Settings.fromEnv();
        System.out.println("Starting Azurite, the fault proxy, HAProxy and two regions (east, west) ...");
        LocalSystem.mintToken(root, "demo-carrier", "carrier");
        try (TwoRegionSystem system = start(settings)) {
            String token = LocalSystem.mintToken(root, "demo-carrier", "carrier");
            List<String> demo = LocalSystem.DemoData.load(system.haProxy.baseUrl(), token);
            String front = system.haProxy.baseUrl();
            System.out.println();
            System.out.println("Two regions are running (logs in target/two-regions/).");
            System.out.println("  Front Door stand-in (HAProxy) " + front + "  server states " + system.haProxy
                    .statsUrl());
            System.out.println("  east API " + system.region(EAST).apiUrl() + "  west API " + system.region(WEST)
                    .apiUrl());
            System.out.println("  primary tables through the fault proxy " + system.primaryTables.baseUrl());
            System.out.println("  secondary tables " + system.secondary().map(s -> s.endpoint() + " (" + s.describe()
                    + ")").orElse(system.azurite.tableSecondaryEndpoint() + " (the primary's own storage)"));
            System.out.println("Try: curl -i " + front + "/api/v1/shipments/" + demo.get(0)
                    + "   (X-Served-By: east or west)");
            System.out.println("Commands (type and press Enter): primary 503 | primary reset | primary hang | "
                    + "primary heal | kill east|west | start east|west | disable east|west | enable east|west | "
                    + "lag 30s|0|pause|resume|sync | status | quit");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                try {
                    if (!command(system, words)) {
                        break;
                    }
                } catch (RuntimeException e) {
                    System.out.println("failed: " + e.getMessage());
                }
            }
        }
        // The Azure SDK's Vert.x threads would keep exec:java waiting.
        System.exit(0);
    }

    private static boolean command(TwoRegionSystem system, String[] words) {
        String verb = words[0];
        String arg = words.length > 1 ? words[1] : "";
        switch (verb) {
            case "primary" -> {
                switch (arg) {
                    case "503" -> system.primaryTables.fail503();
                    case "reset" -> system.primaryTables.resetConnections();
                    case "hang" -> system.primaryTables.hang(FaultProxy.LONG_HANG);
                    case "heal" -> system.primaryTables.heal();
                    default -> throw new IllegalArgumentException("primary 503|reset|hang|heal");
                }
            }
            case "kill" -> system.region(arg).kill();
            case "disable" -> system.haProxy.setServerState(system.region(arg).name(), "maint");
            case "enable" -> system.haProxy.setServerState(system.region(arg).name(), "ready");
            case "start" -> system.region(arg).restart();
            case "lag" -> {
                LaggingSecondary secondary = system.secondary().orElseThrow(() -> new IllegalArgumentException(
                        "the secondary is the primary's own storage (SHIPTRACK_SECONDARY_LAG=same): no lag to set"));
                switch (arg) {
                    case "pause" -> secondary.pause();
                    case "resume" -> secondary.resume();
                    case "sync" -> secondary.syncNow();
                    default -> secondary.setLag(LaggingSecondary.parseLag(arg).orElseThrow(
                            () -> new IllegalArgumentException("lag 30s|0|pause|resume|sync")));
                }
            }
            case "status" -> {
            }
            case "quit", "exit" -> {
                return false;
            }
            case "" -> {
            }
            default -> throw new IllegalArgumentException("unknown command " + verb);
        }
        System.out.println("origins (HAProxy): " + system.haProxy.serverStates());
        System.out.println("secondary: " + system.secondary().map(LaggingSecondary::describe)
                .orElse("the primary's own storage (never behind)"));
        return true;
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
