package io.shiptrack.worker.jobs;

import io.shiptrack.model.jobs.JobMessage;

/** Where continuation and sweeper messages go: the jobs queue. */
@FunctionalInterface
public interface JobQueue {

    void send(JobMessage message);
}
