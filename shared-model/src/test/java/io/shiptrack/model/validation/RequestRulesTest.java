package io.shiptrack.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.EventRequest;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.Texts;
import io.shiptrack.model.TrackingNumbers;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.JobType;
import io.shiptrack.model.jobs.PurgeDelivered;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.model.jobs.WarmCache;

/** The request records' Bean Validation constraints, run by a plain Hibernate Validator: one error per broken rule. */
class RequestRulesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Validator VALIDATOR = TestValidators.at(NOW);

    private static Map<String, String> errors(Object request) {
        return byField(Violations.fieldErrors(VALIDATOR.validate(request), ""));
    }

    private static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> byField = new TreeMap<>();
        errors.forEach(error -> byField.merge(error.field(), error.message(), (a, b) -> a + " | " + b));
        return byField;
    }

    @Test
    void aShipmentBreakingEveryRuleNamesEachField() {
        assertEquals(Map.of(), errors(new ShipmentRequest("Rotterdam, NL", "Lyon, FR", NOW, "member-1", "acme")));
        assertEquals(Map.of("origin", Texts.REQUIRED, "destination", Texts.CONTROL_RULE, "promisedBy",
                Texts.TIME_RULE, "memberId", Identifiers.MEMBER_ID_RULE, "carrier", Texts.UNICODE_RULE),
                errors(new ShipmentRequest(" ", "Lyon\u0007", Instant.parse("1969-12-31T23:59:59Z"), "a/b",
                        "acme\uD800")));
        assertEquals(Map.of("origin", "must be at most 100 characters", "promisedBy", Texts.REQUIRED),
                errors(new ShipmentRequest("x".repeat(101), "Lyon, FR", null, null, "acme")));
    }

    @Test
    void anEventMayBeADayAheadOfTheValidatorsClockAndNoMore() {
        Instant dayAhead = NOW.plus(EventRequest.MAX_CLOCK_SKEW);
        assertEquals(Map.of(), errors(new EventRequest("e-1", ShipmentStatus.IN_TRANSIT, dayAhead, null, null)));
        assertEquals(Map.of("occurredAt", "must not be more than 24 hours in the future"), errors(new EventRequest(
                "e-1", ShipmentStatus.IN_TRANSIT, dayAhead.plusMillis(1), null, null)));
    }

    @Test
    void anImportedEventIsHeldToThePostedEventsRulesPlusItsTrackingNumber() {
        EventRequest posted = new EventRequest("bad id", null, Instant.parse("+10000-01-01T00:00:00Z"), "\uDC00",
                "n".repeat(1001));
        Map<String, String> expected = new TreeMap<>(Map.of("eventId", Identifiers.EVENT_ID_RULE, "type",
                Texts.REQUIRED, "occurredAt", Texts.TIME_RULE + " | must not be more than 24 hours in the future",
                "location", Texts.UNICODE_RULE, "note", "must be at most 1000 characters"));
        assertEquals(expected, errors(posted));

        ImportedEvent imported = new ImportedEvent("tn-lower", posted.eventId(), posted.type(), posted.occurredAt(),
                posted.location(), posted.note());
        expected.put("trackingNumber", TrackingNumbers.RULE);
        assertEquals(expected, byField(imported.validate(VALIDATOR)));
    }

    @Test
    void eachJobTypeIsHeldToTheRulesOfItsOwnParameters() {
        assertEquals(Map.of("parameters.olderThanDays", "is required and must be 1 to 36500"),
                byField(new JobRequest(new PurgeDelivered(PurgeDelivered.MAX_DAYS + 1)).validate(VALIDATOR)));
        assertEquals(Map.of("parameters.olderThanDays", "is required and must be 1 to 36500"),
                byField(new JobRequest(JobType.PURGE_DELIVERED, null).validate(VALIDATOR)));
        assertEquals(Map.of("parameters.limit", "must be 1 to 100000", "parameters.region",
                "must be a region name such as east or west"),
                byField(new JobRequest(new WarmCache(0, "West!")).validate(VALIDATOR)));
        assertEquals(Map.of("parameters.memberId", Identifiers.MEMBER_ID_RULE),
                byField(new JobRequest(new RecomputeMemberStats("a/b")).validate(VALIDATOR)));
        assertEquals(Map.of("parameters.events", "must hold at least one event"),
                byField(new JobRequest(JobType.IMPORT_EVENTS, null).validate(VALIDATOR)));
        assertEquals(Map.of("type", "is required: RECOMPUTE_MEMBER_STATS, IMPORT_EVENTS, WARM_CACHE or "
                + "PURGE_DELIVERED"), byField(new JobRequest(null, null).validate(VALIDATOR)));
    }
}
