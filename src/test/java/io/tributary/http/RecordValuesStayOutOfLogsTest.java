package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Record data (personal data, often) never reaches the logs: a failed write's exception quotes the
 * row's values (a batch's message lists them all, and its getNextException chain repeats them), so
 * failure and retry lines carry the cause's class and its message without values, trimmed; and the
 * pool's and the driver's own warnings that print the whole exception are silenced.
 */
class RecordValuesStayOutOfLogsTest {
    static final String PERSONAL = "Jane Doe, 12 Elm Street, +44 20 7946 0958";
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        if (api != null) {
            api.close();
        }
    }

    /** A database that refuses a row quoting its values, as constraint and conversion errors do. */
    public static final class RejectRow implements org.h2.api.Trigger {
        enum Mode {
            CONSTRAINT,
            BROKEN_CONNECTION,
            DISK_FULL
        }

        static volatile Mode mode = Mode.CONSTRAINT;

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            String values = java.util.Arrays.toString(newRow);
            switch (mode) {
                case BROKEN_CONNECTION: // an I/O error mid-write: retried, each retry logged
                    throw new SQLException(
                            "I/O error writing row " + values,
                            "08006",
                            new java.net.SocketException("Broken pipe"));
                case DISK_FULL:
                    throw new SQLException(
                            "IO Exception: \"No space left on device\" writing " + values,
                            "90028",
                            new java.io.IOException("No space left on device"));
                default:
                    throw new SQLException(
                            "Check constraint violation: row "
                                    + values
                                    + " VALUES ('"
                                    + newRow[1]
                                    + "')",
                            "23513");
            }
        }
    }

    void syncWithRejectingTable(RejectRow.Mode mode) throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        Map.of(
                                                "items",
                                                List.of(
                                                        Map.of(
                                                                "id",
                                                                "1",
                                                                "name",
                                                                PERSONAL,
                                                                "updated_at",
                                                                "2024-01-01T00:00:00Z")))));
        tributary.start();
        tributary.add(
                ConnectorSpec.named("people")
                        .url(api.baseUrl() + "/items")
                        .table("people")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .pagination("none")
                        .recordsPath("/items")); // creates the table
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TRIGGER reject_people BEFORE INSERT ON people FOR EACH ROW CALL \""
                            + RejectRow.class.getName()
                            + "\"");
        }
        RejectRow.mode = mode;
    }

    @Test
    void aRefusedWriteNeverShowsTheRecordsValues() throws Exception {
        syncWithRejectingTable(RejectRow.Mode.CONSTRAINT);

        try (LogCapture logs = LogCapture.open()) {
            SyncOutcome outcome = tributary.sync("people");

            assertFalse(outcome.success(), outcome.summary());
            assertTrue(
                    outcome.error().contains("Writing to table 'people' failed")
                            && outcome.error().contains("SQLState 23513"),
                    outcome.error());
            assertFalse(
                    outcome.error().contains("Jane Doe") || outcome.error().contains("Elm Street"),
                    outcome.error());
            assertFalse(
                    logs.all().contains("Jane Doe") || logs.all().contains("Elm Street"),
                    logs.all());
            assertFalse(logs.lines().isEmpty(), "the failure was logged");
        }
        assertEquals(0, db.count("SELECT COUNT(*) FROM people"));
    }

    @Test
    void aRetriedWriteNeverShowsTheRecordsValuesInItsRetryLines() throws Exception {
        syncWithRejectingTable(RejectRow.Mode.BROKEN_CONNECTION);

        try (LogCapture logs = LogCapture.open()) {
            SyncOutcome outcome = tributary.sync("people");

            assertFalse(outcome.success(), outcome.summary());
            assertTrue(outcome.error().contains("gave up after retries"), outcome.error());
            assertEquals(3, logs.linesContaining("retry ").size(), logs.all());
            assertFalse(
                    logs.all().contains("Jane Doe") || logs.all().contains("Elm Street"),
                    logs.all());
            assertFalse(outcome.error().contains("Jane Doe"), outcome.error());
        }
    }

    @Test
    void aFullDiskIsNotRetriedAndSaysSo() throws Exception {
        syncWithRejectingTable(RejectRow.Mode.DISK_FULL);

        try (LogCapture logs = LogCapture.open()) {
            SyncOutcome outcome = tributary.sync("people");

            assertFalse(outcome.success(), outcome.summary());
            assertTrue(
                    outcome.error().contains("(permanent: disk full, not retried; free space"),
                    outcome.error());
            assertTrue(logs.linesContaining("retry ").isEmpty(), logs.all());
            assertFalse(logs.all().contains("Jane Doe"), logs.all());
        }
    }

    @Test
    void theDatabasesOwnMessagesLoseTheirValues() {
        // pgjdbc's failed batch, as a broken connection mid-COPY or a duplicate key reports it
        BatchUpdateException pg =
                new BatchUpdateException(
                        "Batch entry 0 INSERT INTO people (id,name) VALUES (('1'), ('"
                                + PERSONAL
                                + "')) was aborted: ERROR: duplicate key value violates unique constraint \"people_pkey\"\n  Detail: Key (id)=(1) "
                                + "already exists.  Call getNextException to see other errors in the batch.",
                        "23505",
                        0,
                        new int[0]);
        pg.setNextException(new SQLException("ERROR: duplicate key, row (" + PERSONAL + ")"));
        String line =
                FailureDescription.of(
                        new org.apache.camel.RuntimeCamelException(
                                "Writing to table 'people' failed: "
                                        + pg.getMessage()
                                        + " ("
                                        + pg.getNextException().getMessage()
                                        + ")",
                                pg),
                        new io.tributary.auth.SecretMasker(List.of()));
        assertEquals(
                "Writing to table 'people' failed: BatchUpdateException [SQLState 23505, code 0]: duplicate key value "
                        + "violates unique constraint \"people_pkey\"",
                line);

        // H2's value-too-long and unique-index messages
        assertEquals(
                "Value too long for column",
                FailureDescription.withoutValues(
                        "Value too long for column \"NAME CHARACTER VARYING(10)\": \"'"
                                + PERSONAL
                                + "' (41)\"; SQL statement:\nINSERT INTO people VALUES (?, ?) [22001-224]"));
        assertFalse(
                FailureDescription.withoutValues(
                                "Unique index or primary key violation: \"PUBLIC.PK ON PUBLIC.PEOPLE(NAME) VALUES ( /* 1 */ '"
                                        + PERSONAL
                                        + "' )\"")
                        .contains("Jane"));
        assertEquals(
                "invalid input syntax for type integer",
                FailureDescription.withoutValues(
                        "ERROR: invalid input syntax for type integer: \"" + PERSONAL + "\""));

        assertEquals(
                "Column \"extra\" not found",
                FailureDescription.withoutValues(
                        "Column \"extra\" not found; SQL statement:\nINSERT ..."));
        assertEquals(
                "null value in column \"name\" of relation \"people\" violates not-null constraint",
                FailureDescription.withoutValues(
                        "ERROR: null value in column \"name\" of relation \"people\" violates not-null constraint\n  Detail: Failing row contains (1, "
                                + PERSONAL
                                + ")"));

        String longMessage =
                FailureDescription.of(
                        new IllegalStateException("x".repeat(5000)),
                        new io.tributary.auth.SecretMasker(List.of()));
        assertTrue(longMessage.length() < 400, "causes are trimmed: " + longMessage.length());
    }

    @Test
    void thePoolsBrokenConnectionWarningIsSilenced() {
        try (LogCapture logs = LogCapture.open()) {
            // HikariCP's ProxyConnection.checkException, as it logs a connection broken mid-batch
            BatchUpdateException batch =
                    new BatchUpdateException(
                            "Batch entry 0 INSERT INTO people VALUES ('" + PERSONAL + "')",
                            "08006",
                            0,
                            new int[0]);
            LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyConnection")
                    .warn(
                            "{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})",
                            "HikariPool-1",
                            "conn1",
                            "08006",
                            0,
                            batch);
            LoggerFactory.getLogger("org.postgresql.core.v3.QueryExecutorImpl")
                    .warn("FE=> Bind(values=" + PERSONAL + ")");
            assertFalse(logs.all().contains("Jane Doe"), logs.all());
        }
    }
}
