package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;

/**
 * One body (an HTTP response, a file) read as a stream of records, a chunk at a time, so that
 * memory holds one chunk however large the body is. Opened by {@link FormatSettings#open}.
 *
 * <p>It reads one record ahead, so the chunk it returns knows whether it is the {@link Chunk#last()
 * last} one: a caller decides paging and the cursor with that chunk, not after it.
 */
public interface RecordReader extends Closeable {
    /**
     * The next at most {@code max} records (and the lines or records that could not be read,
     * between them); {@link Chunk#last()} says the body ends after it. Calling it again after the
     * last chunk is an error.
     *
     * @throws MalformedInputException the body cannot be read on (not one record of it: the
     *     document itself), with where and why, never its text
     */
    Chunk next(int max) throws IOException;

    /**
     * What surrounds the records, for paging and error rules: the JSON document, or the XML
     * document as JSON ({@link FormatSettings}), with the records array left empty; an empty object
     * for JSON Lines and CSV. Whole once the last chunk was returned; before that, what was read.
     */
    JsonNode envelope();

    /** The bytes read from the stream so far (after any decompression). */
    long bytesRead();
}
