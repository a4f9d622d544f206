package io.tributary.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The texts drivers give for a database that cannot be used, as H2 2.x and pgjdbc word them, mapped
 * to what to fix. A full disk and a read-only folder cannot be made on a test machine run as root,
 * so these two are the drivers' own texts.
 */
class DatabaseProblemTest {
    static final String H2 = "jdbc:h2:file:/srv/etl/data/tributary;DATABASE_TO_LOWER=TRUE";

    @Test
    void h2OnAFullDiskSaysDiskFullAndNamesTheFolder() {
        SQLException e =
                new SQLException(
                        "IO Exception: \"java.io.IOException: No space left on device\"; \"/srv/etl/data/tributary.mv.db\" [90028-224]",
                        "90028",
                        90028,
                        new java.io.IOException("No space left on device"));

        assertEquals(
                "disk full: no space left in /srv/etl/data; free some space or point tributary.db.url at another disk",
                DatabaseProblem.describe(H2, new RuntimeException("pool", e)));
    }

    @Test
    void h2InAReadOnlyFolderNamesTheFolder() {
        SQLException e =
                new SQLException(
                        "Error while creating file \"/srv/etl/data\" [90062-224]",
                        "90062",
                        90062,
                        new AccessDeniedException("/srv/etl/data"));

        assertTrue(
                DatabaseProblem.describe(H2, e)
                        .startsWith(
                                "H2 cannot create or write its database file in /srv/etl/data (read-only"),
                DatabaseProblem.describe(H2, e));
    }

    @Test
    void networkFailuresNameHostAndPort() {
        String url = "jdbc:postgresql://db.internal/warehouse";
        assertTrue(
                DatabaseProblem.describe(
                                url,
                                new SQLException(
                                        "The connection attempt failed.",
                                        "08001",
                                        new java.net.SocketTimeoutException("connect timed out")))
                        .startsWith("no answer from db.internal:5432"));
        assertTrue(
                DatabaseProblem.describe(
                                url,
                                new SQLException(
                                        "The connection attempt failed.",
                                        "08001",
                                        new java.net.UnknownHostException("db.internal")))
                        .startsWith("unknown host 'db.internal'"));
        assertTrue(
                DatabaseProblem.describe(
                                "jdbc:postgresql://10.0.0.5:6543/w",
                                new SQLException(
                                        "Connection to 10.0.0.5:6543 refused.",
                                        "08001",
                                        new java.net.ConnectException("Connection refused")))
                        .startsWith("connection refused at 10.0.0.5:6543"));
        assertTrue(
                DatabaseProblem.describe(
                                url,
                                new SQLException(
                                        "FATAL: password authentication failed for user \"etl\"",
                                        "28P01"))
                        .contains("wrong user or password"));
    }

    @Test
    void aPasswordInTheUrlIsMasked() {
        assertEquals(
                "jdbc:postgresql://db/w?user=etl&password=****",
                DatabaseProblem.masked("jdbc:postgresql://db/w?user=etl&password=s3cret"));
        assertEquals(
                "jdbc:postgresql://etl:****@db/w",
                DatabaseProblem.masked("jdbc:postgresql://etl:s3cret@db/w"));
        assertEquals(
                Path.of("data").toAbsolutePath().toString(),
                DatabaseProblem.h2Folder("jdbc:h2:file:./data/tributary;X=1"));
    }
}
