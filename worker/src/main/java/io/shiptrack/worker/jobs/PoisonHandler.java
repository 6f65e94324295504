package io.shiptrack.worker.jobs;

import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.store.JobError;
import io.shiptrack.store.JobStore;
import io.shiptrack.store.StaleJobException;

/**
 * Handles a message that reached the poison queue: the job it names, if there is one, is not finished and was run
 * (leased) at least once, is marked FAILED with the reason; a job that was never leased is left for the sweeper. A message that names no job (malformed, unknown id) is only logged: it stays
 * nowhere but in the log, as there is nothing to mark.
 */
public final class PoisonHandler {

    private static final Logger LOG = Logger.getLogger(PoisonHandler.class.getName());
    private static final int ATTEMPTS = 5;

    private final JobStore store;
    private final Clock clock;

    public PoisonHandler(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Returns the job as marked, or empty when the message names no unfinished job. */
    public Optional<JobRecord> handle(String messageText, long dequeueCount) {
        JobMessage message;
        try {
            message = JobMessage.parse(messageText);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "poison message is not a job message (" + e.getMessage() + "): " + abbreviate(
                    messageText));
            return Optional.empty();
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<JobRecord> row = store.find(message.jobId());
            if (row.isEmpty()) {
                LOG.warning(() -> "poison message for unknown job " + message.jobId());
                return Optional.empty();
            }
            JobRecord job = row.get();
            if (job.status().isTerminal()) {
                return Optional.empty();
            }
            if (job.attempts() == 0) {
                // Every delivery failed before the job could even be leased: storage or the host was failing, not
                // the job. A one-minute outage must not fail every job queued during it; the row stays as it is and
                // the sweeper re-enqueues it once it has been left untouched for a while (Sweeper.QUEUED_GRACES).
                LOG.warning(() -> "job " + job.jobId() + " was never leased in " + dequeueCount
                        + " deliveries; left " + job.status() + " for the sweeper to enqueue again");
                return Optional.empty();
            }
            // The submitter sees a category; the log keeps the deliveries and the last attempt's category.
            String reason = JobError.ATTEMPTS_EXHAUSTED.shown();
            try {
                JobRecord failed = store.replace(job.released(JobStatus.FAILED, reason, clock.instant()));
                LOG.warning(() -> "job " + job.jobId() + " FAILED: the job message failed " + dequeueCount
                        + " deliveries and was moved to the poison queue; last attempt: "
                        + JobError.codeOf(job.error()));
                return Optional.of(failed);
            } catch (StaleJobException raced) {
                // Changed meanwhile (a late run finishing, the sweeper): read it again.
            }
        }
        throw new StaleJobException(message.jobId());
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
