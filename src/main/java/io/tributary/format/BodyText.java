package io.tributary.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A body's bytes as text: its charset (default UTF-8), strict, its byte order mark left out. */
final class BodyText {
    private static final int BUFFER = 64 * 1024;
    private static final char BOM = '\uFEFF';

    private BodyText() {}

    static Charset orUtf8(Charset charset) {
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }

    /**
     * The text, decoded strictly: a byte sequence the charset does not have fails the read ({@link
     * java.nio.charset.CharacterCodingException}) instead of becoming U+FFFD in a record.
     */
    static BufferedReader reader(InputStream in, Charset charset) throws IOException {
        Charset decoding = orUtf8(charset);
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, decoding.newDecoder()), BUFFER);
        try {
            reader.mark(1);
            if (reader.read() != BOM) {
                reader.reset();
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedInputException(
                    "the body is not " + decoding.name() + " text (line 1)", e);
        }
        return reader;
    }
}
