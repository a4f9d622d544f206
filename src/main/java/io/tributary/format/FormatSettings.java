package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a body's records are written: the format and its options, from a connector's {@code format*}
 * parameters (declared once, in {@code connector.ConnectorParameters.FORMAT}).
 *
 * @param kind the format
 * @param recordsPath where the records are: a JSON pointer for JSON ({@code /items}, {@code /}: the
 *     body is the array); an element path for XML ({@code /soap:Envelope/soap:Body/m:Result/m:Row},
 *     or {@code //m:Row} for such elements at any depth), its prefixes from {@code xmlNamespaces};
 *     unused by JSON Lines and CSV
 * @param csvDelimiter the CSV field separator
 * @param csvQuote the CSV quote character
 * @param csvColumns the CSV columns when the file has no header row; empty: the first row is the
 *     header
 * @param xmlNamespaces prefix -> namespace URI for {@code recordsPath}'s prefixes
 * @param compression how the bytes are compressed (an HTTP body the client decoded is {@code none})
 */
public record FormatSettings(
        Kind kind,
        String recordsPath,
        char csvDelimiter,
        char csvQuote,
        List<String> csvColumns,
        Map<String, String> xmlNamespaces,
        Compression compression) {

    public FormatSettings {
        csvColumns = List.copyOf(csvColumns);
        xmlNamespaces = Map.copyOf(xmlNamespaces);
    }

    /**
     * The settings a connector's {@code format*} parameters give, each checked: blank means its
     * default ({@code json}, {@code /}, {@code ,}, {@code "}, a header row, no namespaces, {@code
     * none}). E.g. {@code parse("xml", "//m:Item", null, null, null, "m=urn:example:search",
     * null)}.
     *
     * @throws IllegalArgumentException naming the parameter and its value, e.g. {@code csvDelimiter
     *     '::' must be one character (or tab)}
     */
    public static FormatSettings parse(
            String format,
            String recordsPath,
            String csvDelimiter,
            String csvQuote,
            String csvColumns,
            String xmlNamespaces,
            String compression) {
        return FormatParameters.parse(
                format,
                recordsPath,
                csvDelimiter,
                csvQuote,
                csvColumns,
                xmlNamespaces,
                compression);
    }

    /**
     * One body read as records, a chunk at a time. The reader owns {@code in} from now on: closing
     * it closes the stream.
     *
     * @param charset the body's declared charset; null: UTF-8 (JSON: Jackson detects UTF-8, -16 or
     *     -32; XML: the document's own declaration)
     */
    public RecordReader open(InputStream in, Charset charset) throws IOException {
        InputStream decoded;
        try {
            decoded = compression.decode(in);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException also) {
                e.addSuppressed(also);
            }
            throw e;
        }
        CountingInputStream counted = new CountingInputStream(decoded);
        try {
            switch (kind) {
                case JSON:
                    return new JsonRecords(counted, charset, recordsPath);
                case JSONL:
                    return new JsonLinesRecords(counted, charset);
                case CSV:
                    return new CsvRecords(counted, charset, csvDelimiter, csvQuote, csvColumns);
                case XML:
                    return new XmlRecords(
                            counted, charset, ElementPath.compile(recordsPath, xmlNamespaces));
                default:
                    throw new IllegalStateException("no reader for " + kind);
            }
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /** The same options for another format (a response whose Content-Type names it). */
    public FormatSettings withKind(Kind other) {
        return other == kind
                ? this
                : new FormatSettings(
                        other,
                        recordsPath,
                        csvDelimiter,
                        csvQuote,
                        csvColumns,
                        xmlNamespaces,
                        compression);
    }

    /** The formats a source can read. */
    public enum Kind {
        JSON,
        JSONL,
        CSV,
        XML;

        /** The parameter's word: {@code json}, {@code jsonl}, {@code csv}, {@code xml}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The {@code Accept} header a request for a body of this format sends: its media types,
         * then anything (a source with one representation sends it), so an API that offers JSON and
         * CSV of one resource answers in the format the connector reads.
         */
        public String accept() {
            switch (this) {
                case JSONL:
                    return "application/x-ndjson, application/jsonl, */*;q=0.5";
                case CSV:
                    return "text/csv, application/csv, */*;q=0.5";
                case XML:
                    return "application/xml, text/xml, application/soap+xml, */*;q=0.5";
                default:
                    return "application/json";
            }
        }

        /**
         * The format a Content-Type names ({@code application/x-ndjson}, {@code text/csv}, {@code
         * application/soap+xml}...), if any.
         */
        public static Optional<Kind> ofContentType(String contentType) {
            if (contentType == null) {
                return Optional.empty();
            }
            String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/x-ndjson")
                    || type.equals("application/ndjson")
                    || type.equals("application/jsonl")
                    || type.equals("application/x-jsonlines")
                    || type.equals("application/jsonlines")) {
                return Optional.of(JSONL);
            }
            if (type.equals("text/csv") || type.equals("application/csv")) {
                return Optional.of(CSV);
            }
            if (type.endsWith("/xml") || type.endsWith("+xml")) {
                return Optional.of(XML);
            }
            if (type.endsWith("/json") || type.endsWith("+json")) {
                return Optional.of(JSON);
            }
            return Optional.empty();
        }
    }

    /** How the bytes are compressed: {@code auto} looks at the first bytes (gzip's magic). */
    public enum Compression {
        NONE,
        GZIP,
        AUTO;

        /** The body's bytes, decompressed. */
        InputStream decode(InputStream in) throws IOException {
            switch (this) {
                case GZIP:
                    return GzipInput.of(in);
                case AUTO:
                    java.io.PushbackInputStream peek = new java.io.PushbackInputStream(in, 2);
                    byte[] magic = new byte[2];
                    int n = peek.readNBytes(magic, 0, 2);
                    peek.unread(magic, 0, n);
                    return n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                            ? GzipInput.of(peek)
                            : peek;
                default:
                    return in;
            }
        }
    }
}
