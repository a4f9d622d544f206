package io.tributary.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.support.HoldDuckDbFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DuckDB URL Tributary cannot use, in words. */
class DuckDbFileProblemTest {
    @TempDir Path dir;

    @Test
    void anInMemoryDuckDbIsRefusedBecauseEachPooledConnectionWouldBeADatabaseOfItsOwn() {
        for (String url : new String[] {"jdbc:duckdb:", "jdbc:duckdb::memory:"}) {
            Settings.SettingException e =
                    assertThrows(
                            Settings.SettingException.class,
                            () -> DatabaseProblem.checkDriver(url));
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "setting 'tributary.db.url' value '"
                                            + url
                                            + "': an in-memory DuckDB is one database per"
                                            + " connection; name a file, e.g."
                                            + " jdbc:duckdb:./data/tributary.duckdb"),
                    e.getMessage());
        }
    }

    @Test
    void aFileOpenInAnotherProcessIsNamedWithTheWayOut() throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("tributary.duckdb");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                HoldDuckDbFile.class.getName(),
                                url)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine());
            SQLException e =
                    assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
            assertEquals(
                    "the DuckDB file "
                            + dir.resolve("tributary.duckdb")
                            + " is open in another process (a running Tributary, or a DuckDB shell?);"
                            + " DuckDB lets one process write a file: stop it, or use PostgreSQL to"
                            + " share the database",
                    DatabaseProblem.describe(url, e));
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }
}
