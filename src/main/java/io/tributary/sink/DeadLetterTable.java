package io.tributary.sink;

import io.tributary.sql.SqlDialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * The dead letters: records that could not be loaded, with the field, value and reason, in table
 * {@code tributary_dead_letters} of the target database. Written in the page's transaction; a
 * record seen again (a re-read page after a crash) is kept once, keyed by a hash of its raw JSON.
 */
public final class DeadLetterTable {
    private DeadLetterTable() {}

    public static final String TABLE = "tributary_dead_letters";
    private static final List<String> COLUMNS =
            List.of(
                    "connector",
                    "record_hash",
                    "failed_at",
                    "field",
                    "raw_value",
                    "reason",
                    "record");

    public static void insert(
            Connection c, SqlDialect dialect, String connector, List<DeadLetter> letters)
            throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        String sql = dialect.insertIfAbsent(TABLE, COLUMNS, List.of("connector", "record_hash"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (DeadLetter d : letters) {
                ps.setString(1, connector);
                ps.setString(2, sha256(d.record()));
                ps.setObject(3, now);
                // cut to the columns' widths: one oversized value must not block the connector for
                // good
                ps.setString(4, cut(d.field(), 200));
                ps.setString(5, cut(d.value(), 1000));
                ps.setString(6, cut(d.reason(), 2000));
                ps.setString(7, d.record());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Creates the table when missing; call on an auto-commit connection at start-up. */
    public static void create(Connection c, SqlDialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + TABLE
                            + " ("
                            + dialect.idColumn(s, TABLE)
                            + ", "
                            + "connector VARCHAR(200) NOT NULL, record_hash VARCHAR(64) NOT NULL, "
                            + "failed_at TIMESTAMP WITH TIME ZONE NOT NULL, field VARCHAR(200), raw_value VARCHAR(1000), "
                            + "reason VARCHAR(2000) NOT NULL, record "
                            + dialect.textType()
                            + ", "
                            + "CONSTRAINT tributary_dead_letters_record UNIQUE (connector, record_hash))");
        }
    }

    /** Deletes dead letters by id (replay: their records are loaded now). */
    public static void delete(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
            for (Long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Gives dead letters that failed again their new field, value and reason. */
    public static void updateReasons(Connection c, java.util.Map<Long, DeadLetter> letters)
            throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE "
                                + TABLE
                                + " SET failed_at = ?, field = ?, raw_value = ?, reason = ? WHERE id = ?")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (var e : letters.entrySet()) {
                ps.setObject(1, now);
                ps.setString(2, cut(e.getValue().field(), 200));
                ps.setString(3, cut(e.getValue().value(), 1000));
                ps.setString(4, cut(e.getValue().reason(), 2000));
                ps.setLong(5, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
