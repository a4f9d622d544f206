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
import io.tributary.support.Database;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's upsert by page table ({@link PostgresMerge}: COPY into a temporary table, one merge
 * per page), on embedded PostgreSQL through a pool as Tributary makes one: the same rows, the same
 * page transaction with dead letters and cursor, as the batch of upserts it replaces.
 */
class PageMergeOnPostgresTest {
    private static final String CONNECTOR = "orders";
    private static final TargetSchema SCHEMA =
            new TargetSchema(
                    "orders.schema.yaml",
                    List.of(
                            new Column("id", ColumnType.STRING, "/id", true, null, null),
                            new Column(
                                    "placed_at",
                                    ColumnType.TIMESTAMP,
                                    "/placed_at",
                                    true,
                                    null,
                                    null),
                            new Column("amount", ColumnType.DECIMAL, "/amount", false, null, null),
                            new Column("note", ColumnType.STRING, "/note", false, null, null),
                            new Column("paid", ColumnType.BOOLEAN, "/paid", false, null, null),
                            new Column("units", ColumnType.INTEGER, "/units", false, null, null),
                            new Column("lines", ColumnType.JSON, "/lines", false, null, null)),
                    List.of("id"),
                    "placed_at");
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-03-01T08:00:00+02:00");

    private Database db;
    private com.zaxxer.hikari.HikariDataSource pool;
    private JdbcCursorStore cursors;
    private JdbcUpsertSink sink;

