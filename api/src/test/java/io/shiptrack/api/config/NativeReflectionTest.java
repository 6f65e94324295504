package io.shiptrack.api.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;

/**
 * The native image keeps every job type's parameters record: the request's reader picks it by the type at run time,
 * where the native build cannot see it. A new job type whose record is missing here fails this test, not only the
 * native build's integration tests.
 */
class NativeReflectionTest {

    @Test
    void everyJobTypesParametersRecordAndTheRequestReaderAreKept() {
        List<Class<?>> kept = List.of(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());
        for (JobType type : JobType.values()) {
            assertTrue(kept.contains(type.parametersType()), type + ": " + type.parametersType().getSimpleName());
        }
        assertTrue(kept.contains(JobRequest.Reader.class));
    }
}
