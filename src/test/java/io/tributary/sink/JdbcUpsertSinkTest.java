package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.RuntimeCamelException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real in-memory H2 database. */
class JdbcUpsertSinkTest {
    private static final String CONNECTOR = "weather-observations";
    private static final OffsetDateTime T1 =
            OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
    private static final TargetSchema SCHEMA =
            new TargetSchema(
                    "test.schema.yaml",
                    List.of(
                            new Column("id", ColumnType.STRING, "/id", true, null, null),
                            new Column(
                                    "station_id",
                                    ColumnType.STRING,
                                    "/station/id",
                                    true,
                                    null,
                                    null),
                            new Column(
                                    "observed_at",
                                    ColumnType.TIMESTAMP,
                                    "/observed_at",
                                    true,
                                    null,
                                    null),
                            new Column(
                                    "temperature_c",
                                    ColumnType.DECIMAL,
                                    "/temperature_c",
                                    false,
                                    null,
                                    null),
                            new Column("tags", ColumnType.JSON, "/tags", false, null, null)),
                    List.of("id"),
                    "observed_at");

    private JdbcDataSource dataSource;
    private JdbcCursorStore cursors;
    private JdbcUpsertSink sink;

    @BeforeEach
    void openDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL(
                "jdbc:h2:mem:sink_"
                        + UUID.randomUUID()
                        + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        cursors = new JdbcCursorStore(dataSource);
        sink = new JdbcUpsertSink(dataSource, cursors, SCHEMA, "observations");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private static PageBatch rows(Object[]... rows) {
        PageBatch batch = new PageBatch();
        for (Object[] row : rows) {
            batch.addRow(row);
        }
        return batch;
    }

    private static Object[] row(String id, String station, String temperature) {
        return new Object[] {
            id, station, T1, temperature == null ? null : new BigDecimal(temperature), "[\"a\"]"
        };
    }

    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Clob ? rs.getString(i) : value);
                }
                result.add(row);
            }
        }
        return result;
    }

    @Test
    void createsTheTableFromTheSchema() throws SQLException {
        List<List<Object>> columns =
                query(
                        "SELECT column_name, is_nullable FROM information_schema.columns"
                                + " WHERE table_name = 'observations' ORDER BY ordinal_position");
        assertEquals(
                List.of(
                        List.of("id", "NO"),
                        List.of("station_id", "NO"),
                        List.of("observed_at", "NO"),
                        List.of("temperature_c", "YES"),
                        List.of("tags", "YES")),
                columns);
    }

    @Test
    void writesTheRowsOfAPage() throws SQLException {
        sink.write(
                CONNECTOR,
                rows(row("a", "st-1", "12345678901234567890.123456789"), row("b", "st-2", null)),
                null);

        List<List<Object>> stored =
                query(
                        "SELECT id, station_id, observed_at, temperature_c, tags FROM observations ORDER BY id");
        assertEquals(2, stored.size());
        assertEquals(List.of("a", "st-1"), stored.get(0).subList(0, 2));
        assertEquals(T1.toInstant(), ((OffsetDateTime) stored.get(0).get(2)).toInstant());
        assertEquals(
                0,
                new BigDecimal("12345678901234567890.123456789")
                        .compareTo((BigDecimal) stored.get(0).get(3)));
        assertEquals("[\"a\"]", stored.get(0).get(4));
        assertNull(stored.get(1).get(3));
    }

    @Test
    void updatesTheRowWhenTheSameKeyIsWrittenAgain() throws SQLException {
        sink.write(CONNECTOR, rows(row("a", "st-1", "1.5")), null);
        sink.write(CONNECTOR, rows(row("a", "st-9", "2.5")), null);

        List<List<Object>> stored = query("SELECT id, station_id, temperature_c FROM observations");
        assertEquals(1, stored.size());
        assertEquals("st-9", stored.get(0).get(1));
        assertEquals(0, new BigDecimal("2.5").compareTo((BigDecimal) stored.get(0).get(2)));
    }

    @Test
    void keepsADeadLetterOnceWhenTheSameRecordIsWrittenTwice() throws SQLException {
        DeadLetter letter =
                new DeadLetter(
                        "temperature_c",
                        "hot",
                        "not a valid decimal",
                        "{\"id\":\"x\",\"temperature_c\":\"hot\"}");
        for (int i = 0; i < 2; i++) {
            PageBatch batch = new PageBatch();
            batch.addDeadLetter(letter);
            sink.write(CONNECTOR, batch, null);
        }

        assertEquals(
                List.of(
                        List.of(
                                CONNECTOR,
                                "temperature_c",
                                "hot",
                                "not a valid decimal",
                                letter.record())),
                query(
                        "SELECT connector, field, raw_value, reason, record FROM tributary_dead_letters"));
    }

    @Test
    void keepsTheFirstDeadLetterWhenTheSameRecordFailsAgainForAnotherReason() throws SQLException {
        String record = "{\"id\":\"x\",\"temperature_c\":\"hot\"}";
        for (String reason : List.of("first reason", "second reason")) {
            PageBatch batch = new PageBatch();
            batch.addDeadLetter(new DeadLetter("temperature_c", "hot", reason, record));
            sink.write(CONNECTOR, batch, null);
        }

        assertEquals(
                List.of(List.of("first reason")),
                query("SELECT reason FROM tributary_dead_letters"));
    }

    @Test
    void anOversizedValueOrReasonIsCutToFitRatherThanBlockingThePage() throws SQLException {
        String huge = "v".repeat(5000);
        PageBatch batch = new PageBatch();
        batch.addDeadLetter(
                new DeadLetter(
                        "temperature_c",
                        huge,
                        "not a valid decimal: " + huge,
                        "{\"t\":\"" + huge + "\"}"));

        sink.write(CONNECTOR, batch, CursorState.of("2026-03-01T08:00:00Z"));

        List<List<Object>> stored = query("SELECT raw_value, reason FROM tributary_dead_letters");
        assertEquals(1000, stored.get(0).get(0).toString().length());
        assertEquals(2000, stored.get(0).get(1).toString().length());
        assertEquals(
                List.of(List.of("2026-03-01T08:00:00Z")),
                query("SELECT cursor_value FROM tributary_cursors"));
    }

    @Test
    void storesTheCursorWithThePage() throws SQLException {
        sink.write(CONNECTOR, rows(row("a", "st-1", "1")), CursorState.of("2026-03-01T08:00:00Z"));

        assertEquals(Optional.of("2026-03-01T08:00:00Z"), cursors.load(CONNECTOR));
        assertEquals(
                List.of(List.of(CONNECTOR, "2026-03-01T08:00:00Z")),
                query("SELECT connector, cursor_value FROM tributary_cursors"));
    }

    @Test
    void commitsNothingOfAPageThatFails() throws SQLException {
        sink.write(CONNECTOR, rows(row("a", "st-1", "1")), CursorState.of("2026-03-01T08:00:00Z"));

        PageBatch failing =
                rows(row("b", "st-2", "2"), row("c", null, "3")); // station_id is NOT NULL
        failing.addDeadLetter(new DeadLetter("$", null, "record is not a JSON object", "[]"));
        RuntimeCamelException e =
                assertThrows(
                        RuntimeCamelException.class,
                        () ->
                                sink.write(
                                        CONNECTOR,
                                        failing,
                                        CursorState.of("2026-03-01T09:00:00Z")));

        assertTrue(e.getMessage().contains("observations"), e.getMessage());
        assertEquals(List.of(List.of("a")), query("SELECT id FROM observations"));
        assertEquals(List.of(), query("SELECT id FROM tributary_dead_letters"));
        assertEquals(Optional.of("2026-03-01T08:00:00Z"), cursors.load(CONNECTOR));
    }

    @Test
    void aFailedWriteNamesTheTableButNoRecordValue() {
        sink.write(CONNECTOR, rows(row("jane-doe-4711", "st-1", "1")), null);
        RuntimeCamelException e =
                assertThrows(
                        RuntimeCamelException.class, // the same key twice in one batch of an append
                        () ->
                                new JdbcUpsertSink(
                                                dataSource,
                                                cursors,
                                                SCHEMA,
                                                "observations",
                                                WriteMode.APPEND)
                                        .write(
                                                CONNECTOR,
                                                rows(row("jane-doe-4711", "st-secret-99", "2")),
                                                null));
        assertTrue(e.getMessage().contains("observations"), e.getMessage());
        assertFalse(
                e.getMessage().contains("jane-doe-4711") || e.getMessage().contains("st-secret-99"),
                e.getMessage());
    }

    @Test
    void refusesACursorStoreOnAnotherDataSource() {
        JdbcCursorStore elsewhere = new JdbcCursorStore(new JdbcDataSource());
        assertThrows(
                IllegalArgumentException.class,
                () -> new JdbcUpsertSink(dataSource, elsewhere, SCHEMA, "observations"));
    }
}
