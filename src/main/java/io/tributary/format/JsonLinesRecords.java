package io.tributary.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;

/**
 * JSON Lines (NDJSON): one JSON object per line, e.g. a BigQuery or Elasticsearch export. Blank
 * lines are skipped; a line that is not one complete JSON object becomes a {@link BadRecord} with
 * its line number, and the lines after it load.
 */
final class JsonLinesRecords extends ChunkedReader {
    private final BufferedReader lines;
    private final Charset charset;
    private long line;

    JsonLinesRecords(CountingInputStream in, Charset charset) throws IOException {
        super(in);
        this.charset = BodyText.orUtf8(charset);
        this.lines = BodyText.reader(in, charset);
    }

    @Override
    Object read() throws IOException {
        String text;
        do {
            text = lines.readLine(); // \n, \r\n and \r all end a line
            if (text == null) {
                return END;
            }
            line++;
        } while (text.isBlank());
        JsonNode value;
        try (JsonParser parser = RecordJson.MAPPER.createParser(text)) {
            value = RecordJson.MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                return new BadRecord(
                        "line", line, "not a JSON object: a second value after the first", text);
            }
        } catch (JsonProcessingException e) {
            return new BadRecord("line", line, "not a JSON object: " + ParserMessages.of(e), text);
        }
        if (!value.isObject()) {
            return new BadRecord(
                    "line", line, "not a JSON object: " + kindOf(value) + " on its own", text);
        }
        return value;
    }

    private static String kindOf(JsonNode value) {
        if (value.isArray()) {
            return "an array";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    @Override
    String position() {
        return "line " + (line + 1);
    }

    @Override
    String charsetName() {
        return charset.name();
    }

    @Override
    public JsonNode envelope() {
        return RecordJson.NODES.objectNode();
    }
}