    @BeforeEach
    void open() {
        db = Database.postgres();
        pool = db.pool(2); // pages land on either session: each makes its page table once
        cursors = new JdbcCursorStore(pool);
        sink = new JdbcUpsertSink(pool, cursors, SCHEMA, "orders");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static Object[] order(String id, String amount, String note) {
        return new Object[] {
            id, AT, amount == null ? null : new BigDecimal(amount), note, true, 3L, "[{\"sku\":1}]"
        };
    }

    private static PageBatch page(Object[]... rows) {
        PageBatch batch = new PageBatch();
        for (Object[] row : rows) {
            batch.addRow(row);
        }
        return batch;
    }

    @Test
    void ofAKeyTwiceInOnePageTheLaterRecordWins() {
        sink.write(
                CONNECTOR,
                page(order("a", "1", "first"), order("b", "2", "b"), order("a", "3", "last")),
                null);
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals("last", db.single("SELECT note FROM orders WHERE id = 'a'"));
        assertEquals(0, new BigDecimal("3").compareTo((BigDecimal) amountOf("a")));
        // and an existing row is updated by the later record of the next page
        sink.write(CONNECTOR, page(order("a", "4", "again"), order("a", "5", "final")), null);
        assertEquals("final", db.single("SELECT note FROM orders WHERE id = 'a'"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders"));
    }

    @Test
    void aMergeIsUsedOnlyOnASessionThatHasItsPageTable() throws Exception {
        // a column added by drift between one page's prepare and its write makes a new merge:
        // the page must not run it on a session without its page table
        PostgresMerge merge =
                new PostgresMerge(
                        io.tributary.sql.SqlDialect.POSTGRESQL,
                        "orders",
                        SCHEMA.columns(),
                        SCHEMA.primaryKey());
        try (java.sql.Connection one = pool.getConnection();
                java.sql.Connection two = pool.getConnection()) {
            org.junit.jupiter.api.Assertions.assertFalse(merge.preparedOn(one));
            merge.prepare(one);
            assertTrue(merge.preparedOn(one));
            org.junit.jupiter.api.Assertions.assertFalse(
                    merge.preparedOn(two), "another session has no page table of this shape");
        }
    }

    @Test
    void rowsDeadLettersAndCursorCommitInOneTransaction() {
        PageBatch batch = page(order("a", "1", "x"), order("b", "2", "y"));
        batch.addDeadLetter(new DeadLetter("amount", "lots", "not a decimal", "{\"id\":\"c\"}"));
        sink.write(CONNECTOR, batch, CursorState.of("2026-03-01T06:00:00Z"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(Optional.of("2026-03-01T06:00:00Z"), cursors.load(CONNECTOR));
        assertTrue(
                db.count(
                                "SELECT COUNT(*) FROM pg_class WHERE relpersistence = 't'"
                                        + " AND relname LIKE 'tributary_page_orders_%'")
                        >= 1,
                "the page went through a session's page table");
    }

    @Test
    void aPageThatFailsInTheMergeLeavesNothingAndTheCursorUnmoved() {
        sink.write(CONNECTOR, page(order("a", "1", "kept")), CursorState.of("2026-03-01T00:00Z"));
        // the page table has no constraints: the required placed_at fails in the merge itself
        Object[] broken = order("z", "9", "never");
        broken[1] = null;
        PageBatch failing = page(order("a", "2", "changed"), order("b", "2", "new"), broken);
        failing.addDeadLetter(new DeadLetter("amount", "lots", "not a decimal", "{\"id\":\"d\"}"));
        RuntimeCamelException e =
                assertThrows(
                        RuntimeCamelException.class,
                        () ->
                                sink.write(
                                        CONNECTOR,
                                        failing,
                                        CursorState.of("2026-03-02T00:00:00Z")));
        assertTrue(e.getMessage().contains("orders"), e.getMessage());
        assertFalse(e.getMessage().contains("never"), e.getMessage());
        assertEquals("kept", db.single("SELECT note FROM orders WHERE id = 'a'"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(Optional.of("2026-03-01T00:00Z"), cursors.load(CONNECTOR));
        // the sessions' page tables survive the rollback, empty: the next pages merge only theirs
        for (int i = 0; i < 3; i++) {
            sink.write(CONNECTOR, page(order("c" + i, "1", "c")), null);
        }
        assertEquals(4, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals("kept", db.single("SELECT note FROM orders WHERE id = 'a'"));
    }

    @Test
    void valuesArriveAsTheBatchStoredThem() {
        Object[] nulls = {"n", AT, null, null, null, null, null};
        Object[] text = order("t", "12345678901234567890.123456789", "say \"x\", y\nz – ü ✓ 😀");
        Object[] empty = order("e", "-0.50", "");
        sink.write(CONNECTOR, page(nulls, text, empty), null);
        assertNull(db.single("SELECT amount FROM orders WHERE id = 'n'"));
        assertNull(db.single("SELECT note FROM orders WHERE id = 'n'"));
        assertNull(db.single("SELECT lines FROM orders WHERE id = 'n'"));
        assertEquals(
                new BigDecimal("12345678901234567890.123456789"),
                db.single("SELECT amount FROM orders WHERE id = 't'"));
        assertEquals(new BigDecimal("-0.50"), amountOf("e"));
        assertEquals(
                "say \"x\", y\nz – ü ✓ 😀", db.single("SELECT note FROM orders WHERE id = 't'"));
        assertEquals("", db.single("SELECT note FROM orders WHERE id = 'e'"));
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE id = 't' AND placed_at = ?",
                        OffsetDateTime.parse("2026-03-01T06:00:00Z")));
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE id = 't' AND lines = '[{\"sku\": 1}]'::jsonb"
                                + " AND paid AND units = 3"));
    }

    @Test
    void aColumnTheDriftPolicyAddedIsMergedTooAndOlderRowsLeaveItNull() {
        sink.write(CONNECTOR, page(order("a", "1", "before")), null);
        Object[] older = order("b", "2", "mapped before the column came");
        sink.addColumn(new Column("region", ColumnType.STRING, "/region", false, null, null));
        Object[] newer = java.util.Arrays.copyOf(order("c", "3", "after"), 8);
        newer[7] = "emea";
        Object[] again = java.util.Arrays.copyOf(order("a", "1", "after"), 8);
        again[7] = "apac";
        sink.write(CONNECTOR, page(older, newer, again), null);
        assertEquals(3, db.count("SELECT COUNT(*) FROM orders"));
        assertNull(db.single("SELECT region FROM orders WHERE id = 'b'"));
        assertEquals("emea", db.single("SELECT region FROM orders WHERE id = 'c'"));
        assertEquals("apac", db.single("SELECT region FROM orders WHERE id = 'a'"));
    }

    private Object amountOf(String id) {
        return db.single("SELECT amount FROM orders WHERE id = ?", id);
    }
}
