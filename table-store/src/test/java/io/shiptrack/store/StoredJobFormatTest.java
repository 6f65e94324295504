package io.shiptrack.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.jobs.JobIds;
import io.shiptrack.model.jobs.JobJson;
import io.shiptrack.model.jobs.JobMessage;
import io.shiptrack.model.jobs.JobRecord;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;

/**
 * What is already stored stays readable: the {@code Parameters} JSON of job rows, the fingerprints of submissions
 * (a repeated submission must find its job) and the queue messages, each as the single-record parameters wrote
 * them before the parameters became one record per job type. The texts and hashes below were produced by that code.
 */
class StoredJobFormatTest {

    private static TableEntity row(JobType type, String parameters) {
        TableEntity entity = new TableEntity("0123456789abcdef0123456789abcdef", JobEntities.JOB_ROW)
                .addProperty("Type", type.name()).addProperty("Status", "QUEUED")
                .addProperty("Submitter", "m-1").addProperty("Fingerprint", "f").addProperty("InputChunks", 0)
                .addProperty("Attempts", 0).addProperty("ChunksDone", 0).addProperty("Processed", 0L)
                .addProperty("Total", 0L).addProperty("CleanedUp", false)
                .addProperty("CreatedAt", EntityValues.time(Instant.parse("2026-01-01T00:00:00Z")))
                .addProperty("UpdatedAt", EntityValues.time(Instant.parse("2026-01-01T00:00:00Z")));
        if (parameters != null) {
            entity.addProperty("Parameters", parameters);
        }
        return entity;
    }

    @Test
    void storedParametersReadAndWriteBackAsTheyWere() {
        Map<String, JobType> stored = new LinkedHashMap<>();
        stored.put("{\"memberId\":\"m-1\"}", JobType.RECOMPUTE_MEMBER_STATS);
        stored.put("{}", JobType.IMPORT_EVENTS);
        stored.put("{\"limit\":500,\"region\":\"west\"}", JobType.WARM_CACHE);
        stored.put("{\"limit\":10000}", JobType.WARM_CACHE);
        stored.put("{\"olderThanDays\":30}", JobType.PURGE_DELIVERED);
        stored.forEach((text, type) -> {
            JobRecord job = JobEntities.jobFrom(row(type, text));
            assertEquals(type, job.type());
            assertEquals(text, JobEntities.jobEntity(job).getProperty("Parameters"), type + " " + text);
        });
        assertEquals("west", JobEntities.jobFrom(row(JobType.WARM_CACHE, "{\"limit\":500,\"region\":\"west\"}"))
                .region());
        assertNull(JobEntities.jobFrom(row(JobType.WARM_CACHE, "{\"limit\":10000}")).region());
        // A row written without parameters reads as parameters of nothing.
        assertEquals("{}", JobEntities.jobEntity(JobEntities.jobFrom(row(JobType.PURGE_DELIVERED, null)))
                .getProperty("Parameters"));
    }

    @Test
    void fingerprintsOfNormalizedSubmissionsAreUnchanged() {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put("{\"type\":\"RECOMPUTE_MEMBER_STATS\"}",
                "60c9407107923ed9df9c00790f30164ef4069cfdca40c3315c89e250d2f262a6");
        fingerprints.put("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"m-2\",\"limit\":3}}",
                "1e16e67eee9165dea866d7146141f93ee2b398749684e9972d2545a752290ad1");
        fingerprints.put("{\"type\":\"WARM_CACHE\"}",
                "3a1857ddd1d53b447e61acd1a21f9d4bee6ed38e064b85877bb621e7fd2c1874");
        fingerprints.put("{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":50,\"region\":\"east\"}}",
                "137cb051ba2d3e66f19184065bca309ade921b24db14e973796159f9d405d88e");
        fingerprints.put("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":30,\"memberId\":\"x\"}}",
                "b6de914c0ed55a2f51844400a479bfe9f2eda9cf4f246392b461347daa18cfa1");
        fingerprints.put("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[{\"trackingNumber\":\"TN12345678\","
                + "\"eventId\":\"ev-1\",\"type\":\"IN_TRANSIT\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                + "\"location\":\"Hub\"}]}}", "38d7db5c70c21a386ba4d142805472d2c307cca9765082299efcd0a8fb1cd39b");
        Map<String, String> actual = new LinkedHashMap<>();
        fingerprints.keySet().forEach(body -> actual.put(body,
                JobIds.fingerprint(JobJson.read(body, JobRequest.class).normalized("m-1", "west"))));
        assertEquals(fingerprints, actual);
    }

    @Test
    void queueMessagesReadAndWriteAsTheyWere() {
        for (String text : new String[]{"{\"jobId\":\"0123456789abcdef0123456789abcdef\",\"type\":\"IMPORT_EVENTS\"}",
                "{\"jobId\":\"0123456789abcdef0123456789abcdef\",\"region\":\"west\",\"type\":\"WARM_CACHE\"}"}) {
            assertEquals(text, JobMessage.parse(text).toJson());
        }
    }
}
