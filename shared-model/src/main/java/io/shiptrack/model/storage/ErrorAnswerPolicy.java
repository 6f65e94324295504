package io.shiptrack.model.storage;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/**
 * Turns an error answer that means "unavailable" (5xx, 408, 429) into an {@link EndpointUnavailableException} by
 * its status and {@code x-ms-error-code} header alone, before the SDK tries to read the body. The body of such an
 * answer is whatever the failing hop sent (the service's JSON, a gateway's XML or HTML, text, nothing, garbage), and
 * the SDK's error deserialisation fails on several of these in ways that are not even exceptions (an XML body needs
 * a class the native build does not carry). It runs once per call, after the SDK's own retries.
 */
public final class ErrorAnswerPolicy implements HttpPipelinePolicy {

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
}
