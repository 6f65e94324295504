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
 * A WireMock proxy in front of a real endpoint that passes every request through until told to fail: with 503s,
 * connection resets, or a hang. Used to take the primary table endpoint down for real.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int PASS_THROUGH = 10;
    private static final int FAULT = 1;

    private final WireMockServer server;
    private final String target;
    private final List<RequestLog> logs = new CopyOnWriteArrayList<>();
    private StubMapping fault;

    private FaultProxy(WireMockServer server, String target) {
        this.server = server;
        this.target = target;
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
        return server.port();
    }

    /** The proxy's base URL, to put in place of the target's scheme, host and port. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Every request answers 503 Service Unavailable. */
    public synchronized void fail503() {
        setFault(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"value\":\"injected\"}}}"));
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
