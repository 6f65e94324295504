package io.shiptrack.model.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Job ids and request fingerprints, both derived with SHA-256 so that a repeated submission finds its row. */
public final class JobIds {

    private JobIds() {
    }

    /**
     * The job id of a submission: 32 hex digits of SHA-256 over (submitter, Idempotency-Key). Another submitter
     * using the same key gets another job.
     */
    public static String derive(String submitter, String idempotencyKey) {
        if (submitter == null || idempotencyKey == null) {
            throw new IllegalArgumentException("'submitter' and 'idempotencyKey' cannot be null.");
        }
        return sha256(submitter.length() + ":" + submitter + "|" + idempotencyKey).substring(0, 32);
    }

    /** The fingerprint of a normalized request: the same type and parameters always give the same one. */
    public static String fingerprint(JobRequest request) {
        return sha256(JobJson.write(request));
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
