package io.shiptrack.api.security;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.shiptrack.model.CarrierScope;
import io.shiptrack.model.Identifiers;
import io.shiptrack.model.jobs.Submitter;

/**
 * Who is calling: the token's {@code sub} claim is the member id of a member and the carrier id of a carrier (the
 * owner of the shipments it registers, see {@link CarrierScope}). Roles come from {@code groups} or {@code roles}.
 */
@RequestScoped
public class Caller {

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    Caller(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The calling member's id; 403 when the subject cannot be a member id. */
    public String memberId() {
        String subject = token.getSubject();
        if (!Identifiers.isMemberId(subject)) {
            throw new ForbiddenException("the token subject is not a member id");
        }
        return subject;
    }

    /** The caller as a job's submitter: its member id and its roles (see {@link Submitter}); 403 as {@link #memberId}. */
    public Submitter submitter() {
        return new Submitter(memberId(), identity.hasRole("member"), identity.hasRole("carrier"),
                identity.hasRole("ops"));
    }

    /** Whose shipments the caller may write: a carrier its own, ops any; 403 without a usable subject. */
    public CarrierScope carrierScope() {
        String subject = memberId();
        return identity.hasRole("ops") ? CarrierScope.ops(subject) : CarrierScope.carrier(subject);
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
