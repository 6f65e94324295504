package io.shiptrack.model.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.JobType;

/** The body of {@code POST /jobs}: a job type and its parameters. */
@Schema(description = "A job to run: its type and that type's parameters.", requiredProperties = {"type"})
public record JobRequest(
        JobType type,
        @Schema(description = "Required for IMPORT_EVENTS (events) and PURGE_DELIVERED (olderThanDays)") JobParameters parameters) {

    public static final int MAX_IMPORTED_EVENTS = 100_000;
    public static final int DEFAULT_WARM_LIMIT = 10_000;
    public static final int MAX_WARM_LIMIT = 100_000;
    /** A century: any cut-off further back would fall before the times storage holds. */
    public static final int MAX_PURGE_DAYS = 36_500;
    /**
     * Validation of an import stops after this many field errors (and says so in one more entry): 100,000 broken
     * events must not make an answer, and the work to build it, of 100,000 entries.
     */
    public static final int MAX_REPORTED_ERRORS = 100;

    /** Every broken rule at time {@code now}, empty when the request is valid. */
    public List<FieldError> validate(Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (type == null) {
            errors.add(FieldError.of("type", "is required: RECOMPUTE_MEMBER_STATS, IMPORT_EVENTS, WARM_CACHE or "
                    + "PURGE_DELIVERED"));
            return errors;
        }
        JobParameters p = parameters == null ? JobParameters.NONE : parameters;
        switch (type) {
            case RECOMPUTE_MEMBER_STATS -> {
                if (p.memberId() != null && !Identifiers.isMemberId(p.memberId())) {
                    errors.add(FieldError.of("parameters.memberId", "must be 1 to 128 letters, digits or . _ @ -"));
                }
            }
            case IMPORT_EVENTS -> {
                if (p.events() == null || p.events().isEmpty()) {
                    errors.add(FieldError.of("parameters.events", "must hold at least one event"));
                } else if (p.events().size() > MAX_IMPORTED_EVENTS) {
                    errors.add(FieldError.of("parameters.events", "must hold at most " + MAX_IMPORTED_EVENTS
                            + " events"));
                } else {
                    for (int i = 0; i < p.events().size() && errors.size() <= MAX_REPORTED_ERRORS; i++) {
                        ImportedEvent event = p.events().get(i);
                        if (event == null) {
                            errors.add(FieldError.of("parameters.events[" + i + "]", "must be an event"));
                            continue;
                        }
                        for (FieldError error : event.validate(now)) {
                            errors.add(error.within("parameters.events", i));
                        }
                    }
                    if (errors.size() > MAX_REPORTED_ERRORS) {
                        errors.subList(MAX_REPORTED_ERRORS, errors.size()).clear();
                        errors.add(FieldError.of("parameters.events", "has more errors; only the first "
                                + MAX_REPORTED_ERRORS + " are reported"));
                    }
                }
            }
            case WARM_CACHE -> {
                if (p.limit() != null && (p.limit() < 1 || p.limit() > MAX_WARM_LIMIT)) {
                    errors.add(FieldError.of("parameters.limit", "must be 1 to " + MAX_WARM_LIMIT));
                }
                if (p.region() != null && !JobQueues.REGION.matcher(p.region()).matches()) {
                    errors.add(FieldError.of("parameters.region", "must be a region name such as east or west"));
                }
            }
            case PURGE_DELIVERED -> {
                if (p.olderThanDays() == null || p.olderThanDays() < 1 || p.olderThanDays() > MAX_PURGE_DAYS) {
                    errors.add(FieldError.of("parameters.olderThanDays", "is required and must be 1 to "
                            + MAX_PURGE_DAYS));
                }
            }
            default -> throw new IllegalStateException("unhandled job type " + type);
        }
        return errors;
    }

    /**
     * The request with defaults filled in and foreign parameters dropped, so that two bodies meaning the same job
     * have the same fingerprint. {@code caller} is the member a stats job defaults to.
     */
    public JobRequest normalized(String caller) {
        return normalized(caller, null);
    }

    /**
     * As {@link #normalized(String)}; a WARM_CACHE without a region gets {@code defaultRegion} (the region of the
     * API that accepted it; null in a single-region setup, where the job stays region-free).
     */
    public JobRequest normalized(String caller, String defaultRegion) {
        JobParameters p = parameters == null ? JobParameters.NONE : parameters;
        JobParameters normal = switch (type) {
            case RECOMPUTE_MEMBER_STATS -> new JobParameters(p.memberId() == null ? caller : p.memberId(), null,
                    null, null);
            case IMPORT_EVENTS -> new JobParameters(null, p.events(), null, null);
            case WARM_CACHE -> new JobParameters(null, null, p.limit() == null ? DEFAULT_WARM_LIMIT : p.limit(),
                    null, p.region() == null ? defaultRegion : p.region());
            case PURGE_DELIVERED -> new JobParameters(null, null, null, p.olderThanDays());
        };
        return new JobRequest(type, normal);
    }
}
