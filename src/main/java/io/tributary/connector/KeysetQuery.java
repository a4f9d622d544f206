package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schema.SourceJson;
import io.tributary.schema.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL source's reads: pages in keyset order, never by OFFSET. One statement for PostgreSQL and
 * H2:
 *
 * <pre>
 * SELECT * FROM "orders" src
 *  WHERE (src."updated_at", src."id") &gt; (?, ?)      -- after the last committed position
 *    AND src."updated_at" &lt; ?                        -- the run's settle bound (timestamp cursors)
 *  ORDER BY src."updated_at", src."id"
 *  LIMIT ?
 * </pre>
 *
 * A row-value comparison over the cursor and the key columns is the keyset condition (equal to
 * {@code c > ? OR (c = ? AND (k1, k2) > (?, ?))}, and an index on the same columns serves it); a
 * {@code query} is read as the subquery {@code src}. Names are checked and quoted ({@link
 * SqlIdentifiers}); every value (position, bound, page size) is a bind parameter.
 */
final class KeysetQuery {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = SourceJson.mapper();
    private final String from;
    private final String cursor;
    private final List<String> keys; // the tie-breakers, without the cursor column

    /**
     * @param table {@code table} or {@code schema.table}, or null
     * @param query a SELECT, or null
     */
    KeysetQuery(String table, String query, String cursor, List<String> keyColumns) {
        this.from = table != null ? quotedTable(table) : "(" + query + ")";
        this.cursor = SqlIdentifiers.validate(cursor);
        List<String> k = new ArrayList<>();
        for (String key : keyColumns) {
            if (!SqlIdentifiers.validate(key).equals(cursor) && !k.contains(key)) {
                k.add(key);
            }
        }
        this.keys = List.copyOf(k);
    }

