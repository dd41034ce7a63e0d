package dev.referral.sidecar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * The 64 KiB body limit for bodies without a {@code Content-Length} (chunked): counts bytes as they are read and
 * stops at the limit with a 413 problem. Bodies that announce their length are refused earlier by
 * {@link AccessFilter}.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Bounded(context.getInputStream()));
        return context.proceed();
    }

    /** An input stream that fails once more than the limit has been read. */
    static final class Bounded extends FilterInputStream {

        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > AccessFilter.MAX_BODY_BYTES) {
                throw new WebApplicationException(413);
            }
        }
    }
}
