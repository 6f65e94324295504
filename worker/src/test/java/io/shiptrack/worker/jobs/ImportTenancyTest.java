package io.shiptrack.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.worker.WorkerApp;
import io.shiptrack.worker.support.Data;
import io.shiptrack.worker.support.WorkerStack;

/**
 * IMPORT_EVENTS only touches the submitter's own shipments (those its token subject registered); another carrier's
 * are rejected and counted exactly like unknown ones, and ops may import into any. On real Azurite.
 */
class ImportTenancyTest {

    @Test
    void anotherCarriersShipmentsAreRejectedLikeUnknownOnesAndLeftAlone() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        List<String> tns = List.of(Data.shipment(app, "member-t", Instant.parse("2026-01-02T00:00:00Z")));
        Map<String, Map<String, Object>> before = Data.snapshot(app, tns);
        String jobId = Data.submit(app, "carrier-b", Data.importRequest(Data.events(tns, 3, Data.id())), 4, false);

        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(jobId)).outcome());

        ImportEventsJob.Checkpoint counts = checkpoint(app, jobId);
        assertEquals(0, counts.applied());
        assertEquals(3, counts.rejected());
        // One error per rejected event, each worded like an unknown shipment (an empty list would prove nothing).
        assertEquals(3, counts.errors().size(), "errors: " + counts.errors());
        assertTrue(counts.errors().stream().allMatch(e -> e.endsWith(": no shipment " + tns.get(0))),
                "worded like an unknown shipment: " + counts.errors());
        assertEquals(before, Data.snapshot(app, tns), "nothing written to carrier-a's shipment");
    }

    @Test
    void theOwnerAndOpsMayImport() {
        WorkerApp app = WorkerStack.app(WorkerStack.newQueue());
        List<String> tns = List.of(Data.shipment(app, "member-t", Instant.parse("2026-01-02T00:00:00Z")));
        Map<String, Map<String, Object>> before = Data.snapshot(app, tns);
        String owners = Data.submit(app, Data.CARRIER, Data.importRequest(Data.events(tns, 2, Data.id())), 4,
                false);
        String ops = Data.submit(app, "ops-1", true, Data.importRequest(Data.events(tns, 2, Data.id())), 4, false);

        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(owners)).outcome());
        assertEquals(JobRunner.Outcome.SUCCEEDED, app.runner().handle(message(ops)).outcome());

        assertEquals(2, checkpoint(app, owners).applied());
        assertEquals(2, checkpoint(app, ops).applied());
        assertEquals(0, checkpoint(app, ops).rejected());
        assertNotEquals(before, Data.snapshot(app, tns));
    }

    private static ImportEventsJob.Checkpoint checkpoint(WorkerApp app, String jobId) {
        JobRecord done = app.jobStore().find(jobId).orElseThrow();
        return JobJson.read(done.checkpoint(), ImportEventsJob.Checkpoint.class);
    }

    private static String message(String jobId) {
        return new JobMessage(jobId, JobType.IMPORT_EVENTS).toJson();
    }
}
