package io.tributary.sink;

import io.tributary.schema.SqlIdentifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A connector's schema version: 0 for a table as the schema file first made it, one more for each
 * change set Tributary applies to it (one start-up's schema-file changes, one column added by drift
 * under {@code evolve}). Each row of {@code tributary_schema_changes} carries the version its
 * change set made and the fingerprint of the table after it (SHA-256 over its columns' names, types
 * and nullability, and its primary key: the same table shape always hashes alike); each row of
 * {@code tributary_drift_events} the version current when it was found. The current version is the
 * highest in {@code tributary_schema_changes}, so it survives restarts with the table. Installs
 * from before versions gain the two columns at start-up (under the schema lock); their older rows
 * keep none.
 */
public final class SchemaVersions {
    /** A version and the fingerprint of the table it made (null for version 0). */
    public record Version(int number, String fingerprint) {
        static final Version NONE = new Version(0, null);
    }

    private SchemaVersions() {}

    /** Adds the columns {@code version} and, if asked, {@code fingerprint} to an older table. */
    static void addColumns(Connection c, String table, boolean fingerprint) throws SQLException {
        addIfMissing(c, table, "version", "INTEGER");
        if (fingerprint) {
            addIfMissing(c, table, "fingerprint", "VARCHAR(64)");
        }
    }

    private static void addIfMissing(Connection c, String table, String column, String type)
            throws SQLException {
        if (!hasColumn(c, table, column)) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
            }
        }
    }

    /** Whether the table has the column, whatever case the database folds names to. */
    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = md.getColumns(null, c.getSchema(), name, null)) {
                while (rs.next()) {
                    if (column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = md.getTables(null, c.getSchema(), name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The connector's current version (0 before any change), read in the caller's transaction. */
    static Version current(Connection c, String connector) throws SQLException {
        if (!hasTable(c, SchemaChangeTable.TABLE)
                || !hasColumn(c, SchemaChangeTable.TABLE, "version")) {
            return Version.NONE;
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT version, fingerprint FROM "
                                + SchemaChangeTable.TABLE
                                + " WHERE connector = ? AND version IS NOT NULL ORDER BY version DESC, id DESC")) {
            ps.setString(1, DeadLetterTable.cut(connector, 200));
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Version(rs.getInt(1), rs.getString(2)) : Version.NONE;
            }
        }
    }

    /** For {@code tributary state}: the connector's current version. */
    public static Version current(DataSource dataSource, String connector) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return current(c, connector);
        }
    }

    /**
     * The version a change set to {@code table} makes, with the table's fingerprint after it;
     * called under the schema lock, after the change set's DDL, in its transaction.
     */
    static Version next(Connection c, String connector, String table) throws SQLException {
        return new Version(current(c, connector).number() + 1, fingerprint(c, table));
    }

    /** SHA-256 of the table's shape: each column's name, type and nullability, and its key. */
    static String fingerprint(Connection c, String table) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                                + " numeric_scale, is_nullable FROM information_schema.columns"
                                + " WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, c.getSchema());
            ps.setString(2, SqlIdentifiers.validate(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(
                            rs.getString(1),
                            rs.getString(2).toLowerCase(Locale.ROOT)
                                    + "("
                                    + rs.getObject(3)
                                    + ","
                                    + rs.getObject(4)
                                    + ","
                                    + rs.getObject(5)
                                    + ")"
                                    + ("YES".equalsIgnoreCase(rs.getString(6)) ? "" : " not null"));
                }
            }
        }
        StringBuilder shape = new StringBuilder();
        columns.forEach((name, type) -> shape.append(name).append(' ').append(type).append('\n'));
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, c.getSchema(), table)) {
            while (rs.next()) {
                key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        shape.append("primary key ").append(String.join(",", key.values()));
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(shape.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
