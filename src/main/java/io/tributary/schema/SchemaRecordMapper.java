package io.tributary.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A {@link RecordMapper} compiled from a {@link TargetSchema}: each column becomes a JSON pointer
 * and a converter chosen once, so mapping a record is a loop over precompiled readers.
 *
 * <p>Timestamps are returned as {@link OffsetDateTime} in UTC. The {@code iso} format accepts
 * offsets written {@code Z}, {@code +02:00} or {@code +0200} (Salesforce and Jira write the last).
 */
public final class SchemaRecordMapper implements RecordMapper {
    /** ISO-8601 date-time with an offset, with or without a colon in the offset. */
    public static final DateTimeFormatter ISO_ANY_OFFSET =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .optionalStart()
                    .appendOffset("+HH:MM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .toFormatter()
                    .withResolverStyle(
                            java.time.format.ResolverStyle
                                    .STRICT) // 30 February is an error, not 29 February
                    .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_READER =
            SourceJson.mapper();
    private final Reader[] readers;
    private final RowExpressions
            expressions; // computed columns and the filter; null when the schema has none
    private final ChildRowMapper children; // nested arrays to child tables; null when none

    /** A mapper without computed columns or filter (those need a Camel context to compile). */
    public SchemaRecordMapper(TargetSchema schema) {
        this(schema, null);
    }

    /**
     * A mapper whose computed columns and filter are compiled once, with the context's simple
     * language.
     */
    public SchemaRecordMapper(TargetSchema schema, org.apache.camel.CamelContext context) {
        List<Column> columns = schema.columns();
        readers = new Reader[columns.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = compile(schema.source(), columns.get(i));
        }
        expressions = context == null ? null : RowExpressions.compile(schema, context);
        children = ChildRowMapper.of(schema);
    }

    /**
     * @return the row, or null when the schema's filter leaves the record out
     */
    @Override
    public Object[] map(JsonNode record) throws RecordRejectedException {
        if (record == null || !record.isObject()) {
            throw new RecordRejectedException(
                    "$", record == null ? null : record.toString(), "record is not a JSON object");
        }
        Object[] row = new Object[readers.length];
        int[] absent = null;
        int absentCount = 0;
        for (int i = 0; i < readers.length; i++) {
            Reader reader = readers[i];
            if (reader.computed) {
                continue;
            }
            JsonNode node = record.at(reader.pointer);
            if (node.isMissingNode() && reader.keepsWhenAbsent) {
                if (absent == null) {
                    absent = new int[readers.length];
                }
                absent[absentCount++] = i; // row[i] stays null: what an insert writes
            } else {
                row[i] = reader.readNode(node);
            }
        }
        Object[] mapped = expressions == null ? row : expressions.apply(row, this);
        if (mapped == null || (absent == null && children == null)) {
            return mapped;
        }
        NestedRows nested = children == null ? null : children.map(record, mapped);
        Object[] marked =
                java.util.Arrays.copyOf(
                        mapped,
                        mapped.length + (absent == null ? 0 : 1) + (nested == null ? 0 : 1));
        if (absent != null) {
            marked[mapped.length] = new AbsentColumns(java.util.Arrays.copyOf(absent, absentCount));
        }
        if (nested != null) {
            marked[marked.length - 1] = nested; // after AbsentColumns: PageBatch takes it off first
        }
        return marked;
    }

    /**
     * Converts a computed column's value the way the column reads a source value (type, required,
     * default).
     */
    Object convertComputed(int index, Object value) throws RecordRejectedException {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        JsonNode node;
        if (value == null) {
            node = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } else if (value instanceof JsonNode) {
            node = (JsonNode) value;
        } else if (value instanceof BigDecimal) {
            node = f.numberNode((BigDecimal) value);
        } else if (value instanceof Long || value instanceof Integer) {
            node = f.numberNode(((Number) value).longValue());
        } else if (value instanceof Number) {
            node = f.numberNode(new BigDecimal(value.toString()));
        } else if (value instanceof Boolean) {
            node = f.booleanNode((Boolean) value);
        } else if (value instanceof OffsetDateTime
                && readers[index].column.type() == ColumnType.TIMESTAMP) {
            return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
        } else {
            String text = value.toString();
            if (text.isEmpty() && readers[index].column.type() != ColumnType.STRING) {
                node =
                        com.fasterxml.jackson.databind.node.MissingNode
                                .getInstance(); // simple gives "" for a missing value
            } else {
                node = f.textNode(text);
            }
        }
        return readers[index].readNode(node);
    }

    /**
     * Reads one value given as text the way {@code column} reads it from a record, e.g. a stored
     * cursor or a configured start value.
     */
    public static Object parseText(Column column, String text) throws RecordRejectedException {
        return compile("value", column)
                .read(
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                .objectNode()
                                .put("v", text),
                        "/v");
    }

    /**
     * Writes a value the way {@code column} reads it, so {@link #parseText} gives it back: the form
     * a stored cursor takes and the form sent to the source as the cursor parameter. Timestamps in
     * {@code iso} format are written as UTC instants ({@code 2026-11-26T01:02:00Z}).
     */
    public static String formatText(Column column, Object value) {
        if (value instanceof OffsetDateTime) {
            OffsetDateTime t = (OffsetDateTime) value;
            String format = column.format() == null ? "iso" : column.format();
            switch (format) {
                case "iso":
                    return t.toInstant().toString();
                case "epoch-seconds":
                    return Long.toString(t.toEpochSecond());
                case "epoch-millis":
                    return Long.toString(t.toInstant().toEpochMilli());
                default:
                    // a pattern without offset names the column's zone's local time
                    return column.zone() == null
                            ? t.format(DateTimeFormatter.ofPattern(format))
                            : t.atZoneSameInstant(column.zone())
                                    .format(DateTimeFormatter.ofPattern(format));
            }
        }
        if (value instanceof LocalDate
                && column.format() != null
                && !column.format().equals("iso")) {
            return ((LocalDate) value).format(DateTimeFormatter.ofPattern(column.format()));
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        return value.toString();
    }

    private interface Converter {
        Object convert(JsonNode value)
                throws IllegalArgumentException, DateTimeParseException, ArithmeticException;
    }

    private static final class Reader {
        final Column column;
        final JsonPointer pointer;
        final Converter converter;
        final Object defaultValue;
        final boolean computed;
        final boolean keepsWhenAbsent; // optional, no default: a record without the path leaves the

        // stored value

        Reader(Column column, Converter converter, Object defaultValue) {
            this.column = column;
            this.computed = column.computed();
            this.keepsWhenAbsent = !computed && !column.required() && defaultValue == null;
            this.pointer = computed ? JsonPointer.empty() : JsonPointer.compile(column.path());
            this.converter = converter;
            this.defaultValue = defaultValue;
        }

        Object read(JsonNode record) throws RecordRejectedException {
            return readNode(record.at(pointer));
        }

        Object read(JsonNode record, String path) throws RecordRejectedException {
            return readNode(record.at(path));
        }

        Object readNode(JsonNode node) throws RecordRejectedException {
            if (node.isMissingNode() || node.isNull()) {
                if (defaultValue != null) {
                    return defaultValue;
                }
                if (column.required()) {
                    throw new RecordRejectedException(
                            column.name(),
                            null,
                            "required field is missing (path " + column.path() + ")");
                }
                return null;
            }
            try {
                return converter.convert(node);
            } catch (NoOffsetException e) {
                throw new RecordRejectedException(column.name(), node.asText(), e.getMessage());
            } catch (DateTimeParseException e) {
                // Java's own text repeats the value and says little; name the format and the
                // position
                String why =
                        e.getCause() != null
                                ? e.getCause().getMessage() // a date that does not exist, e.g. 30
                                // February
                                : "does not match format "
                                        + (column.format() == null ? "iso" : column.format())
                                        + " (from character "
                                        + (e.getErrorIndex() + 1)
                                        + ")";
                throw new RecordRejectedException(
                        column.name(),
                        node.asText(),
                        "not a valid "
                                + column.type().name().toLowerCase(java.util.Locale.ROOT)
                                + ": "
                                + why);
            } catch (RuntimeException e) {
                throw new RecordRejectedException(
                        column.name(),
                        node.isValueNode() ? node.asText() : node.toString(),
                        "not a valid "
                                + column.type().name().toLowerCase(java.util.Locale.ROOT)
                                + describe(column)
                                + ": "
                                + e.getMessage());
            }
        }

        private static String describe(Column c) {
            return c.format() == null ? "" : " (format " + c.format() + ")";
        }
    }

    private static Reader compile(String source, Column column) {
        Converter converter = converter(source, column);
        Object def = null;
        if (column.defaultValue() != null) {
            try {
                def =
                        column.type() == ColumnType.JSON
                                ? JSON_READER
                                        .readTree(column.defaultValue())
                                        .toString() // a default of [] means the array
                                : converter.convert(
                                        com.fasterxml.jackson.databind.node.TextNode.valueOf(
                                                column.defaultValue()));
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SchemaException(
                        source
                                + ": field 'columns."
                                + column.name()
                                + ".default' value '"
                                + column.defaultValue()
                                + "' is not a valid "
                                + column.type().name().toLowerCase(java.util.Locale.ROOT)
                                + ": "
                                + e.getMessage());
            }
        }
        return new Reader(column, converter, def);
    }

    private static Converter converter(String source, Column column) {
        switch (column.type()) {
            case STRING:
                return n -> {
                    if (n.isContainerNode()) {
                        throw new IllegalArgumentException(
                                "expected text, found "
                                        + n.getNodeType()
                                                .name()
                                                .toLowerCase(java.util.Locale.ROOT));
                    }
                    return n.asText();
                };
            case INTEGER:
                return n -> {
                    if (n.isIntegralNumber()) {
                        return n.longValue();
                    }
                    if (n.isNumber()) {
                        return n.decimalValue().longValueExact();
                    }
                    if (n.isTextual()) {
                        return Long.parseLong(n.asText().trim());
                    }
                    throw new IllegalArgumentException("expected an integer");
                };
            case DECIMAL:
                Integer scale = column.scale();
                return n -> {
                    BigDecimal d;
                    if (n.isNumber()) {
                        d = n.decimalValue(); // exactly the digits sent, when parsed by SourceJson
                    } else if (n.isTextual()) {
                        d = new BigDecimal(n.asText().trim());
                    } else {
                        throw new IllegalArgumentException("expected a number");
                    }
                    if (scale == null || d.scale() == scale) {
                        return d;
                    }
                    try {
                        return d.setScale(
                                scale,
                                java.math.RoundingMode.UNNECESSARY); // pads, or drops only zeros
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException(
                                "has more digits after the point than the column's scale "
                                        + scale
                                        + " keeps; raise 'scale' of column '"
                                        + column.name()
                                        + "' in "
                                        + source
                                        + " (nothing is rounded)");
                    }
                };
            case BOOLEAN:
                return n -> {
                    if (n.isBoolean()) {
                        return n.booleanValue();
                    }
                    String s = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
                    if (s.equals("true") || s.equals("false")) {
                        return Boolean.valueOf(s);
                    }
                    throw new IllegalArgumentException("expected true or false");
                };
            case DATE:
                DateTimeFormatter dateFormat =
                        column.format() == null || column.format().equals("iso")
                                ? DateTimeFormatter.ISO_LOCAL_DATE
                                : pattern(source, column);
                return n -> LocalDate.parse(n.asText().trim(), dateFormat);
            case TIMESTAMP:
                return timestamp(source, column);
            case JSON:
                return JsonNode::toString;
            default:
                throw new IllegalStateException("unhandled type " + column.type());
        }
    }

    private static Converter timestamp(String source, Column column) {
        String format = column.format() == null ? "iso" : column.format();
        java.time.ZoneId zone = column.zone();
        switch (format) {
            case "iso":
                return n -> {
                    String text = n.asText().trim();
                    OffsetDateTime fast = fastIso(text);
                    if (fast != null) {
                        return fast;
                    }
                    // RFC 3339 allows a space for the T (PostgreSQL, Pipedrive and many exports
                    // write one)
                    String iso =
                            text.length() > 10 && text.charAt(10) == ' '
                                    ? text.substring(0, 10) + 'T' + text.substring(11)
                                    : text;
                    return atZone(ISO_ANY_OFFSET.parse(iso), source, column);
                };
            case "epoch-seconds":
                return n -> Instant.ofEpochSecond(epoch(n)).atOffset(ZoneOffset.UTC);
            case "epoch-millis":
                return n -> Instant.ofEpochMilli(epoch(n)).atOffset(ZoneOffset.UTC);
            default:
                DateTimeFormatter f = pattern(source, column);
                if (zone == null && !namesOffset(format)) {
                    // every value would be refused: say so now, not once per record
                    throw new SchemaException(
                            source
                                    + ": field 'columns."
                                    + column.name()
                                    + ".format' value '"
                                    + format
                                    + "' has no offset or zone (X, Z, O, V), so its times are ambiguous; "
                                    + zoneAdvice(source, column));
                }
                return n -> atZone(f.parse(n.asText().trim()), source, column);
        }
    }

    /**
     * The instant a parsed timestamp names: by its own offset or zone when the text has one, else
     * in the column's {@code zone}; without either it is refused, saying how to declare the zone.
     */
    private static OffsetDateTime atZone(
            java.time.temporal.TemporalAccessor t, String source, Column column) {
        if (t.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(t).withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (t.query(java.time.temporal.TemporalQueries.zone()) != null) {
            return java.time.ZonedDateTime.from(t)
                    .toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (column.zone() == null) {
            throw new NoOffsetException(
                    "the text has no offset (such as Z or +02:00) and column '"
                            + column.name()
                            + "' declares no zone; "
                            + zoneAdvice(source, column));
        }
        return java.time.LocalDateTime.from(t)
                .atZone(column.zone())
                .toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String zoneAdvice(String source, Column column) {
        return "add 'zone: UTC' (or the source's zone, such as Europe/Berlin) to column '"
                + column.name()
                + "' in "
                + source;
    }

    /**
     * Whether a DateTimeFormatter pattern has a letter for an offset or zone (outside quoted text).
     */
    static boolean namesOffset(String pattern) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && "XxZOVz".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A timestamp without offset in a column without zone: its reason is the whole story. */
    static final class NoOffsetException extends java.time.DateTimeException {
        private static final long serialVersionUID = 1L;

        NoOffsetException(String message) {
            super(message);
        }
    }

    /**
     * The common shapes of an ISO timestamp ({@code 2011-04-22T13:33:48Z}, {@code ...48.123+01:00},
     * {@code ...48.000+0000}) read without the formatter, which cost a large share of the mapping;
     * null for anything else (and for an impossible date), which the formatter then reads or
     * rejects.
     */
    static OffsetDateTime fastIso(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nano = digits(s, start, i);
            for (int k = count; k < 9; k++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int hh;
            int mm;
            if (n - i == 6 && s.charAt(i + 3) == ':') {
                hh = digits(s, i + 1, i + 3);
                mm = digits(s, i + 4, i + 6);
            } else if (n - i == 5) {
                hh = digits(s, i + 1, i + 3);
                mm = digits(s, i + 3, i + 5);
            } else {
                return null;
            }
            if ((hh | mm) < 0) {
                return null;
            }
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset)
                    .withOffsetSameInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // 30 February: the formatter rejects it with its own message
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long epoch(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        return Long.parseLong(n.asText().trim());
    }

    private static DateTimeFormatter pattern(String source, Column column) {
        try {
            return DateTimeFormatter.ofPattern(column.format());
        } catch (IllegalArgumentException e) {
            throw new SchemaException(
                    source
                            + ": field 'columns."
                            + column.name()
                            + ".format' value '"
                            + column.format()
                            + "' is not iso, epoch-seconds, epoch-millis or a valid date-time pattern: "
                            + e.getMessage());
        }
    }
}
