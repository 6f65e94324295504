package io.shiptrack.store.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.HttpPipelinePolicy;

/**
 * Tells an endpoint that cannot answer apart from one that answered, by transport and status only, never by
 * parsing a body: only the first may count toward a circuit breaker or fail a job's chunk for a retry.
 */
public final class StorageErrors {

    /** The header in which Azure Storage names an error; its body is not read for this. */
    public static final String ERROR_CODE_HEADER = "x-ms-error-code";
    /** The error code Azure Storage gives a 503 when it throttles (account or partition over its targets). */
    public static final String SERVER_BUSY = "ServerBusy";

    private StorageErrors() {
    }

    /** The policy every table and queue client of Shiptrack carries (see {@link ErrorAnswerPolicy}). */
    public static HttpPipelinePolicy errorAnswerPolicy() {
        return new ErrorAnswerPolicy();
    }

    /** 5xx, 408 Request Timeout and 429 Too Many Requests: the endpoint could not serve the request now. */
    public static boolean isUnavailableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** 429, or 503 with {@code x-ms-error-code: ServerBusy}: the service is pushing back, not failing. */
    public static boolean isThrottling(int status, String errorCode) {
        return status == 429 || (status == 503 && SERVER_BUSY.equals(errorCode));
    }

    /**
     * Whether {@code failure} means the endpoint could not answer: an error answer by status, or a failure of the
     * transport anywhere in the cause chain (refused, reset, cut off, unresolvable host, TLS, timeout, an answer
     * that ends before its body does). An exception the code raised itself (an invalid argument, a bug) is not.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EndpointUnavailableException || t instanceof IOException
                    || t instanceof UncheckedIOException || t instanceof TimeoutException
                    || isTransportException(t)) {
                return true;
            }
            if (t instanceof HttpResponseException answered && answered.getResponse() != null) {
                return isUnavailableStatus(answered.getResponse().getStatusCode());
            }
        }
        return false;
    }

    /** Whether {@code failure} is, anywhere in its cause chain, an answer by which the service throttles. */
    public static boolean isThrottling(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EndpointUnavailableException answer) {
                return answer.throttled();
            }
        }
        return false;
    }

    /**
     * Vert.x and Netty report a closed or broken connection with their own unchecked exceptions (for example
     * {@code io.vertx.core.http.HttpClosedException}, {@code io.netty.channel.ConnectTimeoutException}): matched by
     * package, as neither is a dependency of this module.
     */
    private static boolean isTransportException(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.vertx.core.") || name.startsWith("io.netty.")
                || name.startsWith("reactor.netty.");
    }
}
