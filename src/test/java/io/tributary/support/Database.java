package io.tributary.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A fresh target database for one test, H2, PostgreSQL or DuckDB, with the queries tests ask. */
public final class Database {
    public final String kind;
    public final String url;
    public final String user;
    public final String password;

    private Database(String kind, String url, String user, String password) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static Database h2() {
        return new Database(
                "h2",
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
                "sa",
                "");
    }

    /** An H2 file database, as the default configuration uses, in the given folder. */
    public static Database h2File(java.nio.file.Path dir) {
        return new Database(
                "h2-file",
                "jdbc:h2:file:"
                        + dir.resolve("tributary").toAbsolutePath()
                        + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
                "sa",
                "");
    }

    public static Database postgres() {
        return new Database("postgresql", Postgres.newDatabase(), Postgres.USER, "");
    }

    /** A DuckDB file in a fresh temporary folder. */
    public static Database duckdb() {
        try {
            return duckdb(java.nio.file.Files.createTempDirectory("tributary-duckdb"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A DuckDB file in the given folder (one process at a time may open it). */
    public static Database duckdb(java.nio.file.Path dir) {
        return new Database(
                "duckdb",
                "jdbc:duckdb:" + dir.resolve("tributary.duckdb").toAbsolutePath(),
                "",
                "");
    }

    public static Database of(String kind) {
        switch (kind) {
            case "h2":
                return h2();
            case "duckdb":
                return duckdb();
            default:
                return postgres();
        }
    }

    public Connection connect() throws SQLException {
        // an H2 file opened here must close with the connection, or the test JVM keeps the file
        // locked against the Tributary process it is testing (DB_CLOSE_DELAY persists in the file,
        // so say 0)
        if (kind.equals("duckdb")) {
            // no login, and the same properties as the pool's connections: DuckDB refuses a second
            // connection to a file opened with other settings
            return DriverManager.getConnection(url);
        }
        return DriverManager.getConnection(
                kind.equals("h2-file")
                        ? url.replace(";DB_CLOSE_DELAY=-1", ";DB_CLOSE_DELAY=0")
                        : url,
                user,
                password);
    }

    /** A connection pool as Tributary makes one (no login on DuckDB). */
    public com.zaxxer.hikari.HikariDataSource pool(int maximumSize) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setJdbcUrl(url);
        if (!kind.equals("duckdb")) {
            c.setUsername(user);
            c.setPassword(password);
        }
        c.setMaximumPoolSize(maximumSize);
        return new com.zaxxer.hikari.HikariDataSource(c);
    }

    public long count(String sql, Object... args) {
        return ((Number) single(sql, args)).longValue();
    }

    public Object single(String sql, Object... args) {
        List<Object> values = column(sql, args);
        return values.isEmpty() ? null : values.get(0);
    }

    public List<Object> column(String sql, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Object> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getObject(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public boolean tableExists(String table) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public String cursor(String connector) {
        return tableExists("tributary_cursors")
                ? (String)
                        single(
                                "SELECT cursor_value FROM tributary_cursors WHERE connector = ?",
                                connector)
                : null;
    }

    /** Arguments for {@code Tributary.run} that point it at this database. */
    public List<String> options() {
        return List.of(
                "--tributary.db.url=" + url,
                "--tributary.db.user=" + user,
                "--tributary.db.password=" + password);
    }

    @Override
    public String toString() {
        return kind;
    }
}
