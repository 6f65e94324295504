package io.shiptrack.store;

import com.azure.data.tables.models.TableServiceException;

import io.shiptrack.store.errors.EndpointUnavailableException;

/**
 * What a job's {@code error} tells its submitter: a stable code and one sentence, never exception text (which may
 * name hosts, tables or library internals). The worker logs the failure itself, with the job id, where ops find it.
 * Stored as {@code "<code>: <sentence>"}.
 */
public enum JobError {

    STORAGE_UNAVAILABLE("storage-unavailable",
            "Storage could not be reached; the job is retried from its last checkpoint."), STORAGE_REFUSED(
                    "storage-refused",
                    "Storage refused a request of this job; the job is retried from its last checkpoint."), INTERNAL(
                            "internal",
                            "The job failed unexpectedly; it is retried from its last checkpoint."), ATTEMPTS_EXHAUSTED(
                                    "attempts-exhausted",
                                    "The job failed on every delivery and was given up; ops can find why in the worker's log by the job id.");

    private final String code;
    private final String sentence;

    JobError(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    /** The {@code error} value shown to the submitter. */
    public String shown() {
        return code + ": " + sentence;
    }

    /** The category of a failed attempt. */
    public static JobError of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EndpointUnavailableException) {
                return STORAGE_UNAVAILABLE;
            }
            if (cause instanceof TableServiceException) {
                return STORAGE_REFUSED;
            }
        }
        return INTERNAL;
    }

    /** The code at the start of a stored {@code error}, or null. */
    public static String codeOf(String shown) {
        if (shown == null) {
            return null;
        }
        int colon = shown.indexOf(':');
        return colon < 0 ? shown : shown.substring(0, colon);
    }
}
