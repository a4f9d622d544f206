package io.tributary.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Table {@code tributary_schema_changes}: one row per change Tributary made to a table because its
 * schema file changed (a column added, a type widened, a NOT NULL dropped) or drift under {@code
 * evolve} added a column, written in the transaction that made it, under the schema lock, with the
 * schema version that change set made ({@link SchemaVersions}).
 */
public final class SchemaChangeTable {
    public static final String TABLE = "tributary_schema_changes";

    private SchemaChangeTable() {}

    static void create(Connection c, io.tributary.sql.SqlDialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + TABLE
                            + " ("
                            + dialect.idColumn(s, TABLE)
                            + ", "
                            + "connector VARCHAR(200) NOT NULL, table_name VARCHAR(63) NOT NULL, column_name VARCHAR(63) NOT NULL, "
                            + "kind VARCHAR(40) NOT NULL, old_type VARCHAR(200), new_type VARCHAR(200) NOT NULL, "
                            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, version INTEGER, fingerprint VARCHAR(64))");
        }
        SchemaVersions.addColumns(c, TABLE, true); // a table from before versions
    }

    static void insert(
            Connection c,
            String connector,
            String table,
            TableChanges.Change change,
            SchemaVersions.Version version)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO "
                                + TABLE
                                + " (connector, table_name, column_name, kind, old_type, new_type, applied_at, version, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, DeadLetterTable.cut(connector, 200));
            ps.setString(2, table);
            ps.setString(3, change.column());
            ps.setString(4, change.kind());
            ps.setString(5, change.oldType());
            ps.setString(6, change.newType());
            ps.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setInt(8, version.number());
            ps.setString(9, version.fingerprint());
            ps.executeUpdate();
        }
    }

    /**
     * A column drift under {@code evolve} added: recorded as {@code add_column} with a version of
     * its own, in the transaction that added it.
     */
    static void recordEvolved(
            Connection c, String connector, String table, String column, String sqlType)
            throws SQLException {
        create(c, io.tributary.sql.SqlDialect.of(c));
        insert(
                c,
                connector,
                table,
                new TableChanges.Change(column, "add_column", null, sqlType, null, null),
                SchemaVersions.next(c, connector, table));
    }
}
