package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import io.tributary.support.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB paths of the JDBC sink: the Appender in the page's transaction, the merged upsert (one
 * statement per page) and the types DuckDB gives the schema's columns.
 */
class DuckDbSinkTest {
    static final String CONNECTOR = "orders";
    static final OffsetDateTime T1 = OffsetDateTime.parse("2026-03-01T10:00:00+02:00");
    static final TargetSchema SCHEMA =
            new TargetSchema(
                    "orders.schema.yaml",
                    List.of(
                            new Column("id", ColumnType.STRING, "/id", true, null, null),
                            new Column("status", ColumnType.STRING, "/status", true, null, null),
                            new Column("placed_at", ColumnType.TIMESTAMP, "/at", false, null, null),
                            new Column("total", ColumnType.DECIMAL, "/total", false, null, null),
                            new Column(
                                    "price",
                                    ColumnType.DECIMAL,
                                    "/price",
                                    false,
                                    null,
                                    null,
                                    null,
                                    null,
                                    2),
                            new Column("paid", ColumnType.BOOLEAN, "/paid", false, null, null),
                            new Column("lines", ColumnType.JSON, "/lines", false, null, null)),
                    List.of("id"),
                    "placed_at");

    @TempDir Path dir;
    Database db;
    HikariDataSource dataSource;
    JdbcCursorStore cursors;

    @BeforeEach
    void open() {
        db = Database.duckdb(dir);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url);
        dataSource = new HikariDataSource(config);
        cursors = new JdbcCursorStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    static Object[] order(String id, String status) {
        return new Object[] {
            id,
            status,
            T1,
            new BigDecimal("1234.5"),
            new BigDecimal("9.99"),
            true,
            "[{\"sku\":\"a\"}]"
        };
    }

    static PageBatch page(Object[]... rows) {
        PageBatch batch = new PageBatch();
        for (Object[] row : rows) {
            batch.addRow(row);
        }
        return batch;
    }

    JdbcUpsertSink sink(WriteMode mode) {
        return new JdbcUpsertSink(dataSource, cursors, SCHEMA, "orders", mode);
    }

    @Test
    void anUpsertOfAPageWithAKeyTwiceKeepsTheLaterRecordAndUpdatesStoredRows() {
        JdbcUpsertSink sink = sink(WriteMode.UPSERT);
        sink.write(CONNECTOR, page(order("a", "new"), order("b", "new")), CursorState.of("1"));
        sink.write(
                CONNECTOR,
                page(order("a", "paid"), order("c", "new"), order("a", "shipped")),
                CursorState.of("2"));

        assertEquals(
                List.of("shipped", "new", "new"),
                db.column("SELECT status FROM orders ORDER BY id"));
        assertEquals("2", db.cursor(CONNECTOR), "the cursor is in the same DuckDB file");
    }

    @Test
    void theColumnsGetDuckDbTypesAndTheValuesComeBackExact() {
        sink(WriteMode.APPEND).write(CONNECTOR, page(order("a", "new")), null);

        assertEquals(
                List.of(
                        "VARCHAR",
                        "VARCHAR",
                        "TIMESTAMP WITH TIME ZONE",
                        "DECIMAL(38,9)",
                        "DECIMAL(38,2)",
                        "BOOLEAN",
                        "JSON"),
                db.column(
                        "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
                                + " ORDER BY ordinal_position"));
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE placed_at = TIMESTAMPTZ '2026-03-01 08:00:00+00'"
                                + " AND total = 1234.5 AND price = 9.99 AND paid"
                                + " AND json_extract_string(lines, '$[0].sku') = 'a'"));
    }

    @Test
    void aFailedAppendCommitsNoRowDeadLetterOrCursorOfItsPage() {
        JdbcUpsertSink sink = sink(WriteMode.APPEND);
        sink.write(CONNECTOR, page(order("a", "new")), CursorState.of("1"));

        PageBatch failing = page(order("b", "new"), order("c", null)); // status is NOT NULL
        failing.addDeadLetter(new DeadLetter("$", null, "record is not a JSON object", "[]"));
        RuntimeCamelException e =
                assertThrows(
                        RuntimeCamelException.class,
                        () -> sink.write(CONNECTOR, failing, CursorState.of("2")));

        assertTrue(e.getMessage().contains("orders"), e.getMessage());
        assertEquals(List.of("a"), db.column("SELECT id FROM orders"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(Optional.of("1"), cursors.load(CONNECTOR));
    }

    @Test
    void aDeadLetterIsKeptOnceWithTheRowsOfItsPage() {
        JdbcUpsertSink sink = sink(WriteMode.UPSERT);
        for (int i = 0; i < 2; i++) {
            PageBatch batch = page(order("a", "new"));
            batch.addDeadLetter(
                    new DeadLetter("total", "lots", "not a valid decimal", "{\"id\":\"x\"}"));
            sink.write(CONNECTOR, batch, CursorState.of("1"));
        }
        assertEquals(
                List.of("not a valid decimal"),
                db.column("SELECT reason FROM tributary_dead_letters WHERE connector = 'orders'"));
        assertFalse(db.column("SELECT id FROM tributary_dead_letters").contains(null));
    }
}
