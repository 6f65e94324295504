package io.shiptrack.api.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import io.shiptrack.localstack.TestSigningKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signs test tokens with a key pair made for this run; also the broken tokens of the identity corpus. */
public final class Tokens {

    public static final String ISSUER = "https://shiptrack.local/test";
    /** The audience the application under test requires ({@code %test.mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "api://shiptrack-test";
    /** The token subject of {@link #carrier()}: the owner of the shipments it registers. */
    public static final String CARRIER = "carrier-test";
    /** The key pair the application under test trusts (see TestStack). */
    public static final String TRUSTED = "trusted";
    private static final KeyPair KEYS = TestSigningKeys.named(TRUSTED);
    private static final KeyPair OTHER_KEYS = TestSigningKeys.named("untrusted");

    private Tokens() {
    }

    public static String member(String memberId) {
        return sign(valid(memberId).groups(Set.of("member")), KEYS);
    }

    public static String carrier() {
        return carrier(CARRIER);
    }

    /** A carrier token whose subject, the carrier id, is {@code carrierId}. */
    public static String carrier(String carrierId) {
        return sign(valid(carrierId).groups(Set.of("carrier")), KEYS);
    }

    public static String ops() {
        return ops("ops-test");
    }

    /** An ops token whose subject is {@code subject}: a submitter of its own, with its own unfinished-jobs limit. */
    public static String ops(String subject) {
        return sign(valid(subject).groups(Set.of("ops")), KEYS);
    }

    /** A carrier token whose role is in the Entra ID {@code roles} claim instead of {@code groups}. */
    public static String carrierWithRolesClaim() {
        return sign(valid("carrier-entra").claim("roles", List.of("carrier")), KEYS);
    }

    public static String expired(String memberId) {
        return valid(memberId).groups(Set.of("member")).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(KEYS.getPrivate());
    }

    /** Valid in every other way, but only from an hour from now ({@code nbf}). */
    public static String notYetValid(String subject) {
        return sign(valid(subject).groups(Set.of("carrier")).claim("nbf", Instant.now().plusSeconds(3600)
                .getEpochSecond()), KEYS);
    }

    public static String wrongIssuer(String subject) {
        return sign(valid(subject).groups(Set.of("carrier")).issuer("https://login.example.com/other"), KEYS);
    }

    /** Issued for another application of the same tenant, with a role of the same name. */
    public static String wrongAudience(String subject) {
        return sign(valid(subject).groups(Set.of("carrier")).audience("api://another-app"), KEYS);
    }

    public static String noAudience(String subject) {
        return sign(Jwt.issuer(ISSUER).subject(subject).groups(Set.of("carrier"))
                .expiresAt(Instant.now().plusSeconds(600)), KEYS);
    }

    public static String signedByAnotherKey(String subject) {
        return sign(valid(subject).groups(Set.of("carrier")), OTHER_KEYS);
    }

    /**
     * HS256 with the trusted public key (its PEM text) as the HMAC secret: the key-confusion attack on verifiers
     * that take the algorithm from the token's header.
     */
    public static String hs256WithPublicKeyAsSecret(String subject) {
        byte[] secret = TestSigningKeys.publicKeyPem(TRUSTED).getBytes(StandardCharsets.US_ASCII);
        return valid(subject).groups(Set.of("carrier")).jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(secret, "HmacSHA256"));
    }

    /** Signed, valid, but with no role at all. */
    public static String noRoles(String subject) {
        return sign(valid(subject), KEYS);
    }

    /** Roles where this API does not read them: a {@code role} string and the {@code scp} (scope) claim. */
    public static String rolesInUnexpectedClaims(String subject) {
        return sign(valid(subject).claim("role", "carrier").claim("scp", "carrier ops"), KEYS);
    }

    /** An unsigned token ({@code alg: none}) claiming the carrier role, otherwise valid. */
    public static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE
                + "\",\"sub\":\"mallory\",\"groups\":[\"carrier\"],\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** Issuer, audience, subject and ten minutes of validity: a token that lacks only what a case adds. */
    private static JwtClaimsBuilder valid(String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).expiresAt(Instant.now().plusSeconds(600));
    }

    private static String sign(JwtClaimsBuilder claims, KeyPair keys) {
        return claims.sign(keys.getPrivate());
    }
}
