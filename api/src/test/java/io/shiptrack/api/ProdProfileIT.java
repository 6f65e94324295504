package io.shiptrack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.Tokens;
import io.shiptrack.localstack.ApiProcess;
import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.Ports;
import io.shiptrack.localstack.Redis;
import io.shiptrack.localstack.TestSigningKeys;

/**
 * The packaged application started with the prod profile, as the container app starts it (on loopback, against
 * Azurite and redis-server): it refuses to start without the token settings, and on its public port it serves
 * nothing under {@code /q/} but health, with metrics and OpenAPI on the management port.
 */
class ProdProfileIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path WORK = Path.of("target/prod-profile-it");
    private static final HttpClient HTTP = ApiProcess.HTTP;

    private static Azurite azurite;
    private static Redis redis;

    @BeforeAll
    static void storage() throws IOException {
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("public.pem"), TestSigningKeys.publicKeyPem(Tokens.TRUSTED));
        azurite = Azurite.start();
        redis = Redis.start();
        azurite.createShiptrackStorage();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void refusesToStartWithoutAnAudienceAndSaysWhich() throws Exception {
        Map<String, String> env = prodEnv();
        env.remove("MP_JWT_VERIFY_AUDIENCES");
        String log = exitLog(env, "no-audience");
        assertTrue(log.contains("mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES)"), log);
        assertFalse(log.contains("mp.jwt.verify.issuer ("), log);
    }

    @Test
    void refusesToStartWithoutIssuerKeyLocationAndAudience() throws Exception {
        Map<String, String> env = prodEnv();
        env.remove("MP_JWT_VERIFY_AUDIENCES");
        env.remove("MP_JWT_VERIFY_ISSUER");
        env.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        String log = exitLog(env, "no-token-settings");
        for (String name : List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location",
                "mp.jwt.verify.audiences")) {
            assertTrue(log.contains(name + " ("), name + " not named in: " + log);
        }
    }

    @Test
    void onlyHealthUnderQOnThePublicPortAndOnlyThroughFrontDoor() throws Exception {
        Map<String, String> env = prodEnv();
        String frontDoorId = UUID.randomUUID().toString();
        env.put("SHIPTRACK_FRONT_DOOR_ID", frontDoorId);
        Process api = start(env, "serving");
        try {
            String pub = "http://127.0.0.1:" + env.get("QUARKUS_HTTP_PORT");
            String mgmt = "http://127.0.0.1:" + env.get("QUARKUS_MANAGEMENT_PORT");
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.isAlive() && status(pub + "/q/health/ready", null, null) == 200
                            || !api.isAlive());
            assertTrue(api.isAlive(), "the API exited; see " + WORK.resolve("serving.log"));

            // Public port: health for Front Door's and the container's probes, nothing else under /q/.
            assertEquals(200, status(pub + "/q/health/live", null, null));
            assertEquals(200, status(pub + "/q/health/started", null, null));
            for (String path : List.of("/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/dev-ui", "/q/info", "/q/")) {
                assertEquals(404, status(pub + path, frontDoorId, null), path);
            }
            // Management port: metrics and the OpenAPI document.
            assertEquals(200, status(mgmt + "/q/metrics", null, null));
            assertEquals(200, status(mgmt + "/q/openapi", null, null));

            // The API answers only requests that came through Front Door.
            String tn = Fixtures.trackingNumber();
            assertEquals(403, status(pub + "/api/v1/shipments/" + tn, null, null));
            assertEquals(403, status(pub + "/api/v1/shipments/" + tn, "another-front-door", null));
            assertEquals(404, status(pub + "/api/v1/shipments/" + tn, frontDoorId, null));

            // Tokens: the audience is enforced in prod as in the tests.
            assertEquals(401, put(pub, tn, frontDoorId, Tokens.wrongAudience(Tokens.CARRIER)));
            assertEquals(201, put(pub, tn, frontDoorId, Tokens.carrier()));
        } finally {
            api.destroyForcibly();
            api.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> prodEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(Ports.free()));
        env.put("SHIPTRACK_STORAGE_CONNECTION_STRING", azurite.connectionString());
        env.put("SHIPTRACK_QUEUE_ENDPOINT", azurite.queueEndpoint());
        env.put("QUARKUS_REDIS_HOSTS", redis.uri());
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", WORK.resolve("public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_AUDIENCES", Tokens.AUDIENCE);
        return env;
    }

    private static Process start(Map<String, String> env, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("MP_JWT_")
                || key.startsWith("SHIPTRACK_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Starts the API, expects it to exit with a failure within a minute, and returns what it logged. */
    private static String exitLog(Map<String, String> env, String name) throws Exception {
        Process api = start(env, name);
        try {
            assertTrue(api.waitFor(60, TimeUnit.SECONDS), "the API kept running without its token settings");
            assertNotEquals(0, api.exitValue());
            assertFalse(Ports.isOpen(Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))));
            return Files.readString(WORK.resolve(name + ".log"));
        } finally {
            api.destroyForcibly();
        }
    }

    private static int status(String url, String frontDoorId, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (frontDoorId != null) {
            request.header("X-Azure-FDID", frontDoorId);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    private static int put(String base, String tn, String frontDoorId, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/shipments/" + tn))
                .header("X-Azure-FDID", frontDoorId).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        Fixtures.shipmentJson(null)))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
