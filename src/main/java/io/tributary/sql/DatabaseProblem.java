package io.tributary.sql;

import io.tributary.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Turns a database that cannot be used at start-up into one sentence naming {@code
 * tributary.db.url}, its value (password masked) and the reason in words: no driver for the scheme,
 * connection refused or no answer at host:port, an H2 folder that is read-only or full, an H2 or
 * DuckDB file open in another process, wrong credentials. Drivers and the pool bury that reason
 * under their own wrapping ("No suitable driver", "Connection is not available, request timed out",
 * hundreds of stack-trace lines).
 */
public final class DatabaseProblem {
    static final String URL = "tributary.db.url";

    private DatabaseProblem() {}

    /** Refuses a URL no driver on the class path accepts, before a pool is made of it. */
    public static void checkDriver(String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            int second = url.indexOf(':', 5);
            String scheme =
                    url.startsWith("jdbc:") && second > 0
                            ? url.substring(0, second + 1)
                            : url.split("[:/]")[0] + ":";
            throw new Settings.SettingException(
                    URL,
                    masked(url),
                    "no JDBC driver for '"
                            + scheme
                            + "'; Tributary ships drivers for"
                            + " jdbc:h2: (embedded, e.g. jdbc:h2:file:./data/tributary), jdbc:duckdb: (embedded, e.g. jdbc:duckdb:./data/tributary.duckdb) and jdbc:postgresql:// (e.g. jdbc:postgresql://db:5432/warehouse)");
        }
        String path = url.startsWith("jdbc:duckdb:") ? url.substring(12).split("\\?")[0] : null;
        if (path != null && (path.isEmpty() || path.startsWith(":memory:"))) {
            // each pooled connection would open a database of its own, the cursors in none of them
            throw new Settings.SettingException(
                    URL,
                    masked(url),
                    "an in-memory DuckDB is one database per connection; name a file, e.g."
                            + " jdbc:duckdb:./data/tributary.duckdb");
        }
    }

    /** Opens one connection, so a database that cannot be used stops start-up with its reason. */
    public static void probe(DataSource dataSource, String url) {
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            throw new Settings.SettingException(URL, masked(url), describe(url, e));
        }
    }

    /** The reason a connection to {@code url} failed, in words that say what to fix. */
    public static String describe(String url, Throwable failure) {
        StringBuilder all = new StringBuilder();
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
            root = t;
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                all.append(sql.getNextException().getMessage()).append('\n');
            }
        }
        String text = all.toString().toLowerCase(Locale.ROOT);
        String where = hostAndPort(url);
        String folder = h2Folder(url);
        if (text.contains("no space left")
                || text.contains("disk full")
                || text.contains("not enough space")) {
            return "disk full: no space left"
                    + (folder != null ? " in " + folder : " on the database's disk")
                    + "; free some space or point "
                    + URL
                    + " at another disk";
        }
        if (folder != null
                && (text.contains("accessdeniedexception")
                        || text.contains("permission denied")
                        || text.contains("read-only file system")
                        || text.contains("readonly")
                        || text.contains("read only")
                        || text.contains("error while creating file")
                        || text.contains("notdirectoryexception"))) {
            return "H2 cannot create or write its database file in "
                    + folder
                    + " (read-only, permission denied, or not a folder);"
                    + " choose a writable folder in "
                    + URL;
        }
        if (url.startsWith("jdbc:duckdb:") && text.contains("could not set lock on file")) {
            return "the DuckDB file "
                    + url.substring(12).split("\\?")[0]
                    + " is open in another process (a running Tributary, or a DuckDB shell?);"
                    + " DuckDB lets one process write a file: stop it, or use PostgreSQL to share the database";
        }
        if (text.contains("already in use") || text.contains("locked by another process")) {
            return "the H2 file"
                    + (folder != null ? " in " + folder : "")
                    + " is in use by another process (a running Tributary?);"
                    + " stop it, or use jdbc:h2:tcp:// or PostgreSQL to share the database";
        }
        if (text.contains("password authentication failed")
                || text.contains("wrong user name or password")
                || text.contains("authentication failed")) {
            return "the database refused the login: wrong user or password (tributary.db.user, tributary.db.password)";
        }
        if (text.contains("unknownhostexception")) {
            return "unknown host "
                    + (where != null ? "'" + where.replaceAll(":\\d+$", "") + "'" : "in the URL")
                    + "; check the host name";
        }
        if (text.contains("connectexception")
                || text.contains("connection refused")
                || text.contains(" refused")) {
            return "connection refused at "
                    + (where != null ? where : "the database's address")
                    + ": is the database server running there, and are host and port right?";
        }
        if (text.contains("sockettimeoutexception")
                || text.contains("noroutetohost")
                || text.contains("connection attempt failed")
                || text.contains("timed out")
                || text.contains("timeout")) {
            return "no answer from "
                    + (where != null ? where : "the database")
                    + " within tributary.db.connect-timeout-ms"
                    + " (unreachable: a wrong address, a firewall, or the server is down)";
        }
        String message =
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "cannot connect: " + masked(message.strip().lines().findFirst().orElse(""));
    }

    /** The URL with any password in it replaced by ****. */
    public static String masked(String url) {
        return url == null
                ? null
                : url.replaceAll("(?i)(password=)[^;&]*", "$1****")
                        .replaceAll("//([^/@:]+):([^/@]+)@", "//$1:****@");
    }

    /** host:port of a network URL (PostgreSQL's default port when none is given), else null. */
    static String hostAndPort(String url) {
        int slashes = url.indexOf("//");
        if (!url.startsWith("jdbc:") || slashes < 0) {
            return null;
        }
        try {
            URI uri = URI.create("x:" + url.substring(slashes).split(";")[0]);
            if (uri.getHost() == null) {
                return null;
            }
            int port =
                    uri.getPort() >= 0
                            ? uri.getPort()
                            : url.startsWith("jdbc:postgresql:")
                                    ? 5432
                                    : url.startsWith("jdbc:h2:tcp:") ? 9092 : -1;
            return uri.getHost() + (port >= 0 ? ":" + port : "");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The folder of an embedded H2 file database, absolute; null for other URLs. */
    static String h2Folder(String url) {
        if (!url.startsWith("jdbc:h2:")
                || url.startsWith("jdbc:h2:mem:")
                || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:")) {
            return null;
        }
        String path = url.substring("jdbc:h2:".length()).split(";")[0];
        path = path.startsWith("file:") ? path.substring(5) : path;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.toString();
    }
}
