package io.shiptrack.model.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/**
 * A job type's record is named in three places beside it (its JobType constant, the sealed interface's permits and
 * the contract's anyOf): the three must name the same records, one per type.
 */
class JobTypesTest {

    @Test
    void everyJobTypeHasItsOwnRecordNamedInPermitsAndInTheContract() {
        Set<Class<?>> ofTypes = Arrays.stream(JobType.values()).map(JobType::parametersType)
                .collect(Collectors.toSet());
        assertEquals(JobType.values().length, ofTypes.size(), "one record per type");
        assertEquals(ofTypes, Set.of(JobParameters.class.getPermittedSubclasses()));
        assertEquals(ofTypes, Set.of(JobParameters.class.getAnnotation(Schema.class).anyOf()));
        for (JobType type : JobType.values()) {
            assertEquals(type, JobType.of(type.parametersType()));
            assertEquals(type.parametersType(), type.noParameters().getClass());
        }
    }
}
