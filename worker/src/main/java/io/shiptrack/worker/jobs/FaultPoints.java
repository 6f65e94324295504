package io.shiptrack.worker.jobs;

/**
 * Named points in a run where tests inject a crash (an exception, or halting the process). Production uses
 * {@link #NONE}.
 */
@FunctionalInterface
public interface FaultPoints {

    /** Chunk writes done, checkpoint not yet saved. */
    String BEFORE_CHECKPOINT = "before-checkpoint";
    /** Checkpoint saved, next chunk not started. */
    String AFTER_CHECKPOINT = "after-checkpoint";
    /** Half of a chunk's writes done. */
    String MID_CHUNK = "mid-chunk";

    FaultPoints NONE = (point, jobId, chunkNo) -> {
    };

    void reached(String point, String jobId, int chunkNo);
}
