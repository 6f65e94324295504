package io.shiptrack.localstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * What answers on a lagging secondary's endpoint, as Azure's read-only secondary does: a WireMock server (the one
 * {@link FaultProxy} is built on) that passes reads through to the copy's Azurite unchanged, answers Get Table Service
 * Stats ({@code GET /<account>-secondary/?restype=service&comp=stats}) itself with the replicator's last sync time,
 * and refuses every write with 403.
 *
 * <p>
 * Reads keep their path, {@code /<account>-secondary/...}: Azurite serves its own account's data under the
 * {@code -secondary} suffix and accepts the Shared Key signature a client computes for that path (it checks the
 * signature both with and without the suffix), so nothing is rewritten or re-signed. Only the stats come from here:
 * Azurite would answer them with the time of the request, a secondary that is never behind.
 */
final class SecondaryFront implements AutoCloseable {

    /**
     * Azure's answer to a write on the secondary endpoint: 403 with the reason "Write operations are not allowed"
     * (what AzCopy logs for it). The error code is not documented for this case; {@code AuthorizationFailure} is the
     * service's code for a 403 on a request the account may not make.
     */
    static final String WRITE_REFUSED_CODE = "AuthorizationFailure";
    static final String WRITE_REFUSED_MESSAGE = "Write operations are not allowed.";

    /** The format of Azure's LastSyncTime (RFC 1123, two-digit day, as azure-core's parser expects). */
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "MERGE", "DELETE");
    private static final int PASS_THROUGH = 10;
    private static final int OWN_ANSWER = 1;

    private final WireMockServer server;

    private SecondaryFront(WireMockServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port in front of {@code copyBaseUrl} (scheme, host and port of the copy's tables). */
    static SecondaryFront start(String copyBaseUrl, Supplier<Instant> lastSync) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free())
                .containerThreads(32).jettyAcceptors(1).disableRequestJournal().extensions(new Stats(lastSync)));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(PASS_THROUGH).willReturn(aResponse().proxiedFrom(copyBaseUrl)));
        server.stubFor(get(urlPathMatching("/[^/]+-secondary/?")).withQueryParam("restype", equalTo("service"))
                .withQueryParam("comp", equalTo("stats")).atPriority(OWN_ANSWER)
                .willReturn(aResponse().withTransformers(Stats.NAME)));
        for (String method : WRITES) {
            server.stubFor(request(method, anyUrl()).atPriority(OWN_ANSWER).willReturn(aResponse().withStatus(403)
                    .withStatusMessage("Write operations are not allowed")
                    .withHeader("Content-Type", "application/json;odata=minimalmetadata;streaming=true;charset=utf-8")
                    .withHeader("x-ms-error-code", WRITE_REFUSED_CODE)
                    .withBody("{\"odata.error\":{\"code\":\"" + WRITE_REFUSED_CODE + "\",\"message\":{\"lang\":"
                            + "\"en-US\",\"value\":\"" + WRITE_REFUSED_MESSAGE + "\"}}}")));
        }
        return new SecondaryFront(server);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** {@code LastSyncTime} as Azure writes it: whole seconds, never later than the sync itself. */
    static String lastSyncTime(Instant lastSync) {
        return RFC_1123.format(lastSync.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The StorageServiceStats answer, made per request from the replicator's last sync time. */
    private static final class Stats implements ResponseDefinitionTransformerV2 {
        static final String NAME = "secondary-stats";
        private final Supplier<Instant> lastSync;

        Stats(Supplier<Instant> lastSync) {
            this.lastSync = lastSync;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Instant last = lastSync.get();
            String geo = last == null
                    ? "<Status>bootstrap</Status><LastSyncTime></LastSyncTime>"
                    : "<Status>live</Status><LastSyncTime>" + lastSyncTime(last) + "</LastSyncTime>";
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/xml").withHeader("x-ms-version", "2019-02-02")
                    .withHeader("x-ms-request-id", UUID.randomUUID().toString())
                    .withHeader("Date", RFC_1123.format(Instant.now()))
                    .withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceStats><GeoReplication>" + geo
                            + "</GeoReplication></StorageServiceStats>")
                    .build();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
