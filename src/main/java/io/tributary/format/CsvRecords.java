package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV (RFC 4180, e.g. a spreadsheet export): each row an object keyed by the header (the first row,
 * or {@code csvColumns}), every value text and an empty field JSON null, so the schema converts the
 * text, and an empty cell means no value (its default, a required column's dead letter) rather than
 * an empty string a number column would reject.
 *
 * <p>A row with more or fewer fields than the header, or whose quoting is broken, becomes a {@link
 * BadRecord} at the physical line the row starts on, and the rows after it load. A quoted field
 * left open runs to the end of the body: it is the last, bad, record.
 */
final class CsvRecords extends ChunkedReader {
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final Charset charset;
    private final char delimiter;
    private final char quote;
    private String[] header;

    /** The physical line the last row read ended on: the next one starts on the line after. */
    private long endLine;

    /** After a broken row: the line the parser stopped in, whose rest is no row of its own. */
    private long brokenLine = -1;

    CsvRecords(
            CountingInputStream in,
            Charset charset,
            char delimiter,
            char quote,
            List<String> columns)
            throws IOException {
        super(in);
        this.charset = BodyText.orUtf8(charset);
        this.delimiter = delimiter;
        this.quote = quote;
        this.parser =
                CSVFormat.RFC4180
                        .builder()
                        .setDelimiter(delimiter)
                        .setQuote(quote)
                        // empty lines are skipped here, not by the parser, so that every row's
                        // start line is the line after the previous row's end
                        .setIgnoreEmptyLines(false)
                        .get()
                        .parse(BodyText.reader(in, charset));
        this.rows = parser.iterator();
        this.header = columns.isEmpty() ? null : columns.toArray(String[]::new);
    }

    @Override
    Object read() throws IOException {
        while (true) {
            long start = endLine + 1;
            CSVRecord row;
            try {
                row = rows.next(); // without hasNext(): the parser reads just this row
            } catch (NoSuchElementException e) {
                return END;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e.getCause(); // the stream's own failure, or its charset
                }
                return broken(start, (CSVException) e.getCause());
            }
            endLine = parser.getCurrentLineNumber();
            if (brokenLine >= 0) {
                boolean restOfBrokenLine = endLine == brokenLine;
                brokenLine = -1;
                if (restOfBrokenLine) {
                    continue;
                }
            }
            if (row.size() == 0 || row.size() == 1 && row.get(0).isEmpty()) {
                continue; // an empty line
            }
            if (header == null) {
                header = checkedHeader(row);
                continue;
            }
            if (row.size() != header.length) {
                return new BadRecord(
                        "line",
                        start,
                        row.size() + " fields where the header has " + header.length,
                        joined(row));
            }
            return record(row);
        }
    }

    private ObjectNode record(CSVRecord row) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(header.length * 4 / 3 + 1);
        for (int i = 0; i < header.length; i++) {
            String value = row.get(i);
            fields.put(
                    header[i],
                    value.isEmpty() ? RecordJson.NODES.nullNode() : TextNode.valueOf(value));
        }
        return new ObjectNode(RecordJson.NODES, fields);
    }

    private BadRecord broken(long start, CSVException e) {
        long stopped = parser.getCurrentLineNumber();
        String message = e.getMessage();
        if (message != null && message.contains("EOF")) {
            // only an open quote reads to the end: the rest of the body is this one record
            endLine = stopped;
            return new BadRecord(
                    "line",
                    start,
                    "a quoted field opened in this row is not closed before the end of the body"
                            + " ("
                            + (stopped - start + 1)
                            + " lines)",
                    null);
        }
        // text after a closing quote (the one other quoting error): the parser stopped there; the
        // rest of its line is skipped
        brokenLine = stopped;
        endLine = stopped;
        return new BadRecord(
                "line",
                start,
                "text after a closing quote: a quoted field must end at a delimiter or the line's end",
                null);
    }

    private static String[] checkedHeader(CSVRecord row) throws MalformedInputException {
        String[] names = row.values();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i].isBlank()) {
                throw new MalformedInputException(
                        "the CSV header's column " + (i + 1) + " has no name");
            }
            Integer before = seen.putIfAbsent(names[i], i + 1);
            if (before != null) {
                throw new MalformedInputException(
                        "the CSV header names column '"
                                + names[i]
                                + "' twice (columns "
                                + before
                                + " and "
                                + (i + 1)
                                + ")");
            }
        }
        return names;
    }

    /** The row as a CSV line again, for its dead letter. */
    private String joined(CSVRecord row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size() && line.length() <= BadRecord.TEXT_LIMIT; i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String value = row.get(i);
            if (needsQuotes(value)) {
                line.append(quote);
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    if (ch == quote) {
                        line.append(quote);
                    }
                    line.append(ch);
                }
                line.append(quote);
            } else {
                line.append(value);
            }
        }
        return line.toString();
    }

    private boolean needsQuotes(String value) {
        for (int c = 0; c < value.length(); c++) {
            char ch = value.charAt(c);
            if (ch == delimiter || ch == quote || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    String position() {
        return "line " + (endLine + 1);
    }

    @Override
    String charsetName() {
        return charset.name();
    }

    @Override
    public JsonNode envelope() {
        return RecordJson.NODES.objectNode();
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
