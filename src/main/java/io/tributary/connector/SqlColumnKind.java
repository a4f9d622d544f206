package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.schema.SourceJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * What a source column holds, as the SQL source reads it: its value in a record (JSON as the target
 * schema maps it: timestamps as ISO-8601 text, with offset for {@code timestamptz}, exact decimals,
 * binary as base64) and, for the cursor and key columns, its value in the page's position (a
 * lossless text that binds back as the column's type, so the resumed query compares like with
 * like).
 */
enum SqlColumnKind {
    TIMESTAMP_TZ,
    TIMESTAMP,
    DATE,
    TIME,
    TIME_TZ,
    INTEGER,
    DECIMAL,
    FLOAT,
    BOOLEAN,
    BINARY,
    UUID_TEXT,
    JSON,
    TEXT;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_TEXT =
            SourceJson.mapper();

    /** The kind of result column {@code i} (1-based), from the driver's type and type name. */
    static SqlColumnKind of(ResultSetMetaData meta, int i) throws SQLException {
        String name = String.valueOf(meta.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
        if (name.equals("uuid")) {
            return UUID_TEXT;
        }
        if (name.equals("json") || name.equals("jsonb")) {
            return JSON;
        }
        // pgjdbc reports timestamptz as TIMESTAMP; its type name tells them apart
        if (name.equals("timestamptz") || name.contains("timestamp with time zone")) {
            return TIMESTAMP_TZ;
        }
        if (name.equals("timetz") || name.contains("time with time zone")) {
            return TIME_TZ;
        }
        switch (meta.getColumnType(i)) {
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return TIMESTAMP_TZ;
            case Types.TIMESTAMP:
                return TIMESTAMP;
            case Types.DATE:
                return DATE;
            case Types.TIME:
                return TIME;
            case Types.TIME_WITH_TIMEZONE:
                return TIME_TZ;
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return INTEGER;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return DECIMAL;
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return FLOAT;
            case Types.BOOLEAN:
            case Types.BIT:
                return BOOLEAN;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return BINARY;
            default:
                return TEXT;
        }
    }

    /** Column {@code i} of the current row as a record's value. */
    JsonNode json(ResultSet rs, int i) throws SQLException {
        Object value = read(rs, i);
        if (value == null) {
            return NODES.nullNode();
        }
        switch (this) {
            case INTEGER:
                return NODES.numberNode((Long) value);
            case DECIMAL:
                return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(
                        (BigDecimal) value); // exactly as stored: 16.50 stays 16.50
            case FLOAT:
                return NODES.numberNode((Double) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case JSON:
                try {
                    return JSON_TEXT.readTree((String) value);
                } catch (java.io.IOException e) {
                    return NODES.textNode((String) value); // not JSON after all: as text
                }
            default:
                return NODES.textNode(text(value));
        }
    }

    /** Column {@code i} of the current row as a Java value of this kind, or null. */
    Object read(ResultSet rs, int i) throws SQLException {
        Object value;
        switch (this) {
            case TIMESTAMP_TZ:
                value = rs.getObject(i, OffsetDateTime.class);
                break;
            case TIMESTAMP:
                value = rs.getObject(i, LocalDateTime.class);
                break;
            case DATE:
                value = rs.getObject(i, LocalDate.class);
                break;
            case TIME:
                value = rs.getObject(i, LocalTime.class);
                break;
            case TIME_TZ:
                value = rs.getObject(i, OffsetTime.class);
                break;
            case INTEGER:
                long l = rs.getLong(i);
                value = l;
                break;
            case DECIMAL:
                value = rs.getBigDecimal(i);
                break;
            case FLOAT:
                double d = rs.getDouble(i);
                value = d;
                break;
            case BOOLEAN:
                boolean b = rs.getBoolean(i);
                value = b;
                break;
            case BINARY:
                value = rs.getBytes(i);
                break;
            default:
                value = rs.getString(i);
        }
        return rs.wasNull() ? null : value;
    }

    /**
     * A value of this kind as text: ISO-8601 for times (always with seconds; timestamps with an
     * offset in UTC), plain decimals, base64 for binary.
     */
    String text(Object value) {
        switch (this) {
            case TIMESTAMP_TZ:
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC));
            case TIMESTAMP:
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) value);
            case DATE:
                return DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) value);
            case TIME:
                return DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
            case TIME_TZ:
                return DateTimeFormatter.ISO_OFFSET_TIME.format((OffsetTime) value);
            case DECIMAL:
                return ((BigDecimal) value).toPlainString();
            case BINARY:
                return Base64.getEncoder().encodeToString((byte[]) value);
            default:
                return value.toString();
        }
    }

    /**
     * A position's text (or {@code cursorStart}) as a value to bind.
     *
     * @throws IllegalArgumentException when the text is not a value of this kind
     */
    Object parse(String text) {
        try {
            switch (this) {
                case TIMESTAMP_TZ:
                    return OffsetDateTime.parse(text);
                case TIMESTAMP:
                    return LocalDateTime.parse(text);
                case DATE:
                    return LocalDate.parse(text);
                case TIME:
                    return LocalTime.parse(text);
                case TIME_TZ:
                    return OffsetTime.parse(text);
                case INTEGER:
                    return Long.parseLong(text);
                case DECIMAL:
                    return new BigDecimal(text);
                case FLOAT:
                    return Double.parseDouble(text);
                case BOOLEAN:
                    return Boolean.parseBoolean(text);
                case BINARY:
                    return Base64.getDecoder().decode(text);
                case UUID_TEXT:
                    return UUID.fromString(text);
                default:
                    return text;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "is not a " + label() + " value (e.g. " + example() + ")", e);
        }
    }

    /** Whether rows younger than the settle time wait for the next run. */
    boolean settles() {
        return this == TIMESTAMP_TZ || this == TIMESTAMP;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace("_tz", " with time zone").replace('_', ' ');
    }

    private String example() {
        switch (this) {
            case TIMESTAMP_TZ:
                return "2026-01-01T00:00:00Z";
            case TIMESTAMP:
                return "2026-01-01T00:00:00";
            case DATE:
                return "2026-01-01";
            case INTEGER:
                return "100000";
            case DECIMAL:
                return "100000.5";
            default:
                return "text";
        }
    }
}
