package io.shiptrack.api.security;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Adds the token's {@code roles} claim (Entra ID app roles) to the roles smallrye-jwt reads from {@code groups}. */
@ApplicationScoped
public class RolesClaimAugmentor implements SecurityIdentityAugmentor {

    static final String ROLES_CLAIM = "roles";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object claim = token.getClaim(ROLES_CLAIM);
        if (!(claim instanceof Collection<?> roles) || roles.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        for (Object role : roles) {
            builder.addRole(unquoted(role.toString()));
        }
        return Uni.createFrom().item(builder.build());
    }

    /** JSON-P string values print with their quotes. */
    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
