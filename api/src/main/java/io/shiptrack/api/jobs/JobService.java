package io.shiptrack.api.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.api.storage.PrimaryTablesGateway;
import io.shiptrack.api.storage.TableReads;
import io.shiptrack.api.storage.Tables;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.JobStatus;
import io.shiptrack.model.JobType;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.ValidationException;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.JobIds;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobStore;
import io.shiptrack.model.jobs.MemberStats;
import io.shiptrack.model.jobs.StaleJobException;

/**
 * Job submission with the Jobs row as the outbox: the row first (ACCEPTED), staged input, then the queue message,
 * then QUEUED. A repeated submission finds its row by the derived job id; one with another body is refused. A
 * queue failure leaves the job ACCEPTED for the worker's sweeper to enqueue.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final PrimaryTablesGateway primary;
    private final TableReads reads;
    private final JobQueueGateway queue;
    private final Clock clock;
    private final int maxUnfinished;
    private final int busyRetryAfterSeconds;

    JobService(PrimaryTablesGateway primary, TableReads reads, JobQueueGateway queue, Clock clock,
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
        requireRoomFor(submitter, jobId);
        String fingerprint = JobIds.fingerprint(request);
        List<String> chunks = request.type() == JobType.IMPORT_EVENTS
                ? EventChunks.split(request.parameters().events())
                : List.of();
        long total = request.type() == JobType.IMPORT_EVENTS ? request.parameters().events().size() : 0;
        Instant now = clock.instant();
        JobRecord submitted = JobRecord.accepted(jobId, request.type(), submitter, fingerprint,
                request.parameters().withoutEvents(), chunks.size(), total, now);
        JobRecord accepted = ops ? submitted.submittedByOps() : submitted;
        // Marked open before the row exists: a mark without a row is removed by the next count, a row without a
        // mark would escape the limit.
        primary.call(tables -> {
            store(tables).markOpen(submitter, jobId);
            return null;
        });
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
     * them is a {@link TooManyJobsException} (429); a repeated submission of one it has is not new. The count reads
     * the submitter's open-job marks and each marked job's row, one primary call each, and drops marks of finished
     * jobs. Two submissions racing at the limit may both pass: the limit bounds a caller's backlog, it is not a
     * lock.
     */
    private void requireRoomFor(String submitter, String jobId) {
        List<String> marked = primary.call(tables -> store(tables).openMarks(submitter));
        if (marked.size() < maxUnfinished || marked.contains(jobId)) {
            return;
        }
        int open = 0;
        for (String id : marked) {
            Optional<JobRecord> job = primary.call(tables -> store(tables).find(id));
            if (job.isPresent() && !job.get().status().isTerminal()) {
                open++;
            } else {
                primary.call(tables -> {
                    store(tables).unmarkOpen(submitter, id);
                    return null;
                });
            }
        }
        // A repeat of a job that has finished is not new either: it answers with that job.
        if (open >= maxUnfinished && primary.call(tables -> store(tables).find(jobId)).isEmpty()) {
            throw new TooManyJobsException(maxUnfinished, busyRetryAfterSeconds);
        }
    }

    /** The job, if {@code caller} submitted it or may see every job. */
    public JobRecord find(String jobId, String caller, boolean seesAll) {
        JobRecord job = reads.read(tables -> store(tables).find(jobId)).value().orElseThrow(JobNotFoundException::new);
        if (!seesAll && !job.submitter().equals(caller)) {
            throw new JobNotFoundException();
        }
        return job;
    }

    public Optional<MemberStats> stats(String memberId) {
        return reads.read(tables -> {
            try {
                TableEntity row = tables.memberStats().getEntityWithResponse(memberId, TableKeys.STATS_ROW, null,
                        tables.callTimeout(), Context.NONE).getValue();
                return Optional.ofNullable(row).map(MemberStats::from);
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
