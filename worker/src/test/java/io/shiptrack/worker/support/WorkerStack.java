package io.shiptrack.worker.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

import io.shiptrack.functionshost.LocalFunctionsHost;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.Redis;
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.WorkerConfig;
import io.shiptrack.worker.functions.JobFunctions;
import io.shiptrack.worker.jobs.FaultPoints;

/** Real Azurite and redis-server for the worker tests, started once per test JVM; a fresh queue per test. */
public final class WorkerStack {

    private static Azurite azurite;
    private static Redis redis;

    private WorkerStack() {
    }

    public static synchronized Azurite azurite() {
        if (azurite == null) {
            azurite = Azurite.start();
            redis = Redis.start();
            azurite.createShiptrackStorage();
        }
        return azurite;
    }

    public static Redis redis() {
        azurite();
        return redis;
    }

    /** The regions the tests' workers belong to; a worker is in {@link #EAST} unless a test says otherwise. */
    public static final String EAST = "east";
    public static final String WEST = "west";

    /**
     * A new shared queue with a unique name and the region queues {@code <name>-east} and {@code <name>-west},
     * each with its poison queue.
     */
    public static String newQueue() {
        String name = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        for (String queue : List.of(name, JobQueues.forRegion(name, EAST), JobQueues.forRegion(name, WEST))) {
            queue(queue).create();
            queue(queue + "-poison").create();
        }
        return name;
    }

    public static QueueClient queue(String name) {
        return new QueueClientBuilder().connectionString(azurite().connectionString()).queueName(name)
                .messageEncoding(QueueMessageEncoding.BASE64).buildClient();
    }

    /** App settings as the local host reads them, with short test timings; {@code overrides} win. */
    public static Map<String, String> env(String queueName, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("SHIPTRACK_STORAGE_CONNECTION_STRING", azurite().connectionString());
        env.put("JobsQueue", azurite().connectionString());
        env.put("SHIPTRACK_QUEUE_NAME", queueName);
        env.put("SHIPTRACK_REDIS_HOSTS", redis().uri());
        env.put("SHIPTRACK_JOB_LEASE", "PT3S");
        env.put("SHIPTRACK_JOB_TIME_BUDGET", "PT5M");
        env.put("SHIPTRACK_JOB_PAGE_SIZE", "10");
        env.put("SHIPTRACK_SWEEP_GRACE", "PT1S");
        env.put("SHIPTRACK_TABLES_TIMEOUT", "PT20S");
        env.put("SHIPTRACK_SWEEP_SCHEDULE", "*/1 * * * * *");
        env.put("SHIPTRACK_REGION", EAST);
        env.putAll(overrides);
        return env;
    }

    public static WorkerConfig config(String queueName, Map<String, String> overrides) {
        return WorkerConfig.fromEnv(env(queueName, overrides));
    }

    public static WorkerApp app(String queueName, Clock clock, FaultPoints faults, Map<String, String> overrides) {
        return new WorkerApp(config(queueName, overrides), clock, faults);
    }

    public static WorkerApp app(String queueName) {
        return app(queueName, Clock.systemUTC(), FaultPoints.NONE, Map.of());
    }

    /** The local host as its own JVM, as run-local-host.sh starts it, on this test's classpath. */
    public static Process startHostProcess(Path hostJson, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile(Path.of("target"), "local-host-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalFunctionsHost.class.getName(),
                hostJson.toAbsolutePath().toString(), JobFunctions.class.getName()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.directory(new File("."));
        return builder.start();
    }

    public static Duration await() {
        return Duration.ofSeconds(60);
    }
}
