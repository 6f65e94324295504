package io.shiptrack.store.errors;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns an error answer that means "unavailable" (5xx, 408, 429) into an {@link EndpointUnavailableException} by
 * its status and {@code x-ms-error-code} header alone, before the SDK tries to read the body. The body of such an
 * answer is whatever the failing hop sent (the service's JSON, a gateway's XML or HTML, text, nothing, garbage), and
 * the SDK's error deserialisation fails on several of these in ways that are not even exceptions (an XML body needs
 * a class the API does not carry: {@code NoClassDefFoundError}). Any other error answer whose body is not JSON
 * reaches the SDK without its body, so that the SDK raises its exception by status. It runs once per call, after the
 * SDK's own retries.
 */
final class ErrorAnswerPolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(ErrorAnswerPolicy::checked);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return checked(next.processSync());
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    private static HttpResponse checked(HttpResponse response) {
        int status = response.getStatusCode();
        if (status >= 400 && !StorageErrors.isUnavailableStatus(status) && !isJson(response)) {
            // An answer (404, 409, 412...) whose body is not the service's JSON (a gateway's XML or HTML page): the
            // SDK is given no body, so it raises its exception by status alone instead of failing to read one.
            response.close();
            return new BodilessAnswer(response);
        }
        if (!StorageErrors.isUnavailableStatus(status)) {
            return response;
        }
        String errorCode = response.getHeaderValue(StorageErrors.ERROR_CODE_HEADER);
        String url = response.getRequest() == null
                ? ""
                : " for " + response.getRequest().getHttpMethod() + " "
                        + response.getRequest().getUrl().getPath();
        response.close();
        throw new EndpointUnavailableException("storage answered " + status
                + (errorCode == null ? "" : " " + errorCode) + url, status, errorCode, null);
    }

    private static boolean isJson(HttpResponse response) {
        String type = response.getHeaderValue("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    /** The status and headers of an answer, without its body. */
    private static final class BodilessAnswer extends HttpResponse {

        private final HttpResponse answer;
        private final HttpHeaders headers;

        BodilessAnswer(HttpResponse answer) {
            super(answer.getRequest());
            this.answer = answer;
            this.headers = new HttpHeaders(answer.getHeaders());
            headers.remove(HttpHeaderName.CONTENT_TYPE);
            headers.set(HttpHeaderName.CONTENT_LENGTH, "0");
        }

        @Override
        public int getStatusCode() {
            return answer.getStatusCode();
        }

        @Override
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }

        @Override
        public BinaryData getBodyAsBinaryData() {
            return BinaryData.fromBytes(new byte[0]);
        }
    }
}
