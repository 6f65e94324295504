package io.shiptrack.api.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.storage.FailoverReader;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.Tables;
import io.shiptrack.model.ConcurrentUpdateException;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.ValidationException;
import io.shiptrack.model.jobs.JobIds;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.MemberStatsEntities;
import io.shiptrack.store.OpenJobs;
import io.shiptrack.store.StaleJobException;

/**
 * Job submission with the Jobs row as the outbox: the row first (ACCEPTED), staged input, then the queue message,
 * then QUEUED. A repeated submission finds its row by the derived job id; one with another body is refused. A
 * queue failure leaves the job ACCEPTED for the worker's sweeper to enqueue.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    /** Attempts to admit a job before a submitter's own racing submissions make it a 409. */
    static final int MAX_ADMIT_ATTEMPTS = 10;
    /** How long an admitted job whose row does not exist yet still holds its place: longer than a submission. */
    static final Duration ADMISSION_GRACE = Duration.ofMinutes(1);

    private final PrimaryTablesGateway primary;
    private final FailoverReader reads;
    private final JobQueueGateway queue;
    private final Clock clock;
    private final int maxUnfinished;
    private final int busyRetryAfterSeconds;

    JobService(PrimaryTablesGateway primary, FailoverReader reads, JobQueueGateway queue, Clock clock,
            ShiptrackConfig config) {
        this.maxUnfinished = config.jobs().maxUnfinishedPerSubmitter();
        this.busyRetryAfterSeconds = (int) config.jobs().busyRetryAfter().toSeconds();
        this.primary = primary;
        this.reads = reads;
        this.queue = queue;
        this.clock = clock;
    }

    /** The job and whether this call created it. */
    public record Submission(JobRecord job, boolean created) {
    }

    /**
     * Submits {@code request} (already normalized and allowed) for {@code submitter} under {@code key};
     * {@code ops} records that the submitter had the ops role, so that an import may touch any carrier's shipments.
     */
    public Submission submit(String submitter, boolean ops, String key, JobRequest request) {
        String jobId = JobIds.derive(submitter, key);
        admit(submitter, jobId);
        String fingerprint = JobIds.fingerprint(request);
        List<String> chunks = request.parameters().inputChunks();
        Instant now = clock.instant();
        JobRecord submitted = JobRecord.accepted(jobId, request.type(), submitter, fingerprint,
                request.parameters().stored(), chunks.size(), request.parameters().inputSize(), now);
        JobRecord accepted = ops ? submitted.submittedByOps() : submitted;
        Optional<JobRecord> inserted = primary.call(tables -> store(tables).insert(accepted));
        boolean created = inserted.isPresent();
        JobRecord job = inserted.orElseGet(() -> primary.call(tables -> store(tables).find(jobId)).orElseThrow());
        if (!job.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException(jobId);
        }
        if (job.status() != JobStatus.ACCEPTED) {
            return new Submission(job, false);
        }
        // New, or a repeat of a submission that stopped before its message was sent: stage and enqueue (again).
        for (int i = 0; i < chunks.size(); i++) {
            int chunk = i;
            primary.call(tables -> {
                store(tables).stage(jobId, chunk, chunks.get(chunk));
                return null;
            });
        }
        try {
            queue.send(JobMessage.of(job));
        } catch (RuntimeException e) {
            LOG.warnf("job %s accepted but not queued (%s); the sweeper will enqueue it", jobId, e.toString());
            return new Submission(job, created);
        }
        JobRecord current = job;
        try {
            current = primary.call(tables -> store(tables).replace(job.queued(clock.instant())));
        } catch (StaleJobException raced) {
            // The worker got there first: it runs the job already.
        } catch (RuntimeException e) {
            LOG.debugf("job %s queued but still marked ACCEPTED: %s", jobId, e.toString());
        }
        return new Submission(current, created);
    }

    /**
     * At most {@code shiptrack.jobs.max-unfinished-per-submitter} unfinished jobs per submitter: a new job beyond
     * them is a {@link TooManyJobsException} (429); a repeated submission of one it has is not new. The job is
     * admitted into the submitter's open-jobs row ({@link OpenJobs}) before its own row exists, by a write
     * conditional on the ETag the decision was made from: of two submissions racing for the last place, one write
     * wins and the other decides again from what the winner wrote. A submission that keeps losing (every attempt
     * raced by another of the same submitter) is a 409.
     */
    private void admit(String submitter, String jobId) {
        for (int attempt = 1; attempt <= MAX_ADMIT_ATTEMPTS; attempt++) {
            OpenJobs read = primary.call(tables -> store(tables).openJobs(submitter));
            if (tryAdmit(submitter, jobId, read)) {
                return;
            }
        }
        throw new ConcurrentUpdateException("other submissions of the same caller kept changing its open jobs ("
                + MAX_ADMIT_ATTEMPTS + " attempts); retry it");
    }

    /**
     * One attempt of {@link #admit}, decided from {@code read} (the open-jobs row as this attempt read it): true
     * when admitted (or admitted already), false when another submission wrote the row first. When the row is full,
     * the entries whose job has finished are dropped first; an entry whose job row does not exist yet counts as open
     * for {@link #ADMISSION_GRACE} after its admission (its submission may still be creating it), then is dropped.
     * Package-private so that a test can force two submissions to decide from the same read.
     */
    boolean tryAdmit(String submitter, String jobId, OpenJobs read) {
        if (read.admitted().containsKey(jobId)) {
            return true;
        }
        Instant now = clock.instant();
        Map<String, Instant> open = new LinkedHashMap<>(read.admitted());
        if (open.size() >= maxUnfinished) {
            open.entrySet().removeIf(entry -> {
                Optional<JobRecord> job = primary.call(tables -> store(tables).find(entry.getKey()));
                return job.isPresent()
                        ? job.get().status().isTerminal()
                        : entry.getValue().plus(ADMISSION_GRACE).isBefore(now);
            });
        }
        if (open.size() >= maxUnfinished) {
            // A repeat of a job that has finished is not new either: it answers with that job.
            if (primary.call(tables -> store(tables).find(jobId)).isPresent()) {
                return true;
            }
            throw new TooManyJobsException(maxUnfinished, busyRetryAfterSeconds);
        }
        open.put(jobId, now);
        return primary.call(tables -> store(tables).tryWriteOpenJobs(read, open));
    }

    /** The job, if {@code caller} submitted it or may see every job. */
    public JobRecord find(String jobId, String caller, boolean seesAll) {
        JobRecord job = reads.readAndWait(tables -> store(tables).find(jobId)).value()
                .orElseThrow(JobNotFoundException::new);
        if (!seesAll && !job.submitter().equals(caller)) {
            throw new JobNotFoundException();
        }
        return job;
    }

    public Optional<MemberStats> stats(String memberId) {
        return reads.readAndWait(tables -> {
            try {
                TableEntity row = tables.memberStats().getEntityWithResponse(memberId, TableKeys.STATS_ROW, null,
                        tables.callTimeout(), Context.NONE).getValue();
                return Optional.ofNullable(row).map(MemberStatsEntities::from);
            } catch (TableServiceException e) {
                if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                    return Optional.<MemberStats>empty();
                }
                throw e;
            }
        }).value();
    }

    /** Refuses a request that breaks a rule, with every broken rule named. */
    public static void requireValid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static JobStore store(Tables tables) {
        return new JobStore(tables.jobs(), tables.callTimeout());
    }
}
