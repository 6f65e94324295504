package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.store.JobError;
import io.shiptrack.store.errors.EndpointUnavailableException;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.MutableClock;
import io.shiptrack.worker.support.WorkerStack;

/** A failed attempt leaves a category in the job's {@code error}, never the exception's text. On real Azurite. */
class JobErrorShownTest {

    @Test
    void aFailedAttemptRecordsACodeAndASentenceNotTheException() {
        String queue = WorkerStack.newQueue();
        FaultPoints failing = (point, job, chunk) -> {
            if (point.equals(FaultPoints.MID_CHUNK)) {
                throw new IllegalStateException("injected failure reading table Shipments at 127.0.0.1");
            }
        };
        WorkerApp crashing = WorkerStack.app(queue, new MutableClock(), failing, Map.of());
        List<String> tns = List.of(Data.shipment(crashing, "member-e", Instant.parse("2026-01-02T00:00:00Z")));
        String jobId = Data.submit(crashing, Data.CARRIER, Data.importRequest(Data.events(tns, 2, Data.id())), 4,
                false);

        assertThrows(IllegalStateException.class,
                () -> crashing.runner().handle(new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson()));

        JobRecord failed = crashing.jobStore().find(jobId).orElseThrow();
        assertEquals(JobError.INTERNAL.shown(), failed.error());
        assertFalse(failed.error().contains("injected") || failed.error().contains("Exception"), failed.error());
    }

    @Test
    void storageFailuresAreTheirOwnCategory() {
        RuntimeException unavailable = new IllegalStateException("wrapped",
                new EndpointUnavailableException("503 from https://acct.table.core.windows.net", 503, null, null));
        assertEquals(JobError.STORAGE_UNAVAILABLE, JobError.of(unavailable));
        assertEquals(JobError.INTERNAL, JobError.of(new NullPointerException("x")));
        assertEquals("storage-unavailable", JobError.codeOf(JobError.STORAGE_UNAVAILABLE.shown()));
    }
}
