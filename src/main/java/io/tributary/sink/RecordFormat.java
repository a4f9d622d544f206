package io.tributary.sink;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * How a file sink writes rows: {@link JsonLines} ({@code jsonl}) or {@link Csv} ({@code csv}).
 * Timestamps are written as UTC instants ({@code 2026-11-26T01:02:00Z}), decimals with every digit.
 */
public interface RecordFormat {

    String extension();

    /** Whether rows may gain a column mid-file (schema drift under {@code evolve}). */
    boolean allowsNewColumns();

    void header(Writer out, List<String> columns) throws IOException;

    void row(Writer out, List<String> columns, Object[] row, boolean[] json) throws IOException;

    static RecordFormat named(String name) {
        switch (name) {
            case "jsonl":
                return new JsonLines();
            case "csv":
                return new Csv();
            default:
                return null;
        }
    }

    static String text(Object v) {
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant().toString();
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof LocalDate) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    /**
     * One JSON object per line, e.g. {@code
     * {"id":"ch_1","amount":"12.50","created":"2026-11-26T01:02:00Z"}}.
     */
    final class JsonLines implements RecordFormat {
        private static final com.fasterxml.jackson.core.JsonFactory JSON =
                new com.fasterxml.jackson.core.JsonFactory();

        @Override
        public String extension() {
            return "jsonl";
        }

        @Override
        public boolean allowsNewColumns() {
            return true;
        }

        @Override
        public void header(Writer out, List<String> columns) {}

        @Override
        public void row(Writer out, List<String> columns, Object[] row, boolean[] json)
                throws IOException {
            com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out);
            g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.enable(
                    com.fasterxml.jackson.core.JsonGenerator.Feature
                            .WRITE_BIGDECIMAL_AS_PLAIN); // 1000, not 1E+3
            g.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                Object v = i < row.length ? row[i] : null;
                g.writeFieldName(columns.get(i));
                if (v == null) {
                    g.writeNull();
                } else if (json[i]) {
                    g.writeRawValue((String) v);
                } else if (v instanceof Long) {
                    g.writeNumber((Long) v);
                } else if (v instanceof BigDecimal) {
                    g.writeNumber((BigDecimal) v);
                } else if (v instanceof Boolean) {
                    g.writeBoolean((Boolean) v);
                } else {
                    g.writeString(text(v));
                }
            }
            g.writeEndObject();
            g.flush();
            out.write('\n');
        }
    }

    /**
     * RFC 4180: a header line, CRLF line ends, fields with a comma, quote or line break quoted,
     * quotes doubled.
     */
    final class Csv implements RecordFormat {
        @Override
        public String extension() {
            return "csv";
        }

        @Override
        public boolean allowsNewColumns() {
            return false; // the header is already written
        }

        @Override
        public void header(Writer out, List<String> columns) throws IOException {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                field(out, columns.get(i));
            }
            out.write("\r\n");
        }

        @Override
        public void row(Writer out, List<String> columns, Object[] row, boolean[] json)
                throws IOException {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object v = i < row.length ? row[i] : null;
                if (v != null) { // null is an empty field; an empty string is ""
                    String s = text(v);
                    if (s.isEmpty()) {
                        out.write("\"\"");
                    } else {
                        field(out, s);
                    }
                }
            }
            out.write("\r\n");
        }

        static void field(Writer out, String s) throws IOException {
            boolean quote = false;
            for (int i = 0; i < s.length() && !quote; i++) {
                char c = s.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            if (!quote) {
                out.write(s);
                return;
            }
            out.write('"');
            out.write(s.replace("\"", "\"\""));
            out.write('"');
        }
    }
}
