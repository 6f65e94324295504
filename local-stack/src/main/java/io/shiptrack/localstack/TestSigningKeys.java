package io.shiptrack.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA key pairs for test tokens, one per name per JVM, kept in system properties: Quarkus loads test classes and
 * test resources in more than one class loader, and every copy must sign with the key the application trusts.
 */
public final class TestSigningKeys {

    private TestSigningKeys() {
    }

    public static synchronized KeyPair named(String name) {
        String property = "test-signing-keys." + name;
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

    /** The public half of {@link #named}, PEM-encoded as {@code mp.jwt.verify.publickey} takes it. */
    public static String publicKeyPem(String name) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(named(name).getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }
}
