package io.shiptrack.model.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.ValidationException;

/** The role rules of docs/api.md, as each job type's parameters state them. */
class JobRolesTest {

    private static final Submitter MEMBER = new Submitter("m-1", true, false, false);
    private static final Submitter CARRIER = new Submitter("c-1", false, true, false);
    private static final Submitter OPS = new Submitter("o-1", false, false, true);

    private static String allowed(JobParameters parameters) {
        StringBuilder who = new StringBuilder();
        Map<String, Submitter> submitters = new TreeMap<>(Map.of("carrier", CARRIER, "member", MEMBER, "ops", OPS));
        submitters.forEach((role, submitter) -> {
            if (parameters.allows(submitter)) {
                who.append(who.isEmpty() ? "" : " ").append(role);
            }
        });
        return who.toString();
    }

    @Test
    void eachTypeNamesWhoMaySubmitIt() {
        assertEquals("carrier ops", allowed(new ImportEvents(List.of())));
        assertEquals("ops", allowed(new WarmCache(10, null)));
        assertEquals("ops", allowed(new PurgeDelivered(30)));
        assertEquals("member ops", allowed(new RecomputeMemberStats("m-1")));
        assertEquals("ops", allowed(new RecomputeMemberStats("someone-else")));
    }

    @Test
    void opsMustNameTheMemberOfAStatsJob() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new RecomputeMemberStats(null).allows(OPS));
        assertEquals(List.of(FieldError.of("parameters.memberId", "is required unless a member asks for itself")),
                e.errors());
        assertEquals(false, new RecomputeMemberStats(null).allows(CARRIER));
    }
}
