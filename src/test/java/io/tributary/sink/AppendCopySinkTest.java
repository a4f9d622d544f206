package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import io.tributary.support.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code append} on PostgreSQL streams each page through {@code COPY ... FROM STDIN}: every value
 * must come out as the batched INSERT of {@code upsert} stores it, a page must cross the stream's
 * buffer whole, and a failed COPY must roll its page back and leave the connection usable.
 */
class AppendCopySinkTest {
    private static final TargetSchema SCHEMA =
            new TargetSchema(
                    "copy.schema.yaml",
                    List.of(
                            new Column("id", ColumnType.STRING, "/id", true, null, null),
                            new Column("name", ColumnType.STRING, "/name", false, null, null),
                            new Column("n", ColumnType.INTEGER, "/n", false, null, null),
                            new Column("amount", ColumnType.DECIMAL, "/amount", false, null, null),
                            new Column("ok", ColumnType.BOOLEAN, "/ok", false, null, null),
                            new Column("day", ColumnType.DATE, "/day", false, null, null),
                            new Column("at", ColumnType.TIMESTAMP, "/at", true, null, null),
                            new Column("doc", ColumnType.JSON, "/doc", false, null, null)),
                    List.of("id"),
                    "at");
    private static final OffsetDateTime AT =
            OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 123_456_000, ZoneOffset.ofHours(2));

    private HikariDataSource dataSource;
    private JdbcCursorStore cursors;

    @BeforeEach
    void open() {
        Database db = Database.postgres();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(db.url);
        dataSource.setUsername(db.user);
        dataSource.setMaximumPoolSize(1); // a COPY left open would break the next page's write
        cursors = new JdbcCursorStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private static String longText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; s.length() < 3 * CopyStream.BUFFER; i++) {
            s.append(i % 7 == 0 ? "\"" : "").append("é€😀,\n").append(i);
        }
        return s.toString();
    }

    private static List<Object[]> awkwardRows() {
        List<Object[]> rows = new ArrayList<>();
        String[] names = {
            "",
            null,
            "say \"x\", y\nz",
            "\\.",
            "a\r\nb\tc",
            "C:\\path\\",
            "NULL",
            "\"",
            "\"\"",
            "é € 😀 \uD800 end",
            " padded ",
            longText()
        };
        for (int i = 0; i < names.length; i++) {
            rows.add(
                    new Object[] {
                        "r" + i,
                        names[i],
                        i % 2 == 0 ? (long) -i * 1_000_000_007L : null,
                        i % 3 == 0 ? new BigDecimal("1E+3") : new BigDecimal("-0.000100"),
                        i % 2 == 0,
                        LocalDate.of(2026, 2, 28).plusDays(i),
                        AT.plusSeconds(i),
                        i % 2 == 0 ? "{\"q\":\"a\\\"b\",\"t\":[1,2.50,null]}" : "[]"
                    });
        }
        for (int i = 0; i < 3000; i++) { // a page several buffers long
            rows.add(new Object[] {"bulk" + i, "name " + i, (long) i, null, null, null, AT, null});
        }
        return rows;
    }

    private static PageBatch batch(List<Object[]> rows) {
        PageBatch batch = new PageBatch();
        rows.forEach(r -> batch.addRow(r.clone()));
        return batch;
    }

    private List<List<Object>> table(String table) throws Exception {
        List<List<Object>> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT id, name, n, amount, ok, day, at, doc::text FROM "
                                        + table
                                        + " ORDER BY id")) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    Object v = rs.getObject(i);
                    row.add(
                            v instanceof java.sql.Timestamp
                                    ? ((java.sql.Timestamp) v).toInstant()
                                    : v);
                }
                result.add(row);
            }
        }
        return result;
    }

    @Test
    void copyStoresEveryValueAsTheBatchedInsertDoes() throws Exception {
        List<Object[]> rows = awkwardRows();
        JdbcUpsertSink copy =
                new JdbcUpsertSink(dataSource, cursors, SCHEMA, "copied", WriteMode.APPEND);
        JdbcUpsertSink insert =
                new JdbcUpsertSink(dataSource, cursors, SCHEMA, "inserted", WriteMode.UPSERT);
        copy.write("copied", batch(rows), CursorState.of("c1"));
        insert.write("inserted", batch(rows), null);

        List<List<Object>> copied = table("copied");
        assertEquals(rows.size(), copied.size());
        assertEquals(table("inserted"), copied);
        assertEquals("c1", cursors.load("copied").orElseThrow());
        java.util.Map<Object, List<Object>> byId = new java.util.HashMap<>();
        copied.forEach(r -> byId.put(r.get(0), r));
        assertEquals("", byId.get("r0").get(1), "an empty string stays one");
        assertEquals(null, byId.get("r1").get(1), "a null stays null");
        assertEquals("\\.", byId.get("r3").get(1));
        assertEquals("NULL", byId.get("r6").get(1));
        assertEquals("é € 😀 ? end", byId.get("r9").get(1), "an unpaired surrogate is a ?");
        assertEquals(longText(), byId.get("r11").get(1), "a value longer than the buffer");
        assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) byId.get("r0").get(3)));
        assertEquals(AT.toInstant(), byId.get("bulk2999").get(6));
    }

    @Test
    void aFailedCopyRollsItsPageBackAndTheNextPageGoesIn() throws Exception {
        JdbcUpsertSink sink =
                new JdbcUpsertSink(dataSource, cursors, SCHEMA, "items", WriteMode.APPEND);
        sink.write("items", batch(List.<Object[]>of(row("a"))), CursorState.of("1"));

        Object[] missingRequired = row("b");
        missingRequired[6] = null; // NOT NULL: the server refuses the COPY at its end
        assertThrows(
                RuntimeCamelException.class,
                () ->
                        sink.write(
                                "items",
                                batch(List.<Object[]>of(row("b0"), missingRequired)),
                                CursorState.of("2")));

        Object[] unwritable = row("c");
        unwritable[1] =
                new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("cannot be written");
                    }
                }; // fails here, mid-COPY
        List<Object[]> page = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            page.add(row("c" + i)); // a few buffers already sent
        }
        page.add(unwritable);
        assertThrows(
                IllegalStateException.class,
                () -> sink.write("items", batch(page), CursorState.of("3")));

        assertEquals(1, count("items"), "neither failed page left a row");
        assertEquals("1", cursors.load("items").orElseThrow(), "nor moved the cursor");
        sink.write("items", batch(List.<Object[]>of(row("d"))), CursorState.of("4"));
        assertEquals(2, count("items"));
        assertEquals("4", cursors.load("items").orElseThrow());
    }

    private static Object[] row(String id) {
        return new Object[] {id, "n", 1L, BigDecimal.ONE, true, null, AT, null};
    }

    private long count(String table) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
