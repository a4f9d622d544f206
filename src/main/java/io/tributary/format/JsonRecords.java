package io.tributary.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A JSON document whose records are the array at {@code recordsPath} ({@code {"data": [...],
 * "next_page": "p2"}} with {@code /data}), read element by element with Jackson's streaming parser.
 * Everything around the array is kept as the {@link #envelope()}, the array left empty, so a token
 * after the records ({@code next_page}) is there once the last chunk is returned: the document is
 * read to its end, and checked, before that chunk is.
 *
 * <p>An element that is not an object (a number) is still a record: the mapper decides what to do
 * with it.
 */
final class JsonRecords extends ChunkedReader {
    private final JsonParser parser;
    private final String recordsPath;
    private final Charset charset;

    /** The pointer's steps: the property each matches, and the index (-1: none) in an array. */
    private final String[] names;

    private final int[] indexes;

    /** The envelope's containers from the top down to the records' parent, being filled. */
    private final Deque<Frame> open = new ArrayDeque<>();

    private JsonNode envelope = RecordJson.NODES.objectNode();
    private boolean inRecords;

    private static final class Frame {
        final ContainerNode<?> node;
        final int depth;
        int index;

        Frame(ContainerNode<?> node, int depth) {
            this.node = node;
            this.depth = depth;
        }
    }

    JsonRecords(CountingInputStream in, Charset charset, String recordsPath) throws IOException {
        super(in);
        this.recordsPath = recordsPath;
        this.charset = charset;
        JsonPointer pointer = JsonRecordsPath.compile(recordsPath);
        int steps = 0;
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            steps++;
        }
        names = new String[steps];
        indexes = new int[steps];
        JsonPointer p = pointer;
        for (int i = 0; i < steps; i++, p = p.tail()) {
            names[i] = p.getMatchingProperty();
            indexes[i] = p.getMatchingIndex();
        }
        // Jackson detects UTF-8, -16 and -32 from the bytes; another charset is decoded as declared
        this.parser =
                charset == null || detectedByJackson(charset)
                        ? RecordJson.MAPPER.createParser(in)
                        : RecordJson.MAPPER.createParser(BodyText.reader(in, charset));
    }

    private static boolean detectedByJackson(Charset charset) {
        String n = charset.name().toUpperCase(Locale.ROOT);
        return n.startsWith("UTF-8")
                || n.startsWith("UTF-16")
                || n.startsWith("UTF-32")
                || n.equals("US-ASCII");
    }

    @Override
    Object read() throws IOException {
        try {
            if (!inRecords) {
                findRecords(); // the first read: the base reads no more after END
                inRecords = true;
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                inRecords = false;
                finish();
                return END;
            }
            JsonNode record = parser.readValueAsTree();
            return record == null ? RecordJson.NODES.nullNode() : record;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** Reads the envelope up to the records array; the parser is then at its start. */
    private void findRecords() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw noArray("the body is empty");
        }
        if (names.length == 0) {
            if (token != JsonToken.START_ARRAY) {
                throw noArray("the body is " + kindOf(token));
            }
            envelope = RecordJson.NODES.arrayNode();
            return;
        }
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            throw noArray("the body is " + kindOf(token));
        }
        ContainerNode<?> top = container(token);
        envelope = top;
        open.push(new Frame(top, 0));
        walk(true);
    }

    /** Reads the rest of the envelope after the records array, and checks nothing follows it. */
    private void finish() throws IOException {
        walk(false);
        JsonToken after = parser.nextToken();
        if (after != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new MalformedInputException(
                    "the JSON body goes on after its end, at " + where(at) + ": a second value");
        }
    }

    /**
     * Fills the open containers of the envelope; seeking, it stops at the records array (and fails
     * if the document ends first).
     */
    private void walk(boolean seeking) throws IOException {
        while (!open.isEmpty()) {
            Frame frame = open.peek();
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedInputException(
                        "the JSON body ends inside a value, at "
                                + where(parser.currentLocation())
                                + ": cut off?");
            }
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            String name = null;
            int index = -1;
            if (frame.node.isObject()) {
                name = parser.currentName();
                token = parser.nextToken();
            } else {
                index = frame.index++;
            }
            boolean onPath =
                    seeking
                            && (name != null
                                    ? names[frame.depth].equals(name)
                                    : indexes[frame.depth] == index);
            if (onPath && frame.depth + 1 == names.length) {
                if (token != JsonToken.START_ARRAY) {
                    throw noArray("it holds " + kindOf(token));
                }
                put(frame, name, RecordJson.NODES.arrayNode());
                return;
            }
            if (onPath && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
                ContainerNode<?> child = container(token);
                put(frame, name, child);
                open.push(new Frame(child, frame.depth + 1));
                continue;
            }
            JsonNode value = parser.readValueAsTree(); // off the path: all of it is envelope
            put(frame, name, value == null ? RecordJson.NODES.nullNode() : value);
        }
        if (seeking) {
            throw noArray("the body has nothing there");
        }
    }

    private static ContainerNode<?> container(JsonToken token) {
        return token == JsonToken.START_OBJECT
                ? RecordJson.NODES.objectNode()
                : RecordJson.NODES.arrayNode();
    }

    private static void put(Frame frame, String name, JsonNode value) {
        if (name != null) {
            ((ObjectNode) frame.node).set(name, value);
        } else {
            ((ArrayNode) frame.node).add(value);
        }
    }

    private MalformedInputException noArray(String why) {
        return new MalformedInputException("no array at recordsPath '" + recordsPath + "': " + why);
    }

    private static String kindOf(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return "no value";
        }
    }

    private static MalformedInputException malformed(JsonProcessingException e) {
        return new MalformedInputException(
                "the JSON body is not valid at "
                        + where(e.getLocation())
                        + ": "
                        + ParserMessages.of(e),
                null); // not Jackson's exception: its message quotes the body
    }

    private static String where(JsonLocation at) {
        if (at == null) {
            return "an unknown place";
        }
        String offset =
                at.getByteOffset() >= 0
                        ? "byte " + at.getByteOffset()
                        : "character " + at.getCharOffset();
        return offset + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    @Override
    String position() {
        return "at " + where(parser.currentLocation());
    }

    @Override
    String charsetName() {
        return BodyText.orUtf8(charset).name();
    }

    @Override
    public JsonNode envelope() {
        return envelope;
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            super.close();
        }
    }
}
