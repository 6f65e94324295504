package io.shiptrack.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableServiceException;

import io.shiptrack.localstack.Azurite;
import io.shiptrack.localstack.FaultProxy;
import io.shiptrack.localstack.FaultShape;
import io.shiptrack.localstack.FaultShape.ErrorAnswer;
import io.shiptrack.localstack.Ports;
import io.shiptrack.store.errors.StorageErrors;
import io.vertx.core.Vertx;

/**
 * The classification of storage failures with the real Tables SDK client and HTTP stack, against real answers of
 * every shape from a proxy (no Azurite needed: the proxy is the endpoint). Every error answer, whatever its body,
 * and every transport failure must come out as {@link StorageUnavailableException}; answers and our own bugs not.
 */
class StorageFailuresTest {

    private static final Duration TRY = Duration.ofSeconds(2);

    private static Vertx vertx;
    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        // Nothing listens behind it: every request must be answered by an injected shape.
        proxy = FaultProxy.start("http://127.0.0.1:" + Ports.free());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        vertx.close();
    }

    @AfterEach
    void heal() {
        proxy.heal();
    }

    static Stream<ErrorAnswer> everyErrorAnswer() {
        return FaultShape.everyErrorAnswer().stream();
    }

    @ParameterizedTest
    @MethodSource("everyErrorAnswer")
    void everyErrorAnswerIsUnavailabilityWhateverItsBody(ErrorAnswer answer) {
        answer.apply(proxy);
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class,
                () -> readThrough(proxy.baseUrl()));
        assertEquals(answer.status() == 429, failure instanceof StorageThrottledException, failure.toString());
    }

    @ParameterizedTest
    @EnumSource(value = FaultShape.class, names = {"HANG", "SLOW_300_MS"}, mode = EnumSource.Mode.EXCLUDE)
    void everyFailureShapeIsUnavailability(FaultShape shape) {
        shape.apply(proxy);
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class,
                () -> readThrough(proxy.baseUrl()));
        assertEquals(shape.kind() == FaultShape.Kind.THROTTLING, failure instanceof StorageThrottledException,
                failure.toString());
    }

    @Test
    void aHostNameThatDoesNotResolveIsUnavailability() {
        assertThrows(StorageUnavailableException.class, () -> readThrough("http://shiptrack-nowhere.invalid"));
    }

    @Test
    void aTlsFailureIsUnavailability() {
        // The proxy speaks plain HTTP: the TLS handshake fails.
        assertThrows(StorageUnavailableException.class,
                () -> readThrough("https://127.0.0.1:" + proxy.port()));
    }

    @Test
    void aRefusedConnectionIsUnavailability() {
        assertThrows(StorageUnavailableException.class, () -> readThrough("http://127.0.0.1:" + Ports.free()));
    }

    @Test
    void anAnswerIsNotUnavailability() {
        proxy.answer(404, "application/json;odata=minimalmetadata",
                "{\"odata.error\":{\"code\":\"ResourceNotFound\",\"message\":{\"value\":\"gone\"}}}",
                "ResourceNotFound");
        TableServiceException answer = assertThrows(TableServiceException.class, () -> readThrough(proxy.baseUrl()));
        assertEquals(404, answer.getResponse().getStatusCode());
        assertFalse(StorageErrors.isUnavailable(answer));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"404,application/xml,<Error><Code>ResourceNotFound</Code></Error>",
            "409,text/html,<html><body>conflict</body></html>", "412,text/plain,precondition failed",
            "400,application/octet-stream,\u0000garbage"})
    void anAnswerWhateverItsBodyIsAnAnswerWithItsStatus(int status, String contentType, String body) {
        proxy.answer(status, contentType, body, null);
        TableServiceException answer = assertThrows(TableServiceException.class, () -> readThrough(proxy.baseUrl()));
        assertEquals(status, answer.getResponse().getStatusCode());
        assertFalse(StorageErrors.isUnavailable(answer));
    }

    @Test
    void anExceptionOfOurOwnCodeIsNotUnavailability() {
        IllegalArgumentException bug = new IllegalArgumentException("built a bad request");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> StorageFailures.translate("primary", tables -> {
                    throw bug;
                }, tables(proxy.baseUrl())));
        assertSame(bug, thrown);
    }

    @Test
    void anErrorRaisedWhileHandlingAnAnswerIsContained() {
        StorageUnavailableException contained = assertThrows(StorageUnavailableException.class,
                () -> StorageFailures.translate("primary", tables -> {
                    throw new NoClassDefFoundError("com/fasterxml/jackson/dataformat/xml/XmlMapper");
                }, tables(proxy.baseUrl())));
        assertInstanceOf(NoClassDefFoundError.class, contained.getCause());
    }

    @Test
    void throttlingIsToldApartByHeaderAndStatusNotBody() {
        // The same body with and without the header: only the header and status decide.
        proxy.answer(503, "application/xml", "<Error><Code>ServerBusy</Code></Error>", null);
        assertFalse(assertThrows(StorageUnavailableException.class,
                () -> readThrough(proxy.baseUrl())) instanceof StorageThrottledException);
        proxy.answer(503, "text/plain", "anything", StorageErrors.SERVER_BUSY);
        assertTrue(assertThrows(StorageUnavailableException.class,
                () -> readThrough(proxy.baseUrl())) instanceof StorageThrottledException);
    }

    private static Object readThrough(String endpoint) {
        return StorageFailures.translate("primary", tables -> tables.shipments()
                .getEntityWithResponse("TN1", "summary", null, tables.callTimeout(), null), tables(endpoint));
    }

    private static Tables tables(String endpoint) {
        TableServiceClientBuilder builder = new TableServiceClientBuilder().endpoint(endpoint + "/" + Azurite.ACCOUNT)
                .httpClient(new VertxHttpClientBuilder().vertx(vertx).connectTimeout(TRY).readTimeout(TRY)
                        .responseTimeout(TRY).build())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .credential(new AzureNamedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
                .addPolicy(StorageErrors.errorAnswerPolicy());
        return new Tables(builder.buildClient(), TRY.multipliedBy(2));
    }
}