    /** {@code "schema"."table"}; each part as {@link SqlIdentifiers} allows. */
    static String quotedTable(String table) {
        String[] parts = table.split("\\.", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    "'" + table + "' is not a table name: give table or schema.table");
        }
        List<String> quoted = new ArrayList<>();
        for (String part : parts) {
            quoted.add(SqlIdentifiers.quote(part));
        }
        return String.join(".", quoted);
    }

    /** The cursor column and then the keys: the order of a position's values. */
    List<String> positionColumns() {
        List<String> all = new ArrayList<>();
        all.add(cursor);
        all.addAll(keys);
        return all;
    }

    /** The result's columns as the records' fields: labels (lower-case) and kinds. */
    record Columns(List<String> labels, List<SqlColumnKind> kinds, int[] position) {
        SqlColumnKind cursorKind() {
            return kinds.get(position[0]);
        }

        /** The position's values of the current row. */
        Position positionOf(ResultSet rs) throws SQLException {
            List<Object> values = new ArrayList<>();
            for (int i : position) {
                values.add(kinds.get(i).read(rs, i + 1));
            }
            return new Position(values);
        }

        /** A position's text as the compact JSON array of its values' texts. */
        String text(Position p) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (int j = 0; j < position.length; j++) {
                array.add(kinds.get(position[j]).text(p.values().get(j)));
            }
            return array.toString();
        }

        /**
         * A stored position back as values to bind.
         *
         * @throws IllegalArgumentException when it does not fit these columns
         */
        Position parse(String text) {
            JsonNode array;
            try {
                array = JSON.readTree(text);
            } catch (java.io.IOException e) {
                array = null;
            }
            if (array == null || !array.isArray() || array.size() != position.length) {
                throw new IllegalArgumentException(
                        "does not fit cursorColumn and keyColumns ("
                                + position.length
                                + " value(s) in this order); were they changed since it was stored?");
            }
            List<Object> values = new ArrayList<>();
            for (int j = 0; j < position.length; j++) {
                values.add(kinds.get(position[j]).parse(array.get(j).asText()));
            }
            return new Position(values);
        }
    }

    /** A keyset position: the cursor's value, then the keys'. */
    record Position(List<Object> values) {
        Object cursor() {
            return values.get(0);
        }
    }

    /** A page read: its records, the position of its last row, and how many rows it has. */
    record Page(ArrayNode records, Position last) {
        int size() {
            return records.size();
        }
    }

    /**
     * The columns of the table or query, read from the driver's metadata of an empty result.
     *
     * @throws io.tributary.config.ConnectorConfigException naming the cursor or key column that is
     *     not among them
     */
    Columns describe(Connection c, String connector) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT * FROM " + from + " src WHERE 1 = 0");
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> labels = new ArrayList<>();
            List<SqlColumnKind> kinds = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                labels.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                kinds.add(SqlColumnKind.of(meta, i));
            }
            List<String> wanted = positionColumns();
            int[] position = new int[wanted.size()];
            for (int j = 0; j < wanted.size(); j++) {
                position[j] = labels.indexOf(wanted.get(j));
                if (position[j] < 0) {
                    throw new io.tributary.config.ConnectorConfigException(
                            connector,
                            j == 0 ? "cursorColumn" : "keyColumns",
                            wanted.get(j),
                            "is not a column of the source (its columns: "
                                    + String.join(", ", labels)
                                    + ")");
                }
            }
            return new Columns(List.copyOf(labels), List.copyOf(kinds), position);
        }
    }

    /** Rows whose cursor column is NULL: no keyset position reaches them. */
    long nullCursors(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT COUNT(*) FROM "
                                        + from
                                        + " src WHERE src."
                                        + SqlIdentifiers.quote(cursor)
                                        + " IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The source database's clock now, in the cursor's kind (with or without time zone). */
    static Object now(Connection c, SqlColumnKind kind) throws SQLException {
        String sql =
                kind == SqlColumnKind.TIMESTAMP_TZ
                        ? "SELECT CURRENT_TIMESTAMP"
                        : "SELECT LOCALTIMESTAMP";
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return kind.read(rs, 1);
        }
    }

    /**
     * The statement of a page: after {@code after} (null: from the start), from {@code start}
     * inclusive when there is no position yet ({@code cursorStart}; null: none), below {@code
     * bound} (null: none).
     */
    String sql(boolean after, boolean start, boolean bound) {
        String c = "src." + SqlIdentifiers.quote(cursor);
        StringBuilder where = new StringBuilder();
        if (after) {
            if (keys.isEmpty()) {
                where.append(c).append(" > ?");
            } else {
                StringBuilder columns = new StringBuilder(c);
                StringBuilder marks = new StringBuilder("?");
                for (String k : keys) {
                    columns.append(", src.").append(SqlIdentifiers.quote(k));
                    marks.append(", ?");
                }
                where.append('(').append(columns).append(") > (").append(marks).append(')');
            }
        } else if (start) {
            where.append(c).append(" >= ?");
        } else {
            where.append(c).append(" IS NOT NULL");
        }
        if (bound) {
            where.append(" AND ").append(c).append(" < ?");
        }
        StringBuilder order = new StringBuilder(c);
        for (String k : keys) {
            order.append(", src.").append(SqlIdentifiers.quote(k));
        }
        return "SELECT * FROM " + from + " src WHERE " + where + " ORDER BY " + order + " LIMIT ?";
    }

    /** Reads one page of at most {@code limit} rows. */
    Page read(Connection c, Columns columns, Position after, Object start, Object bound, int limit)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        sql(after != null, after == null && start != null, bound != null))) {
            int i = 1;
            if (after != null) {
                for (Object v : after.values()) {
                    ps.setObject(i++, v);
                }
            } else if (start != null) {
                ps.setObject(i++, start);
            }
            if (bound != null) {
                ps.setObject(i++, bound);
            }
            ps.setInt(i, limit);
            ps.setFetchSize(limit);
            ArrayNode records = JsonNodeFactory.instance.arrayNode();
            Position last = null;
            try (ResultSet rs = ps.executeQuery()) {
                int n = columns.labels().size();
                while (rs.next()) {
                    ObjectNode record = records.addObject();
                    for (int col = 0; col < n; col++) {
                        record.set(
                                columns.labels().get(col),
                                columns.kinds().get(col).json(rs, col + 1));
                    }
                    last = columns.positionOf(rs);
                    for (int j = 1; j < last.values().size(); j++) {
                        if (last.values().get(j) == null) {
                            throw new IllegalStateException(
                                    "key column '"
                                            + keys.get(j - 1)
                                            + "' is NULL in a row: keyColumns must never be NULL (use the primary key)");
                        }
                    }
                }
            }
            return new Page(records, last);
        }
    }
}
