package io.shiptrack.model.jobs;

import java.time.Instant;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.JobStatus;

/**
 * The {@code job} row of a job: what was asked, by whom, how far it got and who runs it now. {@code eTag} is the
 * row's version as read; every change is written with If-Match on it. Changes return a new record.
 *
 * @param checkpoint the job type's progress as JSON (continuation key, partial aggregates), null before the first
 *        chunk and after clean-up
 * @param chunksDone how many chunks the saved checkpoint covers: the number of the next chunk
 * @param inputChunks how many {@code input|<n>} rows hold the staged input (IMPORT_EVENTS), 0 for other types
 * @param opsSubmitted whether the submitter had the ops role (taken from its token by the API): an import may then
 *        add events to any carrier's shipments, not only the submitter's own ({@link #writeScope})
 */
public record JobRecord(String jobId, JobType type, JobStatus status, String submitter, String fingerprint,
        JobParameters parameters, int inputChunks, int attempts, int chunksDone, String checkpoint, Lease lease,
        Progress progress, String error, boolean cleanedUp, Instant createdAt, Instant updatedAt, String eTag,
        boolean opsSubmitted) {

    /** A job submitted without the ops role. */
    public JobRecord(String jobId, JobType type, JobStatus status, String submitter, String fingerprint,
            JobParameters parameters, int inputChunks, int attempts, int chunksDone, String checkpoint, Lease lease,
            Progress progress, String error, boolean cleanedUp, Instant createdAt, Instant updatedAt, String eTag) {
        this(jobId, type, status, submitter, fingerprint, parameters, inputChunks, attempts, chunksDone, checkpoint,
                lease, progress, error, cleanedUp, createdAt, updatedAt, eTag, false);
    }

    /** Whose shipments this job may write to: the submitter's own, or any when ops submitted it. */
    public CarrierScope writeScope() {
        return opsSubmitted ? CarrierScope.ops(submitter) : CarrierScope.carrier(submitter);
    }

    /** Who runs the job and until when; {@link #NONE} when nobody does. */
    public record Lease(String owner, Instant expiresAt) {
        public static final Lease NONE = new Lease(null, null);

        public boolean isHeldAt(Instant now) {
            return owner != null && expiresAt != null && expiresAt.isAfter(now);
        }
    }

    /** Items processed out of the total known so far. */
    public record Progress(long processed, long total) {
        public static final Progress NONE = new Progress(0, 0);
    }

    /** A new job as the API accepts it. */
    public static JobRecord accepted(String jobId, JobType type, String submitter, String fingerprint,
            JobParameters parameters, int inputChunks, long total, Instant now) {
        return new JobRecord(jobId, type, JobStatus.ACCEPTED, submitter, fingerprint, parameters, inputChunks, 0, 0,
                null, Lease.NONE, new Progress(0, total), null, false, now, now, null);
    }

    /** This job as submitted by ops (see {@link #opsSubmitted}). */
    public JobRecord submittedByOps() {
        return new JobRecord(jobId, type, status, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone, checkpoint, lease, progress, error, cleanedUp, createdAt, updatedAt, eTag, true);
    }

    /** The parameters as the record of this job's type, {@code type}. */
    public <P extends JobParameters> P parameters(Class<P> type) {
        return type.cast(parameters);
    }

    /** The region this job must run in, or null when any region's worker may run it. */
    public String region() {
        return parameters == null ? null : parameters.region();
    }

    public JobRecord queued(Instant now) {
        return new JobRecord(jobId, type, JobStatus.QUEUED, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone, checkpoint, Lease.NONE, progress, error, cleanedUp, createdAt, now, eTag, opsSubmitted);
    }

    /** Leased by {@code owner} until {@code expiresAt}: RUNNING, one more attempt. */
    public JobRecord leased(String owner, Instant expiresAt, Instant now) {
        return new JobRecord(jobId, type, JobStatus.RUNNING, submitter, fingerprint, parameters, inputChunks,
                attempts + 1, chunksDone, checkpoint, new Lease(owner, expiresAt), progress, error, cleanedUp,
                createdAt, now,
                eTag, opsSubmitted);
    }

    /** Progress saved after a chunk, the lease renewed until {@code leaseUntil}. */
    public JobRecord checkpointed(String newCheckpoint, Progress newProgress, Instant leaseUntil, Instant now) {
        return new JobRecord(jobId, type, status, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone + 1, newCheckpoint, new Lease(lease.owner(), leaseUntil), newProgress, error, cleanedUp,
                createdAt, now,
                eTag, opsSubmitted);
    }

    /** The lease given up with {@code newStatus}; the checkpoint stays for whoever runs the job next. */
    public JobRecord released(JobStatus newStatus, String newError, Instant now) {
        return new JobRecord(jobId, type, newStatus, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone, checkpoint, Lease.NONE, progress, newError, cleanedUp, createdAt, now, eTag, opsSubmitted);
    }

    /** Staged input and partial results removed after the job finished. */
    public JobRecord cleaned(Instant now) {
        return new JobRecord(jobId, type, status, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone, status == JobStatus.SUCCEEDED ? checkpoint : null, lease, progress, error, true, createdAt,
                now, eTag, opsSubmitted);
    }

    public JobRecord withETag(String newETag) {
        return new JobRecord(jobId, type, status, submitter, fingerprint, parameters, inputChunks, attempts,
                chunksDone, checkpoint, lease, progress, error, cleanedUp, createdAt, updatedAt, newETag, opsSubmitted);
    }
}
