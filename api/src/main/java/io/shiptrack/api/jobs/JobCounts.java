package io.shiptrack.api.jobs;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.azure.data.tables.models.TableEntity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.shiptrack.api.storage.TableEndpoints;
import io.shiptrack.api.storage.Tables;
import io.shiptrack.model.JobStatus;
import io.shiptrack.store.JobEntities;
import io.shiptrack.store.PartitionScan;

/**
 * The job counts by status that docs/api.md puts in /q/metrics, as the gauges {@code shiptrack_jobs{status}}. Every
 * count-every (a {@code @Scheduled} method), one forward-only scan of the job rows (read with failover, like every read) counts them; a count
 * that fails keeps the last figures. The scan reads every job row, which stays cheap while PURGE_DELIVERED-style
 * housekeeping keeps the Jobs table small; a much larger table would want counters kept by the worker instead.
 */
@ApplicationScoped
public class JobCounts {

    private static final Logger LOG = Logger.getLogger(JobCounts.class);
    private static final int PAGE = 1000;

    /** A scan page may take longer than a request's call; the scan runs off the request path. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(10);

    private final Tables primary;
    private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);

    JobCounts(@Named(TableEndpoints.PRIMARY) Tables primary, MeterRegistry registry) {
        this.primary = primary;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("shiptrack.jobs", count, AtomicLong::get).tag("status", status.name())
                    .description("Jobs by status, as last counted").register(registry);
        }
    }

    /** Every {@code shiptrack.jobs.count-every} ({@code off}: never), on a worker thread, one count at a time. */
    @Scheduled(identity = "job-counts", every = "${shiptrack.jobs.count-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countOnSchedule() {
        try {
            countNow();
        } catch (RuntimeException e) {
            LOG.warnf("job counts not refreshed: %s", e.toString());
        }
    }

    /** Counts the job rows by status now, sets the gauges, and returns the counts (statuses with none left out). */
    public Map<JobStatus, Long> countNow() {
        Map<JobStatus, Long> tally = new EnumMap<>(JobStatus.class);
        String after = null;
        while (true) {
            String from = after;
            // Straight on the primary's client, past the request path's breakers and timeouts: a slow or failing
            // scan must neither open a breaker for every reader nor be cut short by a request's budget.
            List<TableEntity> page = PartitionScan.page(primary.jobs(), JobEntities.JOB_ROW, from, PAGE,
                    PAGE_TIMEOUT);
            if (page.isEmpty()) {
                break;
            }
            for (TableEntity row : page) {
                tally.merge(JobStatus.valueOf((String) row.getProperty("Status")), 1L, Long::sum);
            }
            after = page.get(page.size() - 1).getPartitionKey();
        }
        counts.forEach((status, count) -> count.set(tally.getOrDefault(status, 0L)));
        return Collections.unmodifiableMap(tally);
    }
}
