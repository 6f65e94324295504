package io.shiptrack.worker.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.jobs.EventChunks;
import io.shiptrack.model.jobs.ImportEvents;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobIds;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobQueues;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.store.ODataFilters;
import io.shiptrack.store.ShipmentStore;
import io.shiptrack.worker.WorkerApp;

/** Test data written straight to the tables, as the API would write it. */
public final class Data {

    /**
     * Row properties that say when a row was written, not what it holds; two runs differ in them only. A summary's
     * Version is one: it is the commit's epoch millisecond unless the previous version was later.
     */
    private static final List<String> WRITE_TIMES = List.of("RecordedAt", "UpdatedAt", "CreatedAt",
            "LastEventRecordedAt", "Version", "Timestamp", "odata.etag", "odata.metadata", "odata.type", "odata.id",
            "odata.editLink");

    private Data() {
    }

    public static String trackingNumber() {
        return ("W" + UUID.randomUUID().toString().replace("-", "")).toUpperCase(Locale.ROOT).substring(0, 20);
    }

    public static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public static ShipmentStore shipmentStore(WorkerApp app) {
        return shipmentStore(app, ShipmentStore.Probe.NONE);
    }

    /** A store of {@code app}'s tables whose writers report to {@code probe} (see {@link Holds}). */
    public static ShipmentStore shipmentStore(WorkerApp app, ShipmentStore.Probe probe) {
        return new ShipmentStore(app.tables().getTableClient(TableKeys.SHIPMENTS),
                app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS), Duration.ofSeconds(20), probe);
    }

    /** A shipment from Rotterdam to Lyon for {@code memberId} (null: none), registered by "acme". */
    public static ShipmentRequest request(String memberId, Instant promisedBy) {
        return new ShipmentRequest("Rotterdam, NL", "Lyon, FR", promisedBy, memberId, "acme");
    }

    /** The token subject of the carrier that registers the test shipments and submits the test imports. */
    public static final String CARRIER = "carrier-a";

    public static String shipment(WorkerApp app, String memberId, Instant promisedBy) {
        String tn = trackingNumber();
        shipmentStore(app).put(tn, request(memberId, promisedBy), CarrierScope.carrier(CARRIER), Instant.now());
        return tn;
    }

    /** {@code perShipment} events on each shipment, eventIds unique per test run via {@code prefix}. */
    public static List<ImportedEvent> events(List<String> tns, int perShipment, String prefix) {
        List<ImportedEvent> events = new ArrayList<>();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < perShipment; i++) {
            for (int s = 0; s < tns.size(); s++) {
                ShipmentStatus type = i == perShipment - 1 ? ShipmentStatus.DELIVERED : ShipmentStatus.IN_TRANSIT;
                events.add(new ImportedEvent(tns.get(s), prefix + "-" + s + "-" + i, type,
                        base.plus(Duration.ofHours(i * 7L + s)), "Hub " + i, null));
            }
        }
        return events;
    }

    /** Submits a job as the API does: the row first, staged input, then the message. */
    public static String submit(WorkerApp app, String submitter, JobRequest request, int eventsPerChunk,
            boolean send) {
        return submit(app, submitter, false, request, eventsPerChunk, send);
    }

    /** {@link #submit}, by a submitter with the ops role when {@code ops}. */
    public static String submit(WorkerApp app, String submitter, boolean ops, JobRequest request,
            int eventsPerChunk, boolean send) {
        String jobId = JobIds.derive(submitter, UUID.randomUUID().toString());
        JobParameters parameters = request.parameters();
        List<String> chunks = parameters instanceof ImportEvents imported
                ? EventChunks.split(imported.events(), eventsPerChunk)
                : List.of();
        JobRecord accepted = JobRecord.accepted(jobId, request.type(), submitter, JobIds.fingerprint(request),
                parameters.stored(), chunks.size(), parameters.inputSize(), Instant.now());
        accepted = app.jobStore().insert(ops ? accepted.submittedByOps() : accepted).orElseThrow();
        app.jobStore().stage(jobId, chunks);
        if (send) {
            // Routed as the API routes it: a region-bound job to its region's queue.
            JobMessage message = JobMessage.of(accepted);
            WorkerStack.queue(JobQueues.of(app.config().queueName(), message)).sendMessage(message.toJson());
        }
        return jobId;
    }

    public static JobRequest importRequest(List<ImportedEvent> events) {
        return new JobRequest(new ImportEvents(events));
    }

    /**
     * The stored state of these shipments (all rows of their partitions and their member index rows), with the
     * tracking number replaced by its position and write times left out: comparable between two runs.
     */
    public static Map<String, Map<String, Object>> snapshot(WorkerApp app, List<String> tns) {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        TableClient shipments = app.tables().getTableClient(TableKeys.SHIPMENTS);
        TableClient members = app.tables().getTableClient(TableKeys.MEMBER_SHIPMENTS);
        for (int i = 0; i < tns.size(); i++) {
            String tn = tns.get(i);
            for (TableEntity row : shipments.listEntities(
                    new ListEntitiesOptions().setFilter(ODataFilters.eq("PartitionKey", tn)), null, Context.NONE)) {
                rows.put("S" + i + "/" + row.getRowKey(), properties(row));
            }
            for (TableEntity row : members.listEntities(
                    new ListEntitiesOptions().setFilter(ODataFilters.eq("RowKey", tn)), null, Context.NONE)) {
                rows.put("M" + i + "/" + row.getPartitionKey(), properties(row));
            }
        }
        return rows;
    }

    private static Map<String, Object> properties(TableEntity row) {
        Map<String, Object> props = new TreeMap<>(row.getProperties());
        WRITE_TIMES.forEach(props::remove);
        props.remove("PartitionKey");
        props.remove("RowKey");
        return props;
    }
}
