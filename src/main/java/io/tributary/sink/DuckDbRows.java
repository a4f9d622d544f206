package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.sql.SqlDialect;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A page's rows into DuckDB through its Appender, in the page's transaction. Measured on DuckDB
 * 1.4.4 (100,000 rows of five columns, pages of 1,000): batched {@code INSERT} ~6,800 rows/s, the
 * Appender ~430,000 rows/s; a batch of single-row {@code INSERT ... ON CONFLICT} ~1,200 rows/s
 * (falling further as the table grows), the Appender into a temporary table followed by one {@code
 * INSERT ... SELECT ... ON CONFLICT} ~41,000 rows/s. So {@code append} appends to the table and
 * {@code upsert} appends to a temporary table and merges it in one statement.
 */
final class DuckDbRows {
    /** The page's row order, so that of a key twice in a page the later record wins. */
    private static final String POSITION = "__tributary_position";

    private static final String PAGE = "tributary_page_rows";

    private DuckDbRows() {}

    /** Whether {@link #upsert} can take the page: rows that lack a path keep stored values. */
    static boolean canMerge(PageBatch batch) {
        for (Object[] row : batch.rows()) {
            if (batch.absentColumns(row).length > 0) {
                return false; // the statements that keep those columns, row by row
            }
        }
        return true;
    }

    /**
     * Rows with a decimal that DuckDB's {@code DECIMAL(38, s)} cannot hold exactly (more than 38 -
     * s digits before the point, or more than s after) become dead letters of their page: nothing
     * is rounded, and one such record does not stop the connector.
     */
    static void deadLetterUnfitDecimals(PageBatch batch, List<Column> columns) {
        batch.removeRowsIf(
                (row, source) -> {
                    for (int i = 0; i < columns.size() && i < row.length; i++) {
                        int scale = scale(columns.get(i));
                        if (row[i] instanceof BigDecimal d && !fits(d, scale)) {
                            batch.addDeadLetter(
                                    new DeadLetter(
                                            columns.get(i).name(),
                                            d.toPlainString(),
                                            "DuckDB's DECIMAL(38, "
                                                    + scale
                                                    + ") cannot hold this value exactly (at most "
                                                    + (38 - scale)
                                                    + " digits before the point and "
                                                    + scale
                                                    + " after); nothing is rounded: declare the"
                                                    + " column's scale, or use PostgreSQL",
                                            source == null ? "" : source.toString()));
                            return true;
                        }
                    }
                    return false;
                });
    }

    private static int scale(Column column) {
        return column.scale() != null ? column.scale() : SqlDialect.DUCKDB_SCALE;
    }

    private static boolean fits(BigDecimal d, int scale) {
        BigDecimal digits = d.stripTrailingZeros();
        return Math.max(0, digits.scale()) <= scale
                && digits.precision() - digits.scale() <= 38 - scale;
    }

    static void append(Connection c, String table, List<Column> columns, List<Object[]> rows)
            throws SQLException {
        begin(c);
        try (DuckDBAppender appender =
                c.unwrap(DuckDBConnection.class).createAppender("main", table)) {
            appendRows(appender, columns, rows, false);
        }
    }

    static void upsert(
            Connection c,
            SqlDialect dialect,
            String table,
            List<Column> columns,
            List<String> key,
            List<Object[]> rows)
            throws SQLException {
        List<String> names = columns.stream().map(Column::name).collect(Collectors.toList());
        try (Statement s = c.createStatement()) {
            // DDL is transactional in DuckDB: a failed page leaves no temporary table behind
            s.execute(
                    "CREATE OR REPLACE TEMP TABLE "
                            + PAGE
                            + " AS SELECT "
                            + SqlDialect.list(names)
                            + ", CAST(0 AS BIGINT) AS "
                            + POSITION
                            + " FROM "
                            + SqlIdentifiers.quote(table)
                            + " LIMIT 0");
            try (DuckDBAppender appender =
                    c.unwrap(DuckDBConnection.class).createAppender("temp", "main", PAGE)) {
                appendRows(appender, columns, rows, true);
            }
            // one row per key (DuckDB's ON CONFLICT cannot update a row twice in one statement)
            String upsert = dialect.upsert(table, names, key);
            s.execute(
                    upsert.substring(0, upsert.indexOf(" VALUES ("))
                            + " SELECT "
                            + SqlDialect.list(names)
                            + " FROM "
                            + PAGE
                            + " QUALIFY row_number() OVER (PARTITION BY "
                            + SqlDialect.list(key)
                            + " ORDER BY "
                            + POSITION
                            + " DESC) = 1"
                            + upsert.substring(upsert.indexOf(" ON CONFLICT ")));
            s.execute("DROP TABLE " + PAGE);
        }
    }

    /**
     * DuckDB's JDBC driver begins a transaction at the first statement after {@code
     * setAutoCommit(false)}; an Appender used before that commits on its own.
     */
    private static void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    private static void appendRows(
            DuckDBAppender appender, List<Column> columns, List<Object[]> rows, boolean position)
            throws SQLException {
        long n = 0;
        for (Object[] row : rows) {
            appender.beginRow();
            for (int i = 0; i < columns.size(); i++) {
                // a row mapped before an evolved column was added is shorter
                append(appender, columns.get(i), i < row.length ? row[i] : null);
            }
            if (position) {
                appender.append(n++);
            }
            appender.endRow();
        }
    }

    private static void append(DuckDBAppender appender, Column column, Object v)
            throws SQLException {
        if (v == null) {
            appender.appendNull();
        } else if (v instanceof String text) {
            appender.append(text);
        } else if (v instanceof Long number) {
            appender.append(number.longValue());
        } else if (v instanceof BigDecimal decimal) {
            // the Appender takes a decimal only at the column's scale (exact: see fits)
            appender.append(decimal.setScale(scale(column), RoundingMode.UNNECESSARY));
        } else if (v instanceof Boolean flag) {
            appender.append(flag.booleanValue());
        } else if (v instanceof LocalDate date) {
            appender.append(date);
        } else if (v instanceof OffsetDateTime instant) {
            appender.append(instant);
        } else {
            appender.append(v.toString());
        }
    }
}
