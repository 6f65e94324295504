package io.shiptrack.store;

import static io.shiptrack.store.EntityValues.instant;
import static io.shiptrack.store.EntityValues.number;
import static io.shiptrack.store.EntityValues.string;
import static io.shiptrack.store.EntityValues.time;

import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.JobStatus;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobType;

/** Maps job rows, staged input rows and open-jobs rows to and from Table Storage entities. */
public final class JobEntities {

    /** RowKey of the job's own row in its partition. */
    public static final String JOB_ROW = "job";
    /** RowKey prefix of staged input chunks: {@code input|000042}; zero-padded so they sort in order. */
    static final String INPUT_PREFIX = "input|";
    /** The first RowKey after every input row ({@code '}'} follows {@code '|'}). */
    static final String INPUT_PREFIX_END = "input}";
    /** A string property holds at most 64 KiB (32 K UTF-16 characters); staged text is split below that. */
    static final int MAX_PART_CHARS = 30_000;

    private JobEntities() {
    }

    /** RowKey of a submitter's open-jobs row ({@link OpenJobs}) in its partition, and the property of its entries. */
    static final String OPEN_JOBS_ROW = "ledger";
    static final String OPEN_JOBS = "Jobs";

    /** PartitionKey of a submitter's open-jobs row ({@link OpenJobs}). */
    static String openJobsPartition(String submitter) {
        return "open|" + submitter;
    }

    public static String inputRowKey(int chunk) {
        return INPUT_PREFIX + String.format("%06d", chunk);
    }

    static TableEntity jobEntity(JobRecord job) {
        TableEntity entity = new TableEntity(job.jobId(), JOB_ROW);
        put(entity, "Type", job.type().name());
        put(entity, "Status", job.status().name());
        put(entity, "Submitter", job.submitter());
        put(entity, "OpsSubmitted", job.opsSubmitted() ? Boolean.TRUE : null);
        put(entity, "Fingerprint", job.fingerprint());
        put(entity, "Parameters", JobJson.write(job.parameters()));
        put(entity, "InputChunks", job.inputChunks());
        put(entity, "Attempts", job.attempts());
        put(entity, "ChunksDone", job.chunksDone());
        put(entity, "Checkpoint", job.checkpoint());
        put(entity, "LeaseOwner", job.lease().owner());
        put(entity, "LeaseExpiresAt", time(job.lease().expiresAt()));
        put(entity, "Processed", job.progress().processed());
        put(entity, "Total", job.progress().total());
        put(entity, "Error", job.error());
        put(entity, "CleanedUp", job.cleanedUp());
        put(entity, "CreatedAt", time(job.createdAt()));
        put(entity, "UpdatedAt", time(job.updatedAt()));
        return entity;
    }

    static JobRecord jobFrom(TableEntity entity) {
        String parameters = string(entity, "Parameters");
        JobType type = JobType.valueOf(string(entity, "Type"));
        return new JobRecord(entity.getPartitionKey(), type,
                JobStatus.valueOf(string(entity, "Status")), string(entity, "Submitter"),
                string(entity, "Fingerprint"),
                parameters == null ? type.noParameters() : JobJson.read(parameters, type.parametersType()),
                (int) number(entity, "InputChunks"), (int) number(entity, "Attempts"),
                (int) number(entity, "ChunksDone"),
                string(entity, "Checkpoint"),
                new JobRecord.Lease(string(entity, "LeaseOwner"), instant(entity, "LeaseExpiresAt")),
                new JobRecord.Progress(number(entity, "Processed"), number(entity, "Total")),
                string(entity, "Error"), Boolean.TRUE.equals(entity.getProperty("CleanedUp")),
                instant(entity, "CreatedAt"), instant(entity, "UpdatedAt"), entity.getETag(),
                Boolean.TRUE.equals(entity.getProperty("OpsSubmitted")));
    }

    /** A staged chunk: its JSON split over properties {@code Part0..PartN} below the property size limit. */
    static TableEntity inputEntity(String jobId, int chunk, String json) {
        TableEntity entity = new TableEntity(jobId, inputRowKey(chunk));
        int parts = 0;
        for (int from = 0; from < json.length(); from += MAX_PART_CHARS) {
            entity.addProperty("Part" + parts++, json.substring(from, Math.min(json.length(), from + MAX_PART_CHARS)));
        }
        entity.addProperty("Parts", parts);
        return entity;
    }

    static String inputFrom(TableEntity entity) {
        int parts = (int) number(entity, "Parts");
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            json.append(string(entity, "Part" + i));
        }
        return json.toString();
    }

    private static void put(TableEntity entity, String name, Object value) {
        if (value != null) {
            entity.addProperty(name, value);
        }
    }

}
