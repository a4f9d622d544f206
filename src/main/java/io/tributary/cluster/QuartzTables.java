package io.tributary.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Creates Quartz's {@code qrtz_*} tables in PostgreSQL when they are missing, from the {@code
 * tables_postgres.sql} that ships inside the Quartz jar (so the schema always matches the Quartz
 * version on the classpath). Its {@code DROP TABLE} lines are skipped: existing tables hold the
 * cluster's triggers and are never touched.
 *
 * <p>Several replicas may start at once: the check and the creation run in one transaction under a
 * PostgreSQL advisory lock, and PostgreSQL's DDL is transactional, so exactly one replica creates
 * them.
 */
final class QuartzTables {
    static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    /** An arbitrary, fixed key for pg_advisory_xact_lock: "tributary quartz tables". */
    private static final long LOCK_KEY = 0x7472_6962_7174_6273L;

    private QuartzTables() {}

    /**
     * @return true if this call created the tables, false if they were there already
     */
    static boolean createIfMissing(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                if (exists(c)) {
                    c.commit();
                    return false;
                }
                for (String sql : statements()) {
                    s.execute(sql);
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static boolean exists(Connection c) throws SQLException {
        try (ResultSet rs =
                c.getMetaData().getTables(null, null, "qrtz_locks", new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** The CREATE statements of the script, comments, DROPs and COMMIT left out. */
    static List<String> statements() {
        String script;
        try (InputStream in = QuartzTables.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(
                        SCRIPT + " is missing from the classpath (quartz jar)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT, e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : withoutComments.toString().split(";")) {
            String trimmed = sql.trim();
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (!trimmed.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(trimmed);
            }
        }
        return statements;
    }
}
