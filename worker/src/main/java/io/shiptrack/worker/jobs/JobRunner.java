package io.shiptrack.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.store.JobError;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.StaleJobException;

/**
 * Runs one delivery of a job message: finds the row, takes the lease with an ETag condition, then steps through
 * chunks, saving the checkpoint with If-Match after each one. A finished job is acknowledged and ignored; a job
 * leased by a live worker too; a lost lease stops the run; the time budget ends a run with a continuation
 * message. Failures are thrown, so that the message is retried and finally moved to the poison queue. Knows
 * nothing of the Functions runtime.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
    /** Attempts to take the lease when the row keeps changing under us (e.g. the API marking it QUEUED). */
    private static final int LEASE_ATTEMPTS = 5;

    /** What a delivery did; every outcome acknowledges the message. */
    public enum Outcome {
        SUCCEEDED, CONTINUED, IGNORED_FINISHED, IGNORED_LEASED, LEASE_LOST,
        /** A region-bound job of another region: not run here, its message sent on to that region's queue. */
        FORWARDED
    }

    /** The outcome with what it cost: chunks done, time spent writing checkpoints, time in all. */
    public record Result(Outcome outcome, int chunks, Duration checkpointTime, Duration elapsed) {
    }

    /**
     * Who this runner is, how long it may hold a lease and run, and its region: a region-bound job of another
     * region is never run here ({@code region} null: only region-free jobs run here).
     */
    public record Settings(String owner, Duration lease, Duration timeBudget, String region) {

        public Settings(String owner, Duration lease, Duration timeBudget) {
            this(owner, lease, timeBudget, null);
        }
    }

    private final JobStore store;
    private final Map<JobType, Job<?>> jobs = new EnumMap<>(JobType.class);
    private final JobQueue queue;
    private final Clock clock;
    private final Settings settings;
    private final FaultPoints faults;

    public JobRunner(JobStore store, List<Job<?>> jobs, JobQueue queue, Clock clock, Settings settings,
            FaultPoints faults) {
        this.store = store;
        jobs.forEach(job -> {
            if (this.jobs.put(JobType.of(job.parametersType()), job) != null) {
                throw new IllegalArgumentException("two jobs run " + job.parametersType().getSimpleName());
            }
        });
        this.queue = queue;
        this.clock = clock;
        this.settings = settings;
        this.faults = faults;
    }

    /** Handles one message text; throws when the message must be retried (and in the end poisoned). */
    public Result handle(String messageText) {
        JobMessage message = JobMessage.parse(messageText);
        Job<?> job = jobs.get(message.type());
        if (job == null) {
            throw new IllegalArgumentException("no job implementation for type " + message.type());
        }
        return run(message, job);
    }

    private <C> Result run(JobMessage message, Job<C> job) {
        long started = System.nanoTime();
        String runId = settings.owner() + "/" + UUID.randomUUID();
        Optional<JobRecord> leased;
        try {
            leased = lease(message, runId);
        } catch (OtherRegionException other) {
            queue.send(JobMessage.of(other.row));
            LOG.warning(() -> "job " + message.jobId() + " belongs to region " + other.row.region() + ", not "
                    + settings.region() + "; sent on to its queue");
            return result(Outcome.FORWARDED, 0, 0, started);
        }
        if (leased.isEmpty()) {
            return result(currentOutcome(message.jobId()), 0, 0, started);
        }
        JobRecord row = leased.get();
        C checkpoint = row.checkpoint() == null
                ? job.begin(row, clock.instant())
                : JobJson.read(row.checkpoint(), job.checkpointType());
        int chunks = 0;
        long checkpointNanos = 0;
        try {
            while (true) {
                if (chunks > 0 && Duration.ofNanos(System.nanoTime() - started).compareTo(settings.timeBudget()) >= 0) {
                    row = store.replace(row.released(JobStatus.QUEUED, null, clock.instant()));
                    queue.send(JobMessage.of(row));
                    LOG.info(() -> "job " + message.jobId() + " continues in a new message after its time budget");
                    return result(Outcome.CONTINUED, chunks, checkpointNanos, started);
                }
                int chunkNo = row.chunksDone();
                Job.Step<C> step = job.step(row, checkpoint, chunkNo, clock.instant());
                faults.reached(FaultPoints.BEFORE_CHECKPOINT, row.jobId(), chunkNo);
                Instant now = clock.instant();
                long t0 = System.nanoTime();
                JobRecord next = row.checkpointed(JobJson.write(step.checkpoint()),
                        new JobRecord.Progress(step.processed(), step.total()), now.plus(settings.lease()), now);
                if (step.done()) {
                    next = next.released(JobStatus.SUCCEEDED, null, now);
                }
                row = store.replace(next);
                checkpointNanos += System.nanoTime() - t0;
                chunks++;
                checkpoint = step.checkpoint();
                faults.reached(FaultPoints.AFTER_CHECKPOINT, row.jobId(), chunkNo);
                if (step.done()) {
                    removeInput(row);
                    LOG.info(() -> "job " + message.jobId() + " succeeded");
                    return result(Outcome.SUCCEEDED, chunks, checkpointNanos, started);
                }
            }
        } catch (StaleJobException lost) {
            LOG.warning(() -> "job " + message.jobId() + ": lease lost, another worker runs it; stopping");
            return result(Outcome.LEASE_LOST, chunks, checkpointNanos, started);
        } catch (RuntimeException failure) {
            recordFailure(row, failure);
            throw failure;
        }
    }

    /** The lease on the row, or empty when the job is finished or another live worker holds it. */
    private Optional<JobRecord> lease(JobMessage message, String runId) {
        for (int attempt = 1;; attempt++) {
            JobRecord row = store.find(message.jobId()).orElseThrow(() -> new UnknownJobException(message.jobId()));
            if (row.type() != message.type()) {
                throw new IllegalArgumentException("message type " + message.type() + " does not match job "
                        + row.jobId() + " of type " + row.type());
            }
            if (row.region() != null && !row.region().equals(settings.region())) {
                throw new OtherRegionException(row);
            }
            Instant now = clock.instant();
            if (row.status().isTerminal() || row.lease().isHeldAt(now)) {
                return Optional.empty();
            }
            try {
                return Optional.of(store.replace(row.leased(runId, now.plus(settings.lease()), now)));
            } catch (StaleJobException raced) {
                if (attempt >= LEASE_ATTEMPTS) {
                    return Optional.empty();
                }
            }
        }
    }

    /** The row names a region other than this runner's. */
    private static final class OtherRegionException extends RuntimeException {
        private final transient JobRecord row;

        OtherRegionException(JobRecord row) {
            super(null, null, false, false);
            this.row = row;
        }
    }

    private Outcome currentOutcome(String jobId) {
        return store.find(jobId).filter(row -> row.status().isTerminal()).isPresent()
                ? Outcome.IGNORED_FINISHED
                : Outcome.IGNORED_LEASED;
    }

    private void recordFailure(JobRecord row, RuntimeException failure) {
        LOG.log(Level.WARNING, "job " + row.jobId() + " failed this attempt: " + failure, failure);
        try {
            JobRecord current = store.find(row.jobId()).orElse(null);
            if (current != null && runOwns(current, row) && !current.status().isTerminal()) {
                // The submitter sees a category; the failure itself is in the log line above, under the job id.
                store.replace(current.released(JobStatus.QUEUED, JobError.of(failure).shown(), clock.instant()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not record the failure of job " + row.jobId(), e);
        }
    }

    private static boolean runOwns(JobRecord current, JobRecord ours) {
        return ours.lease().owner() != null && ours.lease().owner().equals(current.lease().owner());
    }

    private void removeInput(JobRecord row) {
        if (row.inputChunks() == 0) {
            return;
        }
        try {
            store.removeInput(row.jobId());
            store.replace(row.cleaned(clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "staged input of job " + row.jobId() + " left for the sweeper", e);
        }
    }

    private static Result result(Outcome outcome, int chunks, long checkpointNanos, long started) {
        return new Result(outcome, chunks, Duration.ofNanos(checkpointNanos),
                Duration.ofNanos(System.nanoTime() - started));
    }
}
