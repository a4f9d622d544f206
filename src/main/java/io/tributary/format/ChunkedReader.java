package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunking every format shares: one item (a record or a {@link BadRecord}) read ahead, so a
 * chunk knows whether it is the last; a body that breaks after some records returns those first and
 * fails on the next call, so what came before the break can still load.
 */
abstract class ChunkedReader implements RecordReader {
    /**
     * What {@link #read()} returns once the body has ended (and, for JSON and XML, was checked).
     */
    static final Object END = new Object();

    private final CountingInputStream counted;
    private Object ahead;
    private IOException failure;
    private boolean started;
    private boolean done;

    ChunkedReader(CountingInputStream counted) {
        this.counted = counted;
    }

    /**
     * The next record (a {@link JsonNode}), line that could not be read ({@link BadRecord}), or
     * {@link #END}.
     */
    abstract Object read() throws IOException;

    /** Where reading is, for a charset error: {@code line 12}. */
    abstract String position();

    /** The charset the text is decoded in, for a charset error. */
    abstract String charsetName();

    @Override
    public final Chunk next(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("a chunk holds at least one record, not " + max);
        }
        if (done) {
            throw new IllegalStateException(
                    "the body's last chunk was already returned, or reading it failed");
        }
        if (failure != null) {
            done = true;
            throw failure;
        }
        if (!started) {
            started = true;
            ahead = readOrFail();
        }
        ArrayNode records = RecordJson.NODES.arrayNode(Math.min(max, 1024));
        List<BadRecord> rejected = new ArrayList<>(0);
        while (ahead != END && records.size() + rejected.size() < max) {
            if (ahead instanceof BadRecord) {
                rejected.add((BadRecord) ahead);
            } else {
                records.add((JsonNode) ahead);
            }
            try {
                ahead = readChecked();
            } catch (IOException e) {
                // the records before the break are returned; the next call fails
                failure = e;
                ahead = null;
                return new Chunk(records, rejected, false);
            }
        }
        boolean last = ahead == END;
        done = last;
        return new Chunk(records, rejected, last);
    }

    /** The next item; a failure is final: the reader is done. */
    private Object readOrFail() throws IOException {
        try {
            return readChecked();
        } catch (IOException | RuntimeException e) {
            done = true;
            throw e;
        }
    }

    private Object readChecked() throws IOException {
        try {
            return read();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(
                    "the body is not " + charsetName() + " text (" + position() + ")", e);
        }
    }

    @Override
    public final long bytesRead() {
        return counted.getCount();
    }

    @Override
    public void close() throws IOException {
        counted.close();
    }
}
