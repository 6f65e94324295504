package io.shiptrack.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import io.shiptrack.model.jobs.JobRecord;

/**
 * The Jobs table, shared by the API (submission, status) and the worker (lease, checkpoint, clean-up). Every change
 * of a job row is conditional on the ETag it was read with; all rows of a job share its partition.
 */
public final class JobStore {

    /** Entity-group transactions hold at most 100 actions, all in one partition. */
    static final int MAX_BATCH = 100;

    private final TableClient jobs;
    private final Duration timeout;

    public JobStore(TableClient jobs, Duration timeout) {
        this.jobs = jobs;
        this.timeout = timeout;
    }

    public Optional<JobRecord> find(String jobId) {
        try {
            Response<TableEntity> response = jobs.getEntityWithResponse(jobId, JobEntities.JOB_ROW, null, timeout,
                    Context.NONE);
            return Optional.ofNullable(response.getValue()).map(JobEntities::jobFrom);
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Inserts a new job row; empty when a row with that id exists already (a repeated submission). */
    public Optional<JobRecord> insert(JobRecord job) {
        try {
            Response<Void> response = jobs.createEntityWithResponse(JobEntities.jobEntity(job), timeout,
                    Context.NONE);
            return Optional.of(job.withETag(eTag(response)));
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Replaces the row if it is still at {@code job.eTag()}; {@link StaleJobException} when it moved on. */
    public JobRecord replace(JobRecord job) {
        TableEntity entity = JobEntities.jobEntity(job);
        entity.addProperty("odata.etag", job.eTag());
        try {
            Response<Void> response = jobs.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true,
                    timeout, Context.NONE);
            return job.withETag(eTag(response));
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 412 || ShipmentStore.statusOf(e) == 404) {
                throw new StaleJobException(job.jobId());
            }
            throw e;
        }
    }

    /** The submitter's open-jobs row ({@link OpenJobs}) with its ETag; an empty one when there is none yet. */
    public OpenJobs openJobs(String submitter) {
        try {
            Response<TableEntity> response = jobs.getEntityWithResponse(JobEntities.openJobsPartition(submitter),
                    JobEntities.OPEN_JOBS_ROW, null, timeout, Context.NONE);
            TableEntity row = response.getValue();
            return new OpenJobs(submitter, OpenJobs.decode((String) row.getProperty(JobEntities.OPEN_JOBS)),
                    row.getETag());
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 404) {
                return new OpenJobs(submitter, Map.of(), null);
            }
            throw e;
        }
    }

    /**
     * Writes {@code admitted} as the submitter's open jobs if the row is still as {@code read} found it (created if
     * there was none); false when another submission changed it first: read again and decide again.
     */
    public boolean tryWriteOpenJobs(OpenJobs read, Map<String, Instant> admitted) {
        TableEntity entity = new TableEntity(JobEntities.openJobsPartition(read.submitter()),
                JobEntities.OPEN_JOBS_ROW).addProperty(JobEntities.OPEN_JOBS, OpenJobs.encode(admitted));
        try {
            if (read.eTag() == null) {
                jobs.createEntityWithResponse(entity, timeout, Context.NONE);
            } else {
                entity.addProperty("odata.etag", read.eTag());
                jobs.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, timeout, Context.NONE);
            }
            return true;
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 409 || ShipmentStore.statusOf(e) == 412
                    || ShipmentStore.statusOf(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Writes staged input chunks; upserts, so a repeated submission rewrites the same rows. */
    public void stage(String jobId, List<String> chunks) {
        for (int i = 0; i < chunks.size(); i++) {
            stage(jobId, i, chunks.get(i));
        }
    }

    /** Writes staged input chunk {@code chunk}; an upsert. */
    public void stage(String jobId, int chunk, String json) {
        jobs.upsertEntityWithResponse(JobEntities.inputEntity(jobId, chunk, json), TableEntityUpdateMode.REPLACE,
                timeout, Context.NONE);
    }

    /** The JSON of staged chunk {@code chunk}; empty when the row is missing. */
    public Optional<String> input(String jobId, int chunk) {
        try {
            Response<TableEntity> response = jobs.getEntityWithResponse(jobId, JobEntities.inputRowKey(chunk), null,
                    timeout, Context.NONE);
            return Optional.ofNullable(response.getValue()).map(JobEntities::inputFrom);
        } catch (TableServiceException e) {
            if (ShipmentStore.statusOf(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** How many staged input rows the job has (keys only are read). */
    public int stagedChunks(String jobId) {
        int staged = 0;
        for (TableEntity ignored : jobs.listEntities(inputRows(jobId), timeout, Context.NONE)) {
            staged++;
        }
        return staged;
    }

    /** Deletes every staged input row of the job, in same-partition batches; returns how many there were. */
    public int removeInput(String jobId) {
        List<TableTransactionAction> batch = new ArrayList<>();
        int removed = 0;
        for (TableEntity row : jobs.listEntities(inputRows(jobId), timeout, Context.NONE)) {
            batch.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                    new TableEntity(jobId, row.getRowKey())));
            if (batch.size() == MAX_BATCH) {
                removed += submit(batch);
            }
        }
        return removed + submit(batch);
    }

    private static ListEntitiesOptions inputRows(String jobId) {
        String filter = ODataFilters.and(ODataFilters.eq("PartitionKey", jobId),
                ODataFilters.ge("RowKey", JobEntities.INPUT_PREFIX),
                ODataFilters.lt("RowKey", JobEntities.INPUT_PREFIX_END));
        return new ListEntitiesOptions().setFilter(filter).setSelect(List.of("PartitionKey", "RowKey"));
    }

    /** Up to {@code limit} job rows after job id {@code afterJobId} (null: from the first), in id order. */
    public List<JobRecord> scan(String afterJobId, int limit) {
        return PartitionScan.page(jobs, JobEntities.JOB_ROW, afterJobId, limit, timeout).stream()
                .map(JobEntities::jobFrom).toList();
    }

    private int submit(List<TableTransactionAction> batch) {
        int size = batch.size();
        if (size > 0) {
            jobs.submitTransactionWithResponse(List.copyOf(batch), timeout, Context.NONE);
            batch.clear();
        }
        return size;
    }

    /**
     * The row's new ETag from a write's response, so that the next conditional write needs no read. Azurite 3.35
     * drops the closing quote of a weak ETag in this header ({@code W/"datetime'...'}); it is restored here, a no-op
     * on Azure.
     */
    public static String eTag(Response<?> response) {
        String eTag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        if (eTag != null && eTag.startsWith("W/\"") && !eTag.endsWith("\"")) {
            eTag = eTag + "\"";
        }
        return eTag;
    }
}
