package io.shiptrack.model.jobs;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.JobType;
import io.shiptrack.model.validation.Violations;

/** The body of {@code POST /jobs}: a job type and its parameters. */
@Schema(description = "A job to run: its type and that type's parameters.", requiredProperties = {"type"})
public record JobRequest(
        @NotNull(message = "is required: RECOMPUTE_MEMBER_STATS, IMPORT_EVENTS, WARM_CACHE or PURGE_DELIVERED") JobType type,
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

    /** Validation group of the rules of RECOMPUTE_MEMBER_STATS's parameters. */
    public interface RecomputeMemberStats {
    }

    /** Validation group of the rules of IMPORT_EVENTS's parameters. */
    public interface ImportEvents {
    }

    /** Validation group of the rules of WARM_CACHE's parameters. */
    public interface WarmCache {
    }

    /** Validation group of the rules of PURGE_DELIVERED's parameters. */
    public interface PurgeDelivered {
    }

    /** The validation group holding the rules of {@code type}'s parameters. */
    public static Class<?> rulesOf(JobType type) {
        return switch (type) {
            case RECOMPUTE_MEMBER_STATS -> RecomputeMemberStats.class;
            case IMPORT_EVENTS -> ImportEvents.class;
            case WARM_CACHE -> WarmCache.class;
            case PURGE_DELIVERED -> PurgeDelivered.class;
        };
    }

    /**
     * Every broken rule, empty when the request is valid: the type, then the rules of that type's parameters (the
     * Bean Validation constraints of {@link JobParameters} in the type's group), then each imported event's, until
     * {@link #MAX_REPORTED_ERRORS}. "Now", for event times, is {@code validator}'s clock.
     */
    public List<FieldError> validate(Validator validator) {
        List<FieldError> errors = new ArrayList<>(Violations.fieldErrors(validator.validate(this), ""));
        if (type == null) {
            return errors;
        }
        JobParameters p = parameters == null ? JobParameters.NONE : parameters;
        errors.addAll(Violations.fieldErrors(validator.validate(p, rulesOf(type)), "parameters."));
        if (type != JobType.IMPORT_EVENTS || !errors.isEmpty()) {
            return errors;
        }
        for (int i = 0; i < p.events().size() && errors.size() <= MAX_REPORTED_ERRORS; i++) {
            ImportedEvent event = p.events().get(i);
            if (event == null) {
                errors.add(FieldError.of("parameters.events[" + i + "]", "must be an event"));
                continue;
            }
            for (FieldError error : event.validate(validator)) {
                errors.add(error.within("parameters.events", i));
            }
        }
        if (errors.size() > MAX_REPORTED_ERRORS) {
            errors.subList(MAX_REPORTED_ERRORS, errors.size()).clear();
            errors.add(FieldError.of("parameters.events", "has more errors; only the first " + MAX_REPORTED_ERRORS
                    + " are reported"));
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
