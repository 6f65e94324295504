package io.shiptrack.worker.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shiptrack.functionshost.LocalFunctionsHost;
import io.shiptrack.localstack.Redis;
import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.model.jobs.WarmCache;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.cache.RedisShipmentCache;
import io.shiptrack.worker.functions.JobFunctions;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.WorkerStack;

/**
 * Two regions' workers on one shared queue, each with its own Redis, both through the local Functions host: the
 * east host in this JVM, the west host as its own JVM. A WARM_CACHE for west fills west's Redis only, even when its
 * message lands on the shared queue that east consumes (east sends it on to west's queue: the test lets only east run
 * until it has); region-free jobs are run by whichever worker gets them.
 */
class RegionBoundJobsTest {

    private static final Path HOST_JSON = Path.of("src/test/resources/host-test.json");

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        WorkerApp.install(null);
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void warmCacheForWestIsNeverRunByAnEastWorker() throws Exception {
        String queue = WorkerStack.newQueue();
        Redis eastRedis = Redis.start();
        Redis westRedis = Redis.start();
        started.add(eastRedis);
        started.add(westRedis);
        Map<String, String> east = Map.of("SHIPTRACK_REGION", WorkerStack.EAST, "SHIPTRACK_REDIS_HOSTS",
                eastRedis.uri(), "SHIPTRACK_WORKER_ID", "east");
        Map<String, String> west = Map.of("SHIPTRACK_REGION", WorkerStack.WEST, "SHIPTRACK_REDIS_HOSTS",
                westRedis.uri(), "SHIPTRACK_WORKER_ID", "west");
        WorkerApp eastApp = WorkerStack.app(queue, Clock.systemUTC(), FaultPoints.NONE, east);
        String tn = Data.shipment(eastApp, null, Instant.now());

        WorkerApp.install(eastApp);
        LocalFunctionsHost eastHost = LocalFunctionsHost.start(HOST_JSON, WorkerStack.env(queue, east),
                List.of(JobFunctions.class));
        started.add(eastHost);

        JobRequest warmWest = new JobRequest(new WarmCache(100_000, WorkerStack.WEST));
        // Routed as the API routes it (to <queue>-west) ...
        String routed = Data.submit(eastApp, "ops-1", warmWest, 0, true);
        // ... and one whose message lands on the shared queue (an older API, a bug). Only east runs yet, so east
        // takes it from the shared queue, and must send it on to west's queue instead of running it.
        String misrouted = Data.submit(eastApp, "ops-1", warmWest, 0, false);
        WorkerStack.queue(queue).sendMessage(new JobMessage(misrouted, JobType.WARM_CACHE).toJson());
        String westQueue = JobQueues.forRegion(queue, WorkerStack.WEST);
        await().atMost(WorkerStack.await()).untilAsserted(() -> assertTrue(WorkerStack.queue(westQueue)
                .peekMessages(32, null, null).stream().anyMatch(m -> m.getBody().toString().contains(misrouted)),
                "east sent the misrouted job on to west's queue"));
        assertTrue(WorkerStack.queue(queue).peekMessages(32, null, null).stream()
                .noneMatch(m -> m.getBody().toString().contains(misrouted)), "east took it off the shared queue");
        JobRecord forwarded = eastApp.jobStore().find(misrouted).orElseThrow();
        assertEquals(0, forwarded.attempts(), "east did not run it: " + forwarded.status());
        try (RedisShipmentCache eastCache = new RedisShipmentCache(URI.create(eastRedis.uri()),
                Duration.ofSeconds(5))) {
            assertNull(eastCache.get(CachedCopy.key(tn)), "east's Redis holds nothing");
        }

        // Now west starts: it takes both from its own queue.
        Process westHost = WorkerStack.startHostProcess(HOST_JSON, WorkerStack.env(queue, west));
        started.add(() -> {
            westHost.destroyForcibly();
            westHost.waitFor(10, TimeUnit.SECONDS);
        });
        List<String> regionFree = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String member = "member-" + Data.id();
            regionFree.add(Data.submit(eastApp, member, new JobRequest(new RecomputeMemberStats(member)), 0, true));
        }

        await().atMost(WorkerStack.await()).untilAsserted(() -> {
            for (String jobId : List.of(routed, misrouted)) {
                assertEquals(JobStatus.SUCCEEDED, eastApp.jobStore().find(jobId).orElseThrow().status(), jobId);
            }
            for (String jobId : regionFree) {
                assertEquals(JobStatus.SUCCEEDED, eastApp.jobStore().find(jobId).orElseThrow().status(), jobId);
            }
        });
        try (RedisShipmentCache westCache = new RedisShipmentCache(URI.create(westRedis.uri()), Duration.ofSeconds(5));
                RedisShipmentCache eastCache = new RedisShipmentCache(URI.create(eastRedis.uri()),
                        Duration.ofSeconds(5))) {
            assertTrue(CachedCopy.decode(westCache.get(CachedCopy.key(tn))).isPresent(), "west's Redis was warmed");
            assertNull(eastCache.get(CachedCopy.key(tn)), "east's Redis holds nothing: no east worker ran a west job");
        }
        assertEquals(1, eastApp.jobStore().find(routed).orElseThrow().attempts(), "run once");
        assertEquals(1, eastApp.jobStore().find(misrouted).orElseThrow().attempts(), "forwarded, then run once");
    }
}
