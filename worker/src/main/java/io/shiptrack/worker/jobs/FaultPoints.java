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
    /** Half of a chunk's shipments written; others may still be in flight. */
    String MID_CHUNK = "mid-chunk";
    /**
     * One entity-group transaction of one shipment committed; reached on a storage pool thread while other
     * shipments of the chunk are in flight, and between the transactions of a shipment with many events.
     */
    String AFTER_TRANSACTION = "after-transaction";

    FaultPoints NONE = (point, jobId, chunkNo) -> {
    };

    void reached(String point, String jobId, int chunkNo);
}
