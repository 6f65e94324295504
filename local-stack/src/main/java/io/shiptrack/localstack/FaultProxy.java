package io.shiptrack.localstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

/**
 * A WireMock proxy in front of a real endpoint that passes every request through until told to fail, in any shape
 * an outage takes: an error answer of any status, content type and body; a reset, a cut-off or garbage answer; a
 * refused connection (the proxy stops listening); a hang; or every answer late. Used to take a table endpoint down
 * for real.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int PASS_THROUGH = 10;
    private static final int FAULT = 1;

    private final WireMockServer server;
    private final String target;
    /** Kept, as the server does not know its port while it is stopped (refusing connections). */
    private final int port;
    private final List<RequestLog> logs = new CopyOnWriteArrayList<>();
    private StubMapping fault;

    private FaultProxy(WireMockServer server, String target) {
        this.server = server;
        this.target = target;
        this.port = server.port();
    }

    /** Starts a proxy on a free loopback port forwarding to {@code targetBaseUrl} (scheme, host and port). */
    public static FaultProxy start(String targetBaseUrl) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free())
                .containerThreads(64).jettyAcceptors(1).disableRequestJournal());
        server.start();
        FaultProxy proxy = new FaultProxy(server, targetBaseUrl);
        server.addMockServiceRequestListener((request, response) -> proxy.logs
                .forEach(log -> log.offer(request.getMethod().getName(), request.getUrl())));
        proxy.heal();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** The proxy's base URL, to put in place of the target's scheme, host and port. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Every request answers 503 Service Unavailable, with the JSON error body the Tables service sends. */
    public synchronized void fail503() {
        answer(503, "application/json", "{\"odata.error\":{\"code\":\"ServerUnavailable\",\"message\":{\"value\":"
                + "\"injected\"}}}", null);
    }

    /**
     * Every request gets this answer: {@code status}, with a {@code Content-Type} (none when null), a body (may be
     * empty) and, when not null, the {@code x-ms-error-code} header by which the service names the error.
     */
    public synchronized void answer(int status, String contentType, String body, String errorCode) {
        var response = aResponse().withStatus(status).withBody(body);
        if (contentType != null) {
            response.withHeader("Content-Type", contentType);
        }
        if (errorCode != null) {
            response.withHeader("x-ms-error-code", errorCode);
        }
        setFault(response);
    }

    /** Every answer is cut off: a status line and headers, then a broken chunk and a closed connection. */
    public synchronized void truncateAnswers() {
        setFault(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    }

    /** Every request gets random bytes instead of HTTP, then a closed connection. */
    public synchronized void garbageAnswers() {
        setFault(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    }

    /** Every connection is closed without an answer. */
    public synchronized void emptyAnswers() {
        setFault(aResponse().withFault(Fault.EMPTY_RESPONSE));
    }

    /** Connections are refused: the proxy stops listening on its port until {@link #heal()}. */
    public synchronized void refuseConnections() {
        heal();
        server.stop();
    }

    /** Every request is passed on and answered by the target, {@code delay} late (a brownout). */
    public synchronized void slow(Duration delay) {
        hang(delay);
    }

    /** Every request has its connection reset by peer. */
    public synchronized void resetConnections() {
        setFault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    /** Every request hangs for {@code delay} before it is answered (by the target, late). */
    public synchronized void hang(Duration delay) {
        setFault(aResponse().proxiedFrom(target).withFixedDelay((int) delay.toMillis()));
    }

    /** Requests pass through to the target again. */
    public synchronized void heal() {
        if (!server.isRunning()) {
            server.start();
        }
        if (fault != null) {
            server.removeStub(fault);
            fault = null;
        }
        if (server.listAllStubMappings().getMappings().isEmpty()) {
            server.stubFor(any(anyUrl()).atPriority(PASS_THROUGH).willReturn(aResponse().proxiedFrom(target)));
        }
    }

    /**
     * Records, from now on, the requests with {@code method} whose URL contains {@code urlPart}, as "METHOD url"
     * (the request journal is off, so that long benchmarks through the proxy do not fill the heap).
     */
    public Supplier<List<String>> recordRequests(String method, String urlPart) {
        RequestLog log = new RequestLog(method, urlPart, new CopyOnWriteArrayList<>());
        logs.add(log);
        return () -> List.copyOf(log.seen);
    }

    /** Stops every recording {@link #recordRequests} started (what they recorded so far stays readable). */
    public void stopRecording() {
        logs.clear();
    }

    private record RequestLog(String method, String urlPart, List<String> seen) {
        void offer(String requestMethod, String url) {
            if (method.equals(requestMethod) && url.contains(urlPart)) {
                seen.add(requestMethod + " " + url);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    private void setFault(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        heal();
        fault = server.stubFor(any(anyUrl()).atPriority(FAULT).willReturn(response));
    }

    /** How long {@link #hang} waits by default: far longer than any client timeout. */
    public static final Duration LONG_HANG = Duration.ofSeconds(30);
}
