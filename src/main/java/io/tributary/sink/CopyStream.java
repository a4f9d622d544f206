package io.tributary.sink;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * One page's rows into PostgreSQL by {@code COPY ... FROM STDIN (FORMAT csv)}, streamed: rows are
 * encoded as UTF-8 CSV straight into a fixed buffer, which goes to the server each time it fills,
 * so the server parses and stores the first rows while the last are still being encoded, and memory
 * stays one buffer whatever the page's size. A text or JSON value is quoted (quotes doubled), so an
 * empty string stays an empty string; a null is an unquoted empty field; numbers, booleans, dates
 * and timestamps (UTC instants) are written bare. The caller owns the transaction: on any failure
 * the COPY is cancelled, and the caller rolls back.
 */
final class CopyStream {
    static final int BUFFER = 64 * 1024;
    private static final byte QUOTE = '"';

    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private CopyIn copy;

    private CopyStream() {}

    /** Writes the rows (each {@code columns} long; a shorter row's missing values are null). */
    static void copy(Connection c, String sql, List<Object[]> rows, int columns)
            throws SQLException {
        new CopyStream().run(c, sql, rows, columns, false);
    }

    /** Like {@link #copy}, each row followed by its position in the page (0, 1, ...). */
    static void copyWithPositions(Connection c, String sql, List<Object[]> rows, int columns)
            throws SQLException {
        new CopyStream().run(c, sql, rows, columns, true);
    }

    private void run(Connection c, String sql, List<Object[]> rows, int columns, boolean position)
            throws SQLException {
        copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql);
        boolean done = false;
        try {
            long at = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    if (i > 0) {
                        put((byte) ',');
                    }
                    Object v = i < row.length ? row[i] : null;
                    if (v != null) {
                        value(v);
                    }
                }
                if (position) {
                    put((byte) ',');
                    bare(Long.toString(at++));
                }
                put((byte) '\n');
            }
            flush();
            copy.endCopy();
            done = true;
        } finally {
            if (!done && copy.isActive()) {
                try {
                    copy.cancelCopy(); // the connection can roll back and serve again
                } catch (SQLException ignored) {
                    // the failure that brought us here is the one reported
                }
            }
        }
    }

    private void value(Object v) throws SQLException {
        if (v instanceof String) {
            quoted((String) v);
        } else if (v instanceof Long || v instanceof Boolean) {
            bare(v.toString());
        } else if (v instanceof BigDecimal) {
            bare(((BigDecimal) v).toPlainString());
        } else if (v instanceof OffsetDateTime) {
            bare(((OffsetDateTime) v).toInstant().toString());
        } else if (v instanceof LocalDate) {
            bare(v.toString());
        } else {
            quoted(RecordFormat.text(v));
        }
    }

    /** ASCII text without a comma, quote or line break (a number, a date, a boolean). */
    private void bare(String s) throws SQLException {
        int n = s.length();
        if (n > BUFFER) {
            quoted(s); // not expected; correct either way
            return;
        }
        if (BUFFER - used < n) {
            flush();
        }
        for (int i = 0; i < n; i++) {
            buffer[used++] = (byte) s.charAt(i);
        }
    }

    /**
     * In quotes, each quote doubled, encoded as UTF-8 as it goes (an unpaired surrogate becomes
     * {@code ?}, as {@link String#getBytes} writes it).
     */
    private void quoted(String s) throws SQLException {
        put(QUOTE);
        byte[] b = buffer;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (BUFFER - used < 4) { // the longest a char (or a pair) becomes
                flush();
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    b[used++] = QUOTE;
                }
                b[used++] = (byte) c;
            } else if (c < 0x800) {
                b[used++] = (byte) (0xC0 | (c >> 6));
                b[used++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[used++] = (byte) (0xF0 | (cp >> 18));
                b[used++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[used++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[used++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[used++] = '?';
            } else {
                b[used++] = (byte) (0xE0 | (c >> 12));
                b[used++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[used++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        put(QUOTE);
    }

    private void put(byte b) throws SQLException {
        if (used == BUFFER) {
            flush();
        }
        buffer[used++] = b;
    }

    private void flush() throws SQLException {
        if (used > 0) {
            copy.writeToCopy(buffer, 0, used);
            used = 0;
        }
    }
}
