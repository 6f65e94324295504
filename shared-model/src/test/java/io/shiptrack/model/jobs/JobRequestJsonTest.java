package io.shiptrack.model.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A request's {@code parameters} are read as the record of its {@code type}, whichever comes first in the body; without
 * a type, or with an unknown one, the type alone is what is wrong. Read with a mapper set as the API's (unknown
 * properties ignored).
 */
class JobRequestJsonTest {

    private static final ObjectMapper API = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static JobRequest read(String json) throws Exception {
        return API.readValue(json, JobRequest.class);
    }

    @Test
    void parametersAreTheRecordOfTheType() throws Exception {
        assertEquals(new JobRequest(new WarmCache(5, "west")),
                read("{\"type\":\"WARM_CACHE\",\"parameters\":{\"limit\":5,\"region\":\"west\",\"memberId\":\"x\"}}"));
        assertEquals(new JobRequest(new PurgeDelivered(30)),
                read("{\"parameters\":{\"olderThanDays\":30},\"type\":\"PURGE_DELIVERED\"}"));
        assertEquals(new JobRequest(new RecomputeMemberStats("m-1")),
                read("{\"type\":\"RECOMPUTE_MEMBER_STATS\",\"parameters\":{\"memberId\":\"m-1\"}}"));
        assertEquals(new JobRequest(new ImportEvents(List.of())),
                read("{\"type\":\"IMPORT_EVENTS\",\"parameters\":{\"events\":[]}}"));
    }

    @Test
    void parametersMayBeOmittedOrNull() throws Exception {
        assertEquals(new JobRequest(JobType.WARM_CACHE, null), read("{\"type\":\"WARM_CACHE\"}"));
        assertEquals(new JobRequest(JobType.WARM_CACHE, null), read("{\"type\":\"WARM_CACHE\",\"parameters\":null}"));
        assertEquals(new WarmCache(WarmCache.DEFAULT_LIMIT, "east"),
                read("{\"type\":\"WARM_CACHE\"}").normalized(null, "east").parameters());
    }

    @Test
    void withoutAKnownTypeTheTypeIsWhatIsWrong() throws Exception {
        JobRequest untyped = read("{\"parameters\":{\"olderThanDays\":30}}");
        assertNull(untyped.type());
        assertNull(untyped.parameters());
        assertNull(read("{\"type\":null,\"parameters\":{\"olderThanDays\":30}}").type());
        for (String body : new String[]{"{\"type\":\"NOPE\"}", "{\"type\":\"NOPE\",\"parameters\":{\"limit\":5}}",
                "{\"parameters\":{\"limit\":5},\"type\":\"NOPE\"}"}) {
            JsonMappingException e = assertThrows(JsonMappingException.class, () -> read(body));
            assertEquals("type", e.getPath().get(0).getFieldName(), body);
        }
    }

    @Test
    void aParameterOfTheWrongShapeIsNamedByItsPath() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> read("{\"type\":\"PURGE_DELIVERED\",\"parameters\":{\"olderThanDays\":\"x\"}}"));
        assertEquals(List.of("parameters", "olderThanDays"),
                e.getPath().stream().map(JsonMappingException.Reference::getFieldName).toList());
    }

    @Test
    void writtenWithTheTypeOnce() {
        assertEquals("{\"parameters\":{\"limit\":5},\"type\":\"WARM_CACHE\"}",
                JobJson.write(new JobRequest(new WarmCache(5, null))));
    }
}
