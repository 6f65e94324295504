package io.shiptrack.model.jobs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.ValidationException;
import io.shiptrack.model.validation.MemberId;

/**
 * RECOMPUTE_MEMBER_STATS: recompute one member's delivery statistics. A member may ask for its own (omitted means
 * the caller); ops for any member, naming it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "RecomputeMemberStatsParameters")
public record RecomputeMemberStats(
        @MemberId @Schema(nullable = true, pattern = Identifiers.MEMBER_ID_PATTERN, description = "RECOMPUTE_MEMBER_STATS: the member; a member may name only itself, and omitted means the caller") String memberId)
        implements
            JobParameters {

    @Override
    public RecomputeMemberStats normalized(String caller, String defaultRegion) {
        return new RecomputeMemberStats(memberId == null ? caller : memberId);
    }

    /** ops: any member, named; a member: itself. */
    @Override
    public boolean allows(Submitter submitter) {
        if (submitter.ops()) {
            if (memberId == null) {
                throw new ValidationException(FieldError.of(PATH + "memberId",
                        "is required unless a member asks for itself"));
            }
            return true;
        }
        return submitter.member() && submitter.subject().equals(memberId);
    }
}
