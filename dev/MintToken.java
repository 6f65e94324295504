/*
 * Mints a bearer token for the local system (dev profile only). Run it as a single-file program:
 *
 *   java dev/MintToken.java --sub demo-member-1 --roles member
 *   java dev/MintToken.java --sub acme --roles carrier --ttl 7200
 *
 * The first run creates the local key pair in .local/dev-jwt/ (git-ignored). The API's dev profile trusts its
 * public key; the prod profile never does: it verifies tokens only against MP_JWT_VERIFY_PUBLICKEY_LOCATION.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

public class MintToken {

    static final String ISSUER = "https://shiptrack.local/dev";
    /** The audience the dev profile requires ({@code %dev.mp.jwt.verify.audiences}). */
    static final String AUDIENCE = "api://shiptrack-dev";

    public static void main(String[] args) throws Exception {
        String subject = null;
        String roles = "";
        long ttl = 3600;
        Path dir = Path.of(".local", "dev-jwt");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sub" -> subject = args[++i];
                case "--roles" -> roles = args[++i];
                case "--ttl" -> ttl = Long.parseLong(args[++i]);
                case "--key-dir" -> dir = Path.of(args[++i]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (subject == null) {
            usage("--sub is required");
        }
        PrivateKey key = privateKey(dir);
        System.out.println(sign(subject, roles, ttl, key));
    }

    static String sign(String subject, String roles, long ttl, PrivateKey key) throws Exception {
        List<String> quoted = new ArrayList<>();
        for (String role : roles.split(",")) {
            if (!role.isBlank()) {
                quoted.add("\"" + role.trim() + "\"");
            }
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject + "\",\"groups\":[" + String.join(",", quoted)
                + "],\"iat\":" + now + ",\"exp\":" + (now + ttl) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }

    /** The dev private key, created with its public half on first use. */
    static PrivateKey privateKey(Path dir) throws Exception {
        Path privatePem = dir.resolve("private.pem");
        if (!Files.exists(privatePem)) {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        }
        String body = Files.readString(privatePem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java dev/MintToken.java --sub <subject> [--roles member,carrier,ops] [--ttl seconds]");
        System.exit(2);
    }
}
