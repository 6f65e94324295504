package io.shiptrack.model.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.validation.TestValidators;

/** Validation of a large import stops collecting errors after a fixed number. */
class JobRequestLimitsTest {

    private static List<FieldError> validate(int brokenEvents) {
        List<ImportedEvent> events = new ArrayList<>();
        for (int i = 0; i < brokenEvents; i++) {
            // A malformed tracking number, no eventId, no type, no time: several errors per event.
            events.add(new ImportedEvent("not a tracking number", null, null, null, null, null));
        }
        return new JobRequest(new ImportEvents(events))
                .validate(TestValidators.at(Instant.parse("2026-06-01T00:00:00Z")));
    }

    @Test
    void fiftyThousandBrokenEventsGiveAFixedNumberOfErrorsAndSaySo() {
        List<FieldError> errors = validate(50_000);
        assertEquals(ImportEvents.MAX_REPORTED_ERRORS + 1, errors.size());
        FieldError last = errors.get(errors.size() - 1);
        assertEquals("parameters.events", last.field());
        assertTrue(last.message().contains("only the first " + ImportEvents.MAX_REPORTED_ERRORS), last.message());
    }

    @Test
    void fewErrorsAreAllReported() {
        List<FieldError> errors = validate(2);
        assertTrue(errors.size() > 2 && errors.size() < ImportEvents.MAX_REPORTED_ERRORS, errors.toString());
        assertTrue(errors.stream().noneMatch(e -> e.message().contains("only the first")));
    }
}
