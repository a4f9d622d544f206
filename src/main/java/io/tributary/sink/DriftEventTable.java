package io.tributary.sink;

import io.tributary.schema.DriftEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Table {@code tributary_drift_events}: one row per schema-drift finding, written when it is found,
 * with the schema version current then (a column drift added: the version that added it).
 */
public final class DriftEventTable {
    public static final String TABLE = "tributary_drift_events";

    private DriftEventTable() {}

    public static void create(Connection c, io.tributary.sql.SqlDialect dialect)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + TABLE
                            + " ("
                            + dialect.idColumn(s, TABLE)
                            + ", "
                            + "connector VARCHAR(200) NOT NULL, detected_at TIMESTAMP WITH TIME ZONE NOT NULL, kind VARCHAR(40) NOT NULL, "
                            + "field VARCHAR(200) NOT NULL, detail VARCHAR(1000), action VARCHAR(40) NOT NULL, version INTEGER)");
        }
        SchemaVersions.addColumns(c, TABLE, false); // a table from before versions
    }

    public static void insert(DataSource dataSource, String connector, DriftEvent e) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO "
                                        + TABLE
                                        + " (connector, detected_at, kind, field, detail, action, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, connector);
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(3, e.kind());
            ps.setString(4, DeadLetterTable.cut(e.field(), 200));
            ps.setString(5, DeadLetterTable.cut(e.detail(), 1000));
            ps.setString(6, e.action());
            ps.setInt(7, SchemaVersions.current(c, connector).number());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new RuntimeCamelException(
                    "Recording schema drift in " + TABLE + " failed: " + ex.getMessage(), ex);
        }
    }
}
