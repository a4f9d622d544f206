package io.tributary.sink;

import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The folder a row's file goes to, Hive's layout: {@code date=2026-11-25/} (the day of the cursor
 * field, UTC; today for a row without one), {@code country=DE/} (a column's value, escaped for a
 * path as Hive does: {@code a/b} is {@code a%2Fb}; null is {@code __HIVE_DEFAULT_PARTITION__}), or
 * both ({@code date=2026-11-25/country=DE/}); "" without partitions.
 */
final class FilePartition {
    static final String NULL = "__HIVE_DEFAULT_PARTITION__";
    private final int dateIndex; // -1: not by date
    private final boolean byDate;
    private final int column; // -1: not by a column
    private final String columnName;
    private final Clock clock;

    /**
     * @param partitionColumn a column of {@code schema}, or null
     */
    FilePartition(TargetSchema schema, boolean byDate, String partitionColumn, Clock clock) {
        this.byDate = byDate;
        int cursor = schema.cursorField() == null ? -1 : schema.indexOf(schema.cursorField());
        ColumnType ct = cursor < 0 ? null : schema.columns().get(cursor).type();
        this.dateIndex = ct == ColumnType.TIMESTAMP || ct == ColumnType.DATE ? cursor : -1;
        this.column = partitionColumn == null ? -1 : schema.indexOf(partitionColumn);
        this.columnName = partitionColumn;
        this.clock = clock;
    }

    /** The partition column's index in a row, or -1. */
    int columnIndex() {
        return column;
    }

    /** The row's folder below the table's, e.g. {@code date=2026-11-25/country=DE}; "" for none. */
    String folder(Object[] row) {
        StringBuilder folder = new StringBuilder();
        if (byDate) {
            Object v = dateIndex >= 0 && dateIndex < row.length ? row[dateIndex] : null;
            LocalDate d =
                    v instanceof OffsetDateTime
                            ? ((OffsetDateTime) v)
                                    .withOffsetSameInstant(ZoneOffset.UTC)
                                    .toLocalDate()
                            : v instanceof LocalDate
                                    ? (LocalDate) v
                                    : LocalDate.now(clock.withZone(ZoneOffset.UTC));
            folder.append("date=").append(d);
        }
        if (column >= 0) {
            if (folder.length() > 0) {
                folder.append('/');
            }
            Object v = column < row.length ? row[column] : null;
            folder.append(escape(columnName))
                    .append('=')
                    .append(v == null ? NULL : escape(RecordFormat.text(v)));
        }
        return folder.toString();
    }

    /**
     * Hive's {@code FileUtils.escapePathName}: control characters, the slash, backslash, quotes and
     * {@code #%*:=?^[]{}} as {@code %XX}, so a value is one folder name and reads back the same.
     */
    static String escape(String s) {
        if (s.isEmpty()) {
            return NULL; // an empty folder name is no folder
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\^[]{}".indexOf(c) >= 0) {
                out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        String e = out.toString();
        return e.equals(".") || e.equals("..") ? e.replace(".", "%2E") : e;
    }
}
