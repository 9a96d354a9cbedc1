package com.coeffection.sync.ingress.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, refusing one larger than the limit without reading past it. */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** The body is larger than the configured limit. */
    public static final class TooLargeException extends Exception {
        private final long limit;

        public TooLargeException(long limit) {
            super("The body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * Reads at most {@code limit} bytes.
     *
     * @param declaredLength the Content-Length, or -1 when not given (chunked)
     */
    public static byte[] read(InputStream in, long declaredLength, long limit) throws IOException, TooLargeException {
        if (declaredLength > limit) {
            throw new TooLargeException(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        long total = 0;
        if (declaredLength >= 0) {
            // the usual case: the declared bytes straight into one array, no copy
            byte[] declared = in.readNBytes((int) declaredLength);
            int next = in.read();
            if (next == -1) {
                return declared;
            }
            // more bytes than declared: read on, still bounded
            out.write(declared);
            out.write(next);
            total = declared.length + 1L;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
        }
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
