package io.shiptrack.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Shiptrack's own settings; circuit-breaker thresholds live under {@code quarkus.fault-tolerance}. */
@ConfigMapping(prefix = "shiptrack")
public interface ShiptrackConfig {

    Storage storage();

    Tables tables();

    Cache cache();

    Reads reads();

    Queue queue();

    Jobs jobs();

    FrontDoor frontDoor();

    Limits limits();

    Benchmark benchmark();

    /** Requests must come through Front Door ({@code FrontDoorFilter}). */
    interface FrontDoor {
        /**
         * The Front Door profile's id, which Front Door sends in {@code X-Azure-FDID}; when set, API requests without
         * it are refused with 403. Unset (locally, in tests): off.
         */
        Optional<String> id();
    }

    /** Body size limits per route ({@code BodyLimitFilter}), whatever the framing (Content-Length or chunked). */
    interface Limits {
        /** {@code PUT /shipments/{tn}} and {@code POST /shipments/{tn}/events}. */
        @WithDefault("64K")
        MemorySize shipmentBody();

        /** {@code POST /jobs}: an IMPORT_EVENTS job carries up to 100,000 events. */
        @WithDefault("32M")
        MemorySize jobBody();
    }

    /**
     * This API's region ({@code SHIPTRACK_REGION}, e.g. {@code east}): the region a WARM_CACHE job runs in when the
     * request names none. Absent in a single-region setup, where WARM_CACHE stays on the shared queue.
     */
    Optional<String> region();

    /**
     * Every region with a worker ({@code SHIPTRACK_REGIONS}, e.g. {@code east,west}); a job for another region is
     * refused with 400. Defaults to {@link #region()} alone.
     */
    Optional<List<String>> regions();

    /** How the API reaches the storage account. */
    interface Storage {
        /** Key-based access, for Azurite and tests only; absent in Azure, where managed identity is used. */
        Optional<String> connectionString();

        /** The storage account, for managed-identity access; endpoints default from it. */
        Optional<String> accountName();
    }

    /** The RA-GRS table endpoints and the Azure SDK's own retry and timeout, kept short on purpose. */
    interface Tables {
        /** Defaults to {@code https://<account>.table.core.windows.net} or the connection string's endpoint. */
        Optional<String> primaryEndpoint();

        /** Defaults to the primary endpoint with {@code -secondary} appended to the account name. */
        Optional<String> secondaryEndpoint();

        /** Retries inside the SDK before the circuit breaker sees a failure: one, so the breaker decides. */
        @WithDefault("1")
        int maxRetries();

        /** Delay between SDK retries. */
        @WithDefault("50ms")
        Duration retryDelay();

        /** Per-try timeout of one HTTP call to Table Storage. */
        @WithDefault("350ms")
        Duration tryTimeout();

        /** How long the secondary's last sync time is reused before it is asked again. */
        @WithDefault("60s")
        Duration secondaryStatsFor();

        /**
         * Rounds of reads (a shipment, its events, a member's list) sent to each endpoint after start-up, before the
         * instance reports ready: a cold JVM's first calls take longer than the per-try timeout under a burst, so an
         * instance that joins the rotation cold opens its own breakers.
         */
        @WithDefault("100")
        int warmUpRounds();
    }

    /** The GRS queue that carries job messages to the worker. */
    interface Queue {
        /** Defaults to {@code https://<account>.queue.core.windows.net} or the connection string's endpoint. */
        Optional<String> endpoint();

        /** The jobs queue; its poison queue is this name plus {@code -poison}. */
        @WithDefault("jobs")
        String name();

        /** Tries of one message send (the first included) before the job is left ACCEPTED for the sweeper. */
        @WithDefault("2")
        int maxTries();

        /** Timeout of each try of a message send. */
        @WithDefault("2s")
        Duration tryTimeout();
    }

    /** Background jobs as the API sees them. */
    interface Jobs {
        /**
         * How often this instance counts the job rows by status for the {@code shiptrack_jobs} gauges (one scan of
         * the job rows each time): a Quarkus scheduler interval such as {@code 60s}, or {@code off}. Read by the
         * {@code @Scheduled} expression of {@code JobCounts}.
         */
        @WithDefault("60s")
        String countEvery();

        /** Unfinished jobs one submitter may have; a new one beyond them is refused with 429. */
        @WithDefault("10")
        int maxUnfinishedPerSubmitter();

        /** The {@code Retry-After} of that 429. */
        @WithDefault("60s")
        Duration busyRetryAfter();
    }

    /** The Redis cache-aside copy of shipment reads. */
    interface Cache {
        /** A copy younger than this is answered without asking storage. */
        @WithDefault("30s")
        Duration freshFor();

        /**
         * A fresh copy at least this old is still answered, and this instance re-reads it from storage in the
         * background (once, however many readers ask), so a hot tracking number never goes stale and its readers
         * never wait for storage together. At or above fresh-for, copies are only re-read once stale.
         */
        @WithDefault("24s")
        Duration refreshAfter();

        /** How long a copy is kept at all, to answer as stale-cache while storage is down. */
        @WithDefault("7d")
        Duration keepFor();

        /**
         * How long this instance keeps a copy in memory in front of Redis, so that a hot tracking number costs no
         * Redis round trip; 0 turns the near cache off. Copies are at most this much staler than Redis's.
         */
        @WithDefault("1s")
        Duration nearFor();

        /** How many copies the in-memory near cache holds at most. */
        @WithDefault("10000")
        long nearMaxEntries();

        /** How long a "no such shipment" answer from the primary is remembered. */
        @WithDefault("5s")
        Duration notFoundFor();

        /** Bound on every Redis command: a dead Redis must cost nothing noticeable. */
        @WithDefault("50ms")
        Duration commandTimeout();
    }

    /** Reads and writes when nothing can serve them, and reads through a slow primary. */
    interface Reads {
        /** The {@code Retry-After} answered with a 503. */
        @WithDefault("5")
        int retryAfterSeconds();

        /**
         * Threads that run storage reads: each read takes one (the caller never blocks on it), and a hedge one more.
         */
        @WithDefault("64")
        int maxThreads();

        /**
         * Reads that wait for a thread, at most; beyond them a read is refused as unavailable (the stale copy, or a
         * 503), so that a flood of misses cannot queue without bound.
         */
        @WithDefault("512")
        int maxWaiting();

        /** Hedged reads: the same read sent to the secondary when the primary is late (see FailoverReader). */
        Hedge hedge();
    }

    interface Hedge {
        /** Whether reads are hedged at all. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The lowest hedge delay. The delay follows the primary's observed read latency (its p99 over the last
         * window), so that about one read in a hundred is hedged while the primary is healthy.
         */
        @WithDefault("30ms")
        Duration floor();

        /** The highest hedge delay: the most a read waits for a slow primary before the secondary is asked too. */
        @WithDefault("100ms")
        Duration ceiling();

        /** Primary reads the delay is recomputed from, at least (fewer keep the previous delay). */
        @WithDefault("50")
        int minSamples();

        /** Hedges allowed per second, as a share of the reads that reached storage in the previous second. */
        @WithDefault("0.1")
        double budgetRatio();

        /** Hedges allowed per second whatever the share, so that a quiet region can still hedge. */
        @WithDefault("10")
        int budgetFloor();
    }

    /** The bare endpoint that benchmarks measure beside real reads. */
    interface Benchmark {
        /** Off in every real deployment. */
        @WithDefault("false")
        boolean enabled();
    }
}
