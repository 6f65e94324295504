package io.shiptrack.model.jobs;

import java.util.List;

import jakarta.validation.Validator;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.validation.Violations;

/**
 * The parameters of a job: one record per job type, each holding its own fields, its own Bean Validation rules, its
 * own defaults and who may submit it. The record of a type is named by its {@link JobType} constant, and a request's
 * {@code parameters} are read as the record of its {@code type} (see {@link JobRequest}). See docs/api.md,
 * "Job requests".
 * <p>
 * Stored job rows hold the record as JSON without a type (the row's {@code Type} says which), exactly as the single
 * record of every type's fields wrote them before; omitted parameters read as {@code {}}.
 * <p>
 * The OpenAPI document shows one {@code JobParameters} object holding every type's fields, as it always has: the
 * contract's filter merges the records listed here into it (see the API's {@code ContractFilter}).
 */
@Schema(description = "The parameters of every job type in one shape; each type reads its own.", anyOf = {
        RecomputeMemberStats.class, ImportEvents.class, WarmCache.class, PurgeDelivered.class})
public sealed interface JobParameters permits RecomputeMemberStats, ImportEvents, WarmCache, PurgeDelivered {

    /** The prefix of every parameter's field path in an answer's field errors. */
    String PATH = "parameters.";

    /**
     * Every broken rule, named under {@code parameters.}: by default the record's Bean Validation constraints. "Now",
     * for times, is {@code validator}'s clock.
     */
    default List<FieldError> validate(Validator validator) {
        return Violations.fieldErrors(validator.validate(this), PATH);
    }

    /**
     * These parameters with defaults filled in and nothing else, so that two bodies meaning the same job have the same
     * fingerprint. {@code caller} is the submitting member (null when the caller has no member role);
     * {@code defaultRegion} the region of the API that accepts the job (null in a single-region setup).
     */
    JobParameters normalized(String caller, String defaultRegion);

    /**
     * Whether {@code submitter} may submit a job with these (normalized) parameters: the role rules of docs/api.md,
     * each type stating its own. May refuse with a {@link io.shiptrack.model.ValidationException} when the roles allow
     * the type but a parameter they need is missing.
     */
    boolean allows(Submitter submitter);

    /** The region a region-bound job must run in, null when any region's worker may run it. */
    default String region() {
        return null;
    }

    /** The input staged as {@code input|<n>} rows beside the job's row, as JSON chunks; empty for most types. */
    default List<String> inputChunks() {
        return List.of();
    }

    /** How many items the staged input holds: the job's initial progress total. */
    default long inputSize() {
        return 0;
    }

    /** What the job's row keeps: these parameters without the input staged in chunk rows. */
    default JobParameters stored() {
        return this;
    }
}
