package io.shiptrack.worker.jobs;

import io.shiptrack.model.jobs.JobMessage;

/** Where continuation and sweeper messages go: the jobs queue, or the region's queue of a region-bound job. */
@FunctionalInterface
public interface JobQueue {

    void send(JobMessage message);
}
