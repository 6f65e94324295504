package io.shiptrack.api.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.shiptrack.localstack.TestSigningKeys;
import io.smallrye.jwt.build.Jwt;

/** Signs test tokens with a key pair made for this run; also the broken tokens identity tests need. */
public final class Tokens {

    public static final String ISSUER = "https://shiptrack.local/test";
    /** The key pair the application under test trusts (see TestStack). */
    public static final String TRUSTED = "trusted";
    private static final KeyPair KEYS = TestSigningKeys.named(TRUSTED);
    private static final KeyPair OTHER_KEYS = TestSigningKeys.named("untrusted");

    private Tokens() {
    }

    public static String member(String memberId) {
        return sign(memberId, Set.of("member"), KEYS, Instant.now().plusSeconds(600));
    }

    public static String carrier() {
        return sign("carrier-test", Set.of("carrier"), KEYS, Instant.now().plusSeconds(600));
    }

    public static String ops() {
        return sign("ops-test", Set.of("ops"), KEYS, Instant.now().plusSeconds(600));
    }

    /** A carrier token whose role is in the Entra ID {@code roles} claim instead of {@code groups}. */
    public static String carrierWithRolesClaim() {
        return Jwt.issuer(ISSUER).subject("carrier-entra").claim("roles", List.of("carrier"))
                .expiresAt(Instant.now().plusSeconds(600)).sign(KEYS.getPrivate());
    }

    public static String expired(String memberId) {
        return Jwt.issuer(ISSUER).subject(memberId).groups(Set.of("member"))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .sign(KEYS.getPrivate());
    }

    public static String signedByAnotherKey(String memberId) {
        return sign(memberId, Set.of("member"), OTHER_KEYS, Instant.now().plusSeconds(600));
    }

    /** An unsigned token ({@code alg: none}) claiming the carrier role. */
    public static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"mallory\",\"groups\":[\"carrier\"],"
                + "\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private static String sign(String subject, Set<String> groups, KeyPair keys, Instant expiresAt) {
        return Jwt.issuer(ISSUER).subject(subject).groups(groups).expiresAt(expiresAt).sign(keys.getPrivate());
    }

}
