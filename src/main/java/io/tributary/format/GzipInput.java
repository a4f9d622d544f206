package io.tributary.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip body decompressed, its corruption told as the body's fault ({@link
 * MalformedInputException}); a stream that ends early stays an {@link java.io.EOFException}, as a
 * cut-off connection is.
 */
final class GzipInput extends FilterInputStream {
    private static final int BUFFER = 64 * 1024;

    private GzipInput(InputStream in) {
        super(in);
    }

    static InputStream of(InputStream in) throws IOException {
        try {
            return new GzipInput(new GZIPInputStream(in, BUFFER));
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private static MalformedInputException corrupt(ZipException e) {
        return new MalformedInputException(
                "the body is not the gzip data its compression says: " + e.getMessage(), e);
    }
}
