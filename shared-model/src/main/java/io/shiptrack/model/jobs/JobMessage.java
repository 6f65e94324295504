package io.shiptrack.model.jobs;

import io.shiptrack.model.Identifiers;
import io.shiptrack.model.JobType;

/**
 * The queue message that starts or continues a job: {@code {"jobId":"...","type":"..."}}. Everything else lives in
 * the job's row. On the queue it is Base64-encoded, as the Functions queue trigger reads by default.
 */
public record JobMessage(String jobId, JobType type) {

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
