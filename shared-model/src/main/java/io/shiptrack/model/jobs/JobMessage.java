package io.shiptrack.model.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.Identifiers;

/**
 * The queue message that starts or continues a job: {@code {"jobId":"...","type":"..."}}, plus {@code "region"}
 * for a region-bound job (it picks the queue, see {@link JobQueues}; the row's region is what the worker checks).
 * Everything else lives in the job's row. On the queue it is Base64-encoded, as the Functions queue trigger reads
 * by default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(String jobId, JobType type, String region) {

    /** A message of a region-free job. */
    public JobMessage(String jobId, JobType type) {
        this(jobId, type, null);
    }

    /** The message that runs or continues {@code job}, routed to its region if it has one. */
    public static JobMessage of(JobRecord job) {
        return new JobMessage(job.jobId(), job.type(), job.region());
    }

    public String toJson() {
        return JobJson.write(this);
    }

    /** The message in {@code text}; {@link IllegalArgumentException} when it is not a job message. */
    public static JobMessage parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty job message");
        }
        JobMessage message = JobJson.read(text, JobMessage.class);
        if (!Identifiers.isJobId(message.jobId())) {
            throw new IllegalArgumentException("job message without a valid jobId");
        }
        if (message.type() == null) {
            throw new IllegalArgumentException("job message without a type");
        }
        return message;
    }
}
