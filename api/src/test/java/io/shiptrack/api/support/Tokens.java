package io.shiptrack.api.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Signs test tokens with a key pair made for this run; also the broken tokens identity tests need. */
public final class Tokens {

    public static final String ISSUER = "https://shiptrack.local/test";
    private static final KeyPair KEYS = shared("test.jwt.keys");
    private static final KeyPair OTHER_KEYS = shared("test.jwt.other-keys");

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

    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private static String sign(String subject, Set<String> groups, KeyPair keys, Instant expiresAt) {
        return Jwt.issuer(ISSUER).subject(subject).groups(groups).expiresAt(expiresAt).sign(keys.getPrivate());
    }

    /**
     * One key pair per test run, kept in a system property: Quarkus may load this class in more than one class
     * loader (test resources and tests), and every copy must sign with the key the application trusts.
     */
    private static synchronized KeyPair shared(String property) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            String stored = System.getProperty(property);
            if (stored == null) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair generated = generator.generateKeyPair();
                Base64.Encoder b64 = Base64.getEncoder();
                stored = b64.encodeToString(generated.getPrivate().getEncoded()) + ","
                        + b64.encodeToString(generated.getPublic().getEncoded());
                System.setProperty(property, stored);
            }
            String[] parts = stored.split(",");
            Base64.Decoder b64 = Base64.getDecoder();
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(b64.decode(parts[0])));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(b64.decode(parts[1])));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
