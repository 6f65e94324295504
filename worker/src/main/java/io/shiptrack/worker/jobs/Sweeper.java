package io.shiptrack.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.StaleJobException;

/**
 * The timer's work over every job row (a forward-only scan, see PartitionScan): enqueues ACCEPTED jobs whose
 * message was never sent (once their input is completely staged), re-enqueues RUNNING jobs whose lease expired (a
 * crashed worker) and QUEUED jobs that nothing has touched for {@link #QUEUED_GRACES} graces (their message was lost,
 * or went to the poison queue before the job could even be leased), and removes staged input and partial results of
 * finished jobs. The message is sent before the row is marked, so a crash in between
 * leaves a duplicate message (harmless: the lease and the status decide) rather than a job nobody will run. Each
 * sweep then runs one bounded pass of the member index repair ({@link IndexReconciler}).
 */
public final class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class.getName());
    static final int PAGE = 100;
    /**
     * A QUEUED row untouched for this many graces has lost its message: a live message is leased within seconds, and
     * every run touches the row. Long enough that a backlog rarely gets duplicates (which are harmless anyway).
     */
    static final int QUEUED_GRACES = 10;

    /** What one sweep did. */
    public record Report(int scanned, int enqueued, int requeued, int cleaned, int indexRepaired) {
    }

    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;
    private final Duration grace;
    private final IndexReconciler index;

    public Sweeper(JobStore store, JobQueue queue, Clock clock, Duration grace, IndexReconciler index) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
        this.index = index;
    }

    public Report sweep() {
        int scanned = 0;
        int enqueued = 0;
        int requeued = 0;
        int cleaned = 0;
        String after = null;
        while (true) {
            List<JobRecord> page = store.scan(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (JobRecord job : page) {
                scanned++;
                Instant now = clock.instant();
                try {
                    if (job.status() == JobStatus.ACCEPTED && job.updatedAt().isBefore(now.minus(grace))) {
                        // The row is written before the input is staged (the outbox): a large import may still be
                        // staging. Enqueued before its last chunk, it would fail on a missing one.
                        if (job.inputChunks() > 0 && store.stagedChunks(job.jobId()) < job.inputChunks()) {
                            LOG.fine(() -> "job " + job.jobId() + " is still being staged; not enqueued yet");
                            continue;
                        }
                        queue.send(JobMessage.of(job));
                        store.replace(job.queued(now));
                        enqueued++;
                    } else if (job.status() == JobStatus.QUEUED
                            && job.updatedAt().isBefore(now.minus(grace.multipliedBy(QUEUED_GRACES)))) {
                        queue.send(JobMessage.of(job));
                        store.replace(job.queued(now));
                        requeued++;
                    } else if (job.status() == JobStatus.RUNNING && !job.lease().isHeldAt(now.minus(grace))) {
                        queue.send(JobMessage.of(job));
                        store.replace(job.released(JobStatus.QUEUED, job.error(), now));
                        requeued++;
                    } else if (job.status().isTerminal() && !job.cleanedUp()) {
                        store.removeInput(job.jobId());
                        store.replace(job.cleaned(now));
                        cleaned++;
                    }
                } catch (StaleJobException raced) {
                    LOG.fine(() -> "job " + job.jobId() + " changed during the sweep; next sweep decides");
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "sweep of job " + job.jobId() + " failed; next sweep retries", e);
                }
            }
            after = page.get(page.size() - 1).jobId();
        }
        int indexRepaired = 0;
        try {
            indexRepaired = index.pass().repaired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "member index pass failed; the next sweep retries", e);
        }
        Report report = new Report(scanned, enqueued, requeued, cleaned, indexRepaired);
        LOG.info(() -> "sweep: " + report);
        return report;
    }
}
