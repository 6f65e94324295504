package io.shiptrack.worker;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.store.errors.StorageErrors;
import io.shiptrack.worker.cache.RedisShipmentCache;
import io.shiptrack.worker.cache.ShipmentCacheWriter;
import io.shiptrack.worker.jobs.FaultPoints;
import io.shiptrack.worker.jobs.ImportEventsJob;
import io.shiptrack.worker.jobs.IndexReconciler;
import io.shiptrack.worker.jobs.Job;
import io.shiptrack.worker.jobs.JobQueue;
import io.shiptrack.worker.jobs.JobRunner;
import io.shiptrack.worker.jobs.PoisonHandler;
import io.shiptrack.worker.jobs.PurgeDeliveredJob;
import io.shiptrack.worker.jobs.RecomputeMemberStatsJob;
import io.shiptrack.worker.jobs.Sweeper;
import io.shiptrack.worker.jobs.WarmCacheJob;

/**
 * The worker's one composition root: clients, stores, jobs and the runner, built once per process from the app
 * settings and shared by every function invocation.
 */
public final class WorkerApp {

    private static volatile WorkerApp instance;

    private final WorkerConfig config;
    private final TableServiceClient tables;
    private final JobStore jobStore;
    private final ShipmentCacheWriter cache;
    private final JobRunner runner;
    private final PoisonHandler poison;
    private final Sweeper sweeper;

    public WorkerApp(WorkerConfig config, Clock clock, FaultPoints faults) {
        this.config = config;
        HttpClient http = StorageHttp.client(config.tableTimeout());
        this.tables = tableService(config, http);
        Map<String, QueueClient> queues = new ConcurrentHashMap<>();
        JobQueue queue = message -> queues.computeIfAbsent(JobQueues.of(config.queueName(), message),
                name -> queue(config, http, name)).sendMessage(message.toJson());
        Duration timeout = config.tableTimeout();
        TableClient shipments = tables.getTableClient(TableKeys.SHIPMENTS);
        TableClient memberShipments = tables.getTableClient(TableKeys.MEMBER_SHIPMENTS);
        this.jobStore = new JobStore(tables.getTableClient(TableKeys.JOBS), timeout);
        this.cache = config.redisUri().<ShipmentCacheWriter>map(
                uri -> new RedisShipmentCache(URI.create(uri), Duration.ofSeconds(5))).orElse(ShipmentCacheWriter.NONE);
        ShipmentStore shipmentStore = new ShipmentStore(shipments, memberShipments, timeout);
        ExecutorService pool = storagePool(config.concurrency());
        // One job per type; the switch is exhaustive, so a new JobType does not compile until it has its job here.
        List<Job<?>> jobs = Arrays.stream(JobType.values()).<Job<?>>map(type -> switch (type) {
            case IMPORT_EVENTS -> new ImportEventsJob(jobStore, shipmentStore, cache, pool, faults);
            case RECOMPUTE_MEMBER_STATS -> new RecomputeMemberStatsJob(memberShipments,
                    tables.getTableClient(TableKeys.MEMBER_STATS), config.pageSize(), timeout);
            case WARM_CACHE -> new WarmCacheJob(shipments, cache, config.pageSize(), timeout);
            case PURGE_DELIVERED -> new PurgeDeliveredJob(shipments, shipmentStore, cache, pool, config.pageSize(),
                    timeout);
        }).toList();
        this.runner = new JobRunner(jobStore, jobs, queue, clock,
                new JobRunner.Settings(config.workerId(), config.lease(), config.timeBudget(),
                        config.region().orElse(null)),
                faults);
        this.poison = new PoisonHandler(jobStore, clock);
        IndexReconciler indexReconciler = new IndexReconciler(memberShipments, shipmentStore, clock,
                config.sweepGrace(),
                config.pageSize(), timeout);
        this.sweeper = new Sweeper(jobStore, queue, clock, config.sweepGrace(), indexReconciler);
    }

    /**
     * The threads on which jobs write shipments concurrently: its size bounds the storage calls in flight for all
     * jobs of this process together. Daemon threads, so that the pool never keeps a process alive.
     */
    static ExecutorService storagePool(int size) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "shiptrack-storage-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The process's instance, built on first use from the environment. */
    public static WorkerApp instance() {
        WorkerApp app = instance;
        if (app == null) {
            synchronized (WorkerApp.class) {
                app = instance;
                if (app == null) {
                    app = new WorkerApp(WorkerConfig.fromEnv(System.getenv()), Clock.systemUTC(), FaultPoints.NONE);
                    instance = app;
                }
            }
        }
        return app;
    }

    /** Puts {@code app} in place of the environment-built instance (the local host and tests). */
    public static synchronized void install(WorkerApp app) {
        instance = app;
    }

    public WorkerConfig config() {
        return config;
    }

    public JobRunner runner() {
        return runner;
    }

    public PoisonHandler poison() {
        return poison;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    public JobStore jobStore() {
        return jobStore;
    }

    public TableServiceClient tables() {
        return tables;
    }

    public ShipmentCacheWriter cache() {
        return cache;
    }

    public static TableServiceClient tableService(WorkerConfig config, HttpClient http) {
        // Error answers of any shape become EndpointUnavailableException by status: a retryable failure of the chunk.
        TableServiceClientBuilder builder = new TableServiceClientBuilder().httpClient(http)
                .addPolicy(StorageErrors.errorAnswerPolicy());
        if (config.storageConnectionString().isPresent()) {
            Map<String, String> parts = parts(config.storageConnectionString().get());
            builder.endpoint(config.tablesEndpoint().orElse(parts.get("TableEndpoint")))
                    .credential(new AzureNamedKeyCredential(parts.get("AccountName"), parts.get("AccountKey")));
        } else {
            String account = config.storageAccountName().orElseThrow(() -> new IllegalStateException(
                    "set SHIPTRACK_STORAGE_ACCOUNT_NAME (managed identity) or SHIPTRACK_STORAGE_CONNECTION_STRING"));
            builder.endpoint(config.tablesEndpoint().orElse("https://" + account + ".table.core.windows.net"))
                    .credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }

    /** A jobs queue ({@code name}), Base64-encoded as the Functions queue trigger reads and writes it. */
    static QueueClient queue(WorkerConfig config, HttpClient http, String name) {
        QueueClientBuilder builder = new QueueClientBuilder().httpClient(http)
                .addPolicy(StorageErrors.errorAnswerPolicy()).queueName(name)
                .messageEncoding(QueueMessageEncoding.BASE64);
        String connection = config.queueConnection().or(config::storageConnectionString).orElse(null);
        if (connection != null) {
            builder.connectionString(connection);
        } else {
            builder.endpoint(config.queueServiceUri().orElseThrow(() -> new IllegalStateException(
                    "set JobsQueue (connection string) or JobsQueue__queueServiceUri (managed identity)")))
                    .credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }

    static Map<String, String> parts(String connectionString) {
        Map<String, String> parts = new HashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return parts;
    }
}
