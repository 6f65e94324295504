package io.shiptrack.api.security;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.shiptrack.model.Identifiers;

/** Who is calling: the member id is the token's {@code sub} claim. */
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

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
