package io.shiptrack.model.jobs;

/**
 * Who submits a job, as the role rules of {@link JobParameters#allows} see it: the token's subject and its roles.
 */
public record Submitter(String subject, boolean member, boolean carrier, boolean ops) {
}
