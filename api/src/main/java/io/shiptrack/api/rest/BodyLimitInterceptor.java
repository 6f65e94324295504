package io.shiptrack.api.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.shiptrack.api.config.ShiptrackConfig;
import io.shiptrack.model.jobs.JobRequest;

/**
 * Counts the bytes the body reader takes from the request, whatever the framing, and stops reading with
 * {@link BodyTooLargeException} (413) at the first byte over the limit: a chunked body says nothing of its length
 * up front. Job requests get {@code shiptrack.limits.job-body}, every other body {@code shipment-body}.
 */
@Provider
public class BodyLimitInterceptor implements ReaderInterceptor {

    // Read per request: REST providers are created at static init, before configuration mappings exist.
    private final jakarta.inject.Provider<ShiptrackConfig> config;

    BodyLimitInterceptor(jakarta.inject.Provider<ShiptrackConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        ShiptrackConfig.Limits limits = config.get().limits();
        long limit = JobRequest.class.equals(context.getType())
                ? limits.jobBody().asLongValue()
                : limits.shipmentBody().asLongValue();
        context.setInputStream(new LimitedInputStream(context.getInputStream(), limit));
        return context.proceed();
    }

    /** Passes at most {@code limit} bytes, then throws {@link BodyTooLargeException}. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
