package io.tributary.schema;

import java.time.ZoneId;

/**
 * One target column.
 *
 * @param name the column name (a validated SQL identifier)
 * @param type its type
 * @param path JSON pointer into the source record, e.g. {@code /wind/speed_kmh}
 * @param required whether a record without a value is rejected
 * @param format how to read dates and times: {@code iso} (default), {@code epoch-seconds}, {@code
 *     epoch-millis}, or a {@link java.time.format.DateTimeFormatter} pattern
 * @param defaultValue the value (as text) used when the source has none, or null
 * @param expression a computed column's expression (Camel simple language over the mapped row, e.g.
 *     {@code ${body[first_name]} ${body[last_name]}}), or null for a column read from {@code path}
 * @param zone a timestamp's time zone for text that carries no offset ({@code 2024-01-02
 *     01:38:54}), or null
 * @param scale a decimal's digits after the point (the column becomes {@code NUMERIC(1000,
 *     scale)}), or null to keep each value's own digits
 */
public record Column(
        String name,
        ColumnType type,
        String path,
        boolean required,
        String format,
        String defaultValue,
        String expression,
        ZoneId zone,
        Integer scale) {

    public Column(
            String name,
            ColumnType type,
            String path,
            boolean required,
            String format,
            String defaultValue) {
        this(name, type, path, required, format, defaultValue, null);
    }

    public Column(
            String name,
            ColumnType type,
            String path,
            boolean required,
            String format,
            String defaultValue,
            String expression) {
        this(name, type, path, required, format, defaultValue, expression, null, null);
    }

    public boolean computed() {
        return expression != null;
    }

    /** This column, required or not, everything else kept. */
    public Column withRequired(boolean required) {
        return new Column(
                name, type, path, required, format, defaultValue, expression, zone, scale);
    }
}
