package io.tributary.schema;

/**
 * One target column.
 *
 * @param name       the column name (a validated SQL identifier)
 * @param type       its type
 * @param path       JSON pointer into the source record, e.g. {@code /wind/speed_kmh}
 * @param required   whether a record without a value is rejected
 * @param format     how to read dates and times: {@code iso} (default), {@code epoch-seconds},
 *                   {@code epoch-millis}, or a {@link java.time.format.DateTimeFormatter} pattern
 * @param defaultValue the value (as text) used when the source has none, or null
 * @param expression a computed column's expression (Camel simple language over the mapped row,
 *                   e.g. {@code ${body[first_name]} ${body[last_name]}}), or null for a column read from {@code path}
 */
public record Column(String name, ColumnType type, String path, boolean required, String format, String defaultValue,
                     String expression) {

    public Column(String name, ColumnType type, String path, boolean required, String format, String defaultValue) {
        this(name, type, path, required, format, defaultValue, null);
    }

    public boolean computed() {
        return expression != null;
    }
}
