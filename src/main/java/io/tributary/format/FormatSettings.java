package io.tributary.format;

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
        AUTO
    }
}
