package io.shiptrack.localstack;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shapes in which a storage endpoint fails, as a {@link FaultProxy} in front of it can put them on: error answers
 * of every status an outage brings, each with another content type and body (an outage does not choose a friendly
 * error body), throttling, broken transport, a hang and a brownout. Shared by the fault-matrix tests and the
 * benchmark, so both run the same shapes.
 */
public enum FaultShape {
    STATUS_500_JSON(Kind.OUTAGE, proxy -> proxy.answer(500, "application/json;odata=minimalmetadata",
            "{\"odata.error\":{\"code\":\"InternalError\",\"message\":{\"lang\":\"en-US\",\"value\":\"injected\"}}}",
            "InternalError")), STATUS_501_TEXT(Kind.OUTAGE,
                    proxy -> proxy.answer(501, "text/plain", "Not Implemented", null)), STATUS_502_HTML(Kind.OUTAGE,
                            proxy -> proxy.answer(502, "text/html",
                                    "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
                                    null)), STATUS_503_XML(
                                            Kind.OUTAGE,
                                            proxy -> proxy.answer(503, "application/xml",
                                                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                                                            + "<Error><Code>ServerUnavailable</Code><Message>The server is unavailable.</Message></Error>",
                                                    null)), STATUS_504_EMPTY(
                                                            Kind.OUTAGE,
                                                            proxy -> proxy.answer(504, null, "",
                                                                    null)), STATUS_500_GARBAGE(
                                                                            Kind.OUTAGE,
                                                                            proxy -> proxy.answer(500,
                                                                                    "application/json",
                                                                                    "\u0000\u00ff{{<<not json",
                                                                                    null)), STATUS_503_JSON_NO_HEADER(
                                                                                            Kind.OUTAGE,
                                                                                            FaultProxy::fail503), STATUS_408(
                                                                                                    Kind.OUTAGE,
                                                                                                    proxy -> proxy
                                                                                                            .answer(408,
                                                                                                                    "text/plain",
                                                                                                                    "Request Timeout",
                                                                                                                    null)), STATUS_429(
                                                                                                                            Kind.THROTTLING,
                                                                                                                            proxy -> proxy
                                                                                                                                    .answer(429,
                                                                                                                                            "application/json",
                                                                                                                                            "{}",
                                                                                                                                            null)), STATUS_503_SERVER_BUSY(
                                                                                                                                                    Kind.THROTTLING,
                                                                                                                                                    proxy -> proxy
                                                                                                                                                            .answer(503,
                                                                                                                                                                    "application/xml",
                                                                                                                                                                    "<?xml version=\"1.0\"?><Error><Code>ServerBusy</Code><Message>busy</Message></Error>",
                                                                                                                                                                    "ServerBusy")), TRUNCATED(
                                                                                                                                                                            Kind.OUTAGE,
                                                                                                                                                                            FaultProxy::truncateAnswers), GARBAGE_THEN_CLOSE(
                                                                                                                                                                                    Kind.OUTAGE,
                                                                                                                                                                                    FaultProxy::garbageAnswers), EMPTY_RESPONSE(
                                                                                                                                                                                            Kind.OUTAGE,
                                                                                                                                                                                            FaultProxy::emptyAnswers), RESET(
                                                                                                                                                                                                    Kind.OUTAGE,
                                                                                                                                                                                                    FaultProxy::resetConnections), REFUSED(
                                                                                                                                                                                                            Kind.OUTAGE,
                                                                                                                                                                                                            FaultProxy::refuseConnections), HANG(
                                                                                                                                                                                                                    Kind.OUTAGE,
                                                                                                                                                                                                                    proxy -> proxy
                                                                                                                                                                                                                            .hang(FaultProxy.LONG_HANG)), SLOW_300_MS(
                                                                                                                                                                                                                                    Kind.SLOWNESS,
                                                                                                                                                                                                                                    proxy -> proxy
                                                                                                                                                                                                                                            .slow(Duration
                                                                                                                                                                                                                                                    .ofMillis(
                                                                                                                                                                                                                                                            300)));

    /** What a shape is to the system: an outage opens the breaker; throttling and slowness must not. */
    public enum Kind {
        OUTAGE, THROTTLING, SLOWNESS
    }

    private final Kind kind;
    private final Consumer<FaultProxy> apply;

    FaultShape(Kind kind, Consumer<FaultProxy> apply) {
        this.kind = kind;
        this.apply = apply;
    }

    public Kind kind() {
        return kind;
    }

    public void apply(FaultProxy proxy) {
        apply.accept(proxy);
    }

    /** Every status from 500 to 504 with every kind of body, for tests of the classification alone. */
    public static List<ErrorAnswer> everyErrorAnswer() {
        List<String[]> bodies = List.of(
                new String[]{"application/json", "{\"odata.error\":{\"code\":\"X\",\"message\":{\"value\":\"x\"}}}"},
                new String[]{"application/xml", "<?xml version=\"1.0\"?><Error><Code>X</Code></Error>"},
                new String[]{"text/html", "<html><body>down</body></html>"},
                new String[]{"text/plain", "down"}, new String[]{null, ""},
                new String[]{"application/octet-stream", "\u0000\u0001\u00ff garbage"},
                new String[]{"application/json", "{\"truncated\": "});
        List<ErrorAnswer> answers = new java.util.ArrayList<>();
        for (int status = 500; status <= 504; status++) {
            for (String[] body : bodies) {
                answers.add(new ErrorAnswer(status, body[0], body[1]));
            }
        }
        answers.add(new ErrorAnswer(408, "text/plain", "timeout"));
        answers.add(new ErrorAnswer(429, "application/xml", "<Error/>"));
        return answers;
    }

    /** An error answer: a status, a content type (null for none) and a body. */
    public record ErrorAnswer(int status, String contentType, String body) {

        public void apply(FaultProxy proxy) {
            proxy.answer(status, contentType, body, null);
        }
    }
}
