package io.shiptrack.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's settings, read from app settings (environment variables). Locally a connection string reaches
 * Azurite; in Azure the account name and managed identity do.
 *
 * @param storageConnectionString {@code SHIPTRACK_STORAGE_CONNECTION_STRING}: Azurite and tests only
 * @param storageAccountName {@code SHIPTRACK_STORAGE_ACCOUNT_NAME}: managed-identity access in Azure
 * @param tablesEndpoint {@code SHIPTRACK_TABLES_PRIMARY_ENDPOINT}: defaults from the account or connection string
 * @param queueConnection {@code JobsQueue}: the trigger's connection string (locally the same as storage)
 * @param queueServiceUri {@code JobsQueue__queueServiceUri}: the queue service in Azure (managed identity)
 * @param queueName {@code SHIPTRACK_QUEUE_NAME}: the jobs queue, {@code jobs}
 * @param redisUri {@code SHIPTRACK_REDIS_HOSTS}: the region's Redis for WARM_CACHE and cache refreshes
 * @param lease {@code SHIPTRACK_JOB_LEASE}: how long a lease lasts without a checkpoint renewing it
 * @param timeBudget {@code SHIPTRACK_JOB_TIME_BUDGET}: after this a run checkpoints and continues in a new message
 * @param pageSize {@code SHIPTRACK_JOB_PAGE_SIZE}: rows per chunk of the scanning jobs
 * @param sweepGrace {@code SHIPTRACK_SWEEP_GRACE}: how old an ACCEPTED row or an expired lease must be to sweep
 * @param tableTimeout {@code SHIPTRACK_TABLES_TIMEOUT}: bound on each table call, SDK retries included
 * @param workerId {@code SHIPTRACK_WORKER_ID}: lease owner prefix
 * @param concurrency {@code SHIPTRACK_JOB_CONCURRENCY}: shipments a job writes or purges at once (the storage pool)
 * @param region {@code SHIPTRACK_REGION}: this worker's region; it runs region-free jobs and its own region's
 *        region-bound jobs (WARM_CACHE), never another region's
 */
public record WorkerConfig(Optional<String> storageConnectionString, Optional<String> storageAccountName,
        Optional<String> tablesEndpoint, Optional<String> queueConnection, Optional<String> queueServiceUri,
        String queueName, Optional<String> redisUri, Duration lease, Duration timeBudget, int pageSize,
        Duration sweepGrace, Duration tableTimeout, String workerId, int concurrency, Optional<String> region) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        return new WorkerConfig(opt(env, "SHIPTRACK_STORAGE_CONNECTION_STRING"),
                opt(env, "SHIPTRACK_STORAGE_ACCOUNT_NAME"), opt(env, "SHIPTRACK_TABLES_PRIMARY_ENDPOINT"),
                opt(env, "JobsQueue"), opt(env, "JobsQueue__queueServiceUri"),
                opt(env, "SHIPTRACK_QUEUE_NAME").orElse("jobs"),
                opt(env, "SHIPTRACK_REDIS_HOSTS").map(hosts -> hosts.split(",")[0].trim()),
                duration(env, "SHIPTRACK_JOB_LEASE", "PT2M"), duration(env, "SHIPTRACK_JOB_TIME_BUDGET", "PT4M"),
                Integer.parseInt(opt(env, "SHIPTRACK_JOB_PAGE_SIZE").orElse("500")),
                duration(env, "SHIPTRACK_SWEEP_GRACE", "PT1M"), duration(env, "SHIPTRACK_TABLES_TIMEOUT", "PT30S"),
                opt(env, "SHIPTRACK_WORKER_ID").orElse(ManagementFactory.getRuntimeMXBean().getName()),
                Integer.parseInt(opt(env, "SHIPTRACK_JOB_CONCURRENCY").orElse("16")), opt(env, "SHIPTRACK_REGION"));
    }

    /** The poison queue the Functions runtime moves failed messages to. */
    public String poisonQueueName() {
        return queueName + "-poison";
    }

    private static Optional<String> opt(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        return Duration.parse(opt(env, name).orElse(fallback));
    }
}
