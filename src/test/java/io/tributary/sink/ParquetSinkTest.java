package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Fault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files through the http-to-jdbc template, read back by DuckDB's {@code read_parquet}:
 * typed columns, partitions by date and by a column, files rolled at {@code rollRows}, published
 * whole and then the cursor moves.
 */
class ParquetSinkTest {
    static final String SCHEMA = "src/test/resources/parquet/orders.schema.yaml";
    final Database db = Database.h2();
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    volatile int brokenPage;
    final PagedApi api =
            PagedApi.serving(records)
                    .pageSize(2)
                    .totalPages()
                    .failingPages(page -> page == brokenPage, Fault.STATUS_500)
                    .build();
    ConnectorHarness tributary;
    @TempDir Path dir;
    ParquetFiles lake;

    @BeforeEach
    void start() throws Exception {
        tributary = new ConnectorHarness(db).start();
        lake = new ParquetFiles(dir.resolve("orders"));
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    ObjectNode order(String id, String country, String updatedAt) {
        ObjectNode o =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("country", country)
                        .put("updated_at", updatedAt);
        records.add(o);
        return o;
    }

    void connect(String... extra) throws Exception {
        tributary.add(
                ConnectorSpec.named("orders")
                        .url(api.baseUrl() + "/v1/orders")
                        .table("orders")
                        .schema(SCHEMA)
                        .recordsPath("/items")
                        .pagination("page-number")
                        .pageSize(2)
                        .totalPagesPath("/total_pages")
                        .with("sink", "parquet", "directory", dir.toString())
                        .with(extra));
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    Object cursor() {
        return db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'orders'");
    }

    @Test
    void everyColumnReadsBackWithItsValueAndItsParquetTypeAndOptionalOnesAsNull() throws Exception {
        order("o-1", "DE", "2026-11-25T08:30:00.123456Z")
                .put("amount", 12.5)
                .put("price", "0.000001")
                .put("quantity", 9_007_199_254_740_993L)
                .put("paid", true)
                .put("day", "2026-11-24")
                .set("meta", PagedApi.JSON.createObjectNode().put("k", "v"));
        order("o-2", null, "2026-11-26T00:00:00Z"); // every optional column absent
        connect();

        io.tributary.metrics.SyncOutcome sync = tributary.sync("orders");
        assertTrue(sync.success());
        // the rows the files hold, though the sink let go of them once written
        assertEquals(2, sync.rowsWritten(), sync.summary());

        assertEquals(1, lake.files().size(), lake.files().toString());
        assertTrue(
                lake.files()
                        .get(0)
                        .getFileName()
                        .toString()
                        .matches("orders-\\d{8}T\\d{6}Z-00001\\.parquet"),
                lake.files().toString());
        assertEquals(
                Map.of(
                        "id", "VARCHAR",
                        "country", "VARCHAR",
                        "amount", "DECIMAL(38,2)",
                        "price", "VARCHAR",
                        "quantity", "BIGINT",
                        "paid", "BOOLEAN",
                        "day", "DATE",
                        "updated_at", "TIMESTAMP WITH TIME ZONE",
                        "meta", "JSON"),
                lake.types());
        List<Map<String, String>> rows = lake.rows("id");
        Map<String, String> first = rows.get(0);
        assertEquals("o-1", first.get("id"));
        assertEquals("DE", first.get("country"));
        assertEquals("12.50", first.get("amount"));
        assertEquals("0.000001", first.get("price"), "a decimal without scale keeps its digits");
        assertEquals("9007199254740993", first.get("quantity"), "a 64-bit integer, not a double");
        assertEquals("true", first.get("paid"));
        assertEquals("2026-11-24", first.get("day"));
        assertEquals("2026-11-25T08:30:00.123456Z", first.get("updated_at"), "micros, UTC");
        assertEquals("{\"k\":\"v\"}", first.get("meta"));
        Map<String, String> second = rows.get(1);
        for (String optional :
                List.of("country", "amount", "price", "quantity", "paid", "day", "meta")) {
            assertNull(second.get(optional), optional);
        }
        assertEquals("2026-11-26T00:00:00Z", cursor());
    }

    @Test
    void aNegativeDecimalReadsBackWithItsSign() throws Exception {
        order("n-1", "DE", "2026-11-25T00:00:00Z").put("amount", -3.05);
        order("n-2", "DE", "2026-11-25T00:00:01Z")
                .put("amount", new java.math.BigDecimal("-12345678901234567890.99"));
        connect();

        assertTrue(tributary.sync("orders").success());

        List<Map<String, String>> rows = lake.rows("id");
        assertEquals("-3.05", rows.get(0).get("amount"));
        assertEquals("-12345678901234567890.99", rows.get(1).get("amount"));
    }

    @Test
    void aColumnAddedByDriftEvolveBeginsANewFileAndTheFilesReadAsOneTable() throws Exception {
        order("a", "DE", "2026-11-24T08:00:00Z");
        order("b", "DE", "2026-11-24T09:00:00Z");
        order("c", "DE", "2026-11-24T10:00:00Z").put("color", "red"); // page 2
        order("d", "DE", "2026-11-24T11:00:00Z");
        connect("drift", "evolve");

        assertTrue(tributary.sync("orders").success());

        assertEquals(2, lake.files().size(), lake.files().toString());
        List<Map<String, String>> rows = lake.rows("id");
        assertNull(rows.get(0).get("color"));
        assertEquals("red", rows.get(2).get("color"));
        assertNull(rows.get(3).get("color"));
    }

    @Test
    void aNestedFieldAddedByDriftEvolveIsAColumnNamedByItsPathInANewFile() throws Exception {
        java.nio.file.Path schema = dir.resolve("nested.schema.yaml");
        java.nio.file.Files.writeString(
                schema,
                java.nio.file.Files.readString(java.nio.file.Path.of(SCHEMA))
                        + "  city:       {type: string, path: /customer/address/city}\n");
        order("a", "DE", "2026-11-24T08:00:00Z")
                .putObject("customer")
                .putObject("address")
                .put("city", "Berlin");
        order("b", "DE", "2026-11-24T09:00:00Z");
        order("c", "DE", "2026-11-24T10:00:00Z") // page 2
                .putObject("customer")
                .putObject("address")
                .put("city", "Bonn")
                .put("zip", "53111");
        connect("drift", "evolve", "schema", schema.toString());

        assertTrue(tributary.sync("orders").success());

        assertEquals(2, lake.files().size(), lake.files().toString());
        List<Map<String, String>> rows = lake.rows("id");
        assertEquals("Berlin", rows.get(0).get("city"));
        assertNull(rows.get(0).get("customer__address__zip"));
        assertEquals("53111", rows.get(2).get("customer__address__zip"));
    }

    @Test
    void partitionedByDateWritesEachDayOfTheCursorFieldToItsOwnFolder() throws Exception {
        order("a", "DE", "2026-11-24T08:00:00Z");
        order("b", "FR", "2026-11-24T23:59:59Z");
        order("c", "DE", "2026-11-25T00:00:00Z");
        connect("partition", "date");

        assertTrue(tributary.sync("orders").success());

        List<Path> files = lake.files();
        assertEquals(2, files.size(), files.toString());
        assertEquals("date=2026-11-24", files.get(0).getParent().getFileName().toString());
        assertEquals(2, ParquetFiles.count(files.get(0)));
        assertEquals("date=2026-11-25", files.get(1).getParent().getFileName().toString());
        assertEquals(1, ParquetFiles.count(files.get(1)));
    }

    @Test
    void partitionedByAColumnNamesEachFolderAfterItsEscapedValueAndDuckDbReadsTheColumnBack()
            throws Exception {
        order("a", "DE", "2026-11-24T08:00:00Z");
        order("b", "a/b=c", "2026-11-24T09:00:00Z");
        order("c", null, "2026-11-24T10:00:00Z");
        order("d", "DE", "2026-11-24T11:00:00Z");
        connect("partitionColumn", "country");

        assertTrue(tributary.sync("orders").success());

        List<String> folders =
                lake.files().stream().map(p -> p.getParent().getFileName().toString()).toList();
        assertEquals(
                List.of("country=DE", "country=__HIVE_DEFAULT_PARTITION__", "country=a%2Fb%3Dc"),
                folders);
        List<Map<String, String>> rows = lake.rows("id");
        assertEquals(4, rows.size());
        assertEquals("a/b=c", rows.get(1).get("country"), "hive_partitioning unescapes the name");
        assertEquals(
                "__HIVE_DEFAULT_PARTITION__",
                rows.get(2).get("country"),
                "Hive's name for null, which Spark and Trino read as null (DuckDB as the text)");
        assertEquals(2, ParquetFiles.count(lake.files().get(0)));
    }

    @Test
    void aFileRollsToTheNextAtRollRows() throws Exception {
        for (int i = 1; i <= 5; i++) {
            order("r" + i, "DE", "2026-11-2" + i + "T00:00:00Z");
        }
        connect("rollRows", "2");

        assertTrue(tributary.sync("orders").success());

        List<Path> files = lake.files();
        assertEquals(3, files.size(), files.toString());
        assertEquals(2, ParquetFiles.count(files.get(0)));
        assertEquals(2, ParquetFiles.count(files.get(1)));
        assertEquals(1, ParquetFiles.count(files.get(2)));
        assertEquals(5, lake.count());
    }

    @Test
    void aFailedSyncLeavesNoFileAndTheCursorWhereItWasAndTheRerunWritesEveryRowOnce()
            throws Exception {
        for (int i = 1; i <= 5; i++) {
            order("r" + i, "DE", "2026-11-2" + i + "T00:00:00Z");
        }
        brokenPage = 3; // pages 1 and 2 are in the temporary file; page 3 fails every retry
        connect("rollRows", "1"); // four files were written and finished before the failure

        assertFalse(tributary.sync("orders").success());
        assertEquals(List.of(), lake.allNames(), "neither a final nor a temporary file");
        assertNull(cursor());

        brokenPage = 0;
        assertTrue(tributary.sync("orders").success());
        assertEquals(5, lake.files().size());
        assertEquals(5, lake.count());
        assertEquals("2026-11-25T00:00:00Z", cursor());
    }

    /**
     * The guarantee across the gap between the renames and the cursor's commit: a sync whose cursor
     * cannot commit after its files are published leaves them published and the cursor where it
     * was, so the next sync writes the same rows again. Files are at-least-once: no row is lost, a
     * row may be in two files (a reader deduplicates by the primary key and the newest file).
     */
    @Test
    void filesPublishedBeforeTheCursorCouldCommitStayAndTheRerunWritesTheirRowsAgain()
            throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down =
                new java.util.concurrent.atomic.AtomicBoolean();
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(db.url);
        h2.setUser(db.user);
        h2.setPassword(db.password);
        javax.sql.DataSource flaky =
                (javax.sql.DataSource)
                        java.lang.reflect.Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {javax.sql.DataSource.class},
                                (proxy, method, args) -> {
                                    if (down.get() && method.getName().equals("getConnection")) {
                                        throw new java.sql.SQLException("the database went away");
                                    }
                                    return method.invoke(h2, args);
                                });
        ParquetSink sink =
                new ParquetSink(
                        flaky,
                        new io.tributary.state.JdbcCursorStore(flaky),
                        io.tributary.schema.TargetSchema.load(Path.of(SCHEMA)),
                        "orders",
                        dir,
                        false,
                        null,
                        0,
                        0,
                        java.time.Clock.systemUTC());
        for (int sync = 1; sync <= 2; sync++) {
            sink.startSync("orders");
            PageBatch page = new PageBatch();
            for (String id : List.of("a", "b")) {
                page.addRow(
                        new Object[] {
                            id,
                            "DE",
                            new java.math.BigDecimal("1.50"),
                            null,
                            7L,
                            true,
                            java.time.LocalDate.parse("2026-11-24"),
                            java.time.OffsetDateTime.parse("2026-11-25T00:00:00Z"),
                            null
                        });
            }
            sink.write("orders", page, io.tributary.state.CursorState.of("2026-11-25T00:00:00Z"));
            down.set(sync == 1); // the first sync's cursor cannot commit
            if (sync == 1) {
                assertThrows(RuntimeException.class, () -> sink.finishSync("orders"));
                assertEquals(2, lake.count(), "the renamed file stays");
                assertNull(cursor());
            } else {
                sink.finishSync("orders");
            }
        }
        assertEquals(2, lake.files().size());
        assertEquals(4, lake.count(), "each row twice, none lost");
        assertEquals("2026-11-25T00:00:00Z", cursor());
    }

    /** A parquet sink on this test's database, written to directly (no source). */
    ParquetSink sink(String partitionColumn, long rollRows, long rollMegabytes) {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(db.url);
        h2.setUser(db.user);
        h2.setPassword(db.password);
        return new ParquetSink(
                h2,
                new io.tributary.state.JdbcCursorStore(h2),
                io.tributary.schema.TargetSchema.load(Path.of(SCHEMA)),
                "orders",
                dir,
                false,
                partitionColumn,
                rollRows,
                rollMegabytes,
                java.time.Clock.systemUTC());
    }

    static Object[] row(String id, String country, String amount) {
        return new Object[] {
            id,
            country,
            amount == null ? null : new java.math.BigDecimal(amount),
            null,
            null,
            null,
            null,
            java.time.OffsetDateTime.parse("2026-11-25T00:00:00Z"),
            null
        };
    }

    static PageBatch page(Object[]... rows) {
        PageBatch page = new PageBatch();
        for (Object[] r : rows) {
            page.addRow(r);
        }
        return page;
    }

    @Test
    void aValueTooWideForItsDecimalFailsTheSyncNamingTheColumnAndNoLaterPageIsWritten()
            throws Exception {
        ParquetSink sink = sink(null, 0, 0);
        sink.startSync("orders");
        sink.write("orders", page(row("a", "DE", "1.00")), null);
        RuntimeException e =
                assertThrows(
                        RuntimeException.class,
                        () ->
                                sink.write(
                                        "orders",
                                        page(row("b", "DE", "1" + "0".repeat(39) + ".00")),
                                        null));
        assertTrue(e.getMessage().contains("decimal column 'amount'"), e.getMessage());
        assertFalse(e.getMessage().contains("10000000000"), "no value in the message");
        assertThrows(
                IllegalStateException.class,
                () -> sink.write("orders", page(row("c", "DE", "1.00")), null),
                "a retried or later page does not begin a sync of its own");
        assertThrows(IllegalStateException.class, () -> sink.finishSync("orders"));
        sink.abandonSync("orders");
        assertEquals(List.of(), lake.allNames(), "nothing published, no temporary file");

        sink.startSync("orders"); // the next sync
        sink.write("orders", page(row("a", "DE", "1.00")), null);
        sink.finishSync("orders");
        assertEquals(1, lake.count());
    }

    @Test
    void aFileRollsToTheNextAtRollMegabytes() throws Exception {
        ParquetSink sink = sink(null, 0, 1);
        java.util.Random random = new java.util.Random(16);
        sink.startSync("orders");
        for (int p = 0; p < 30; p++) { // ~3 MB of text that does not compress
            PageBatch page = new PageBatch();
            for (int i = 0; i < 100; i++) {
                Object[] r = row("r" + p + "-" + i, null, null);
                byte[] noise = new byte[768];
                random.nextBytes(noise);
                r[1] = java.util.Base64.getEncoder().encodeToString(noise);
                page.addRow(r);
            }
            sink.write("orders", page, null);
        }
        sink.finishSync("orders");

        List<Path> files = lake.files();
        assertTrue(files.size() >= 3, files.toString());
        for (Path f : files.subList(0, files.size() - 1)) {
            long size = java.nio.file.Files.size(f);
            // about: the writer counts what it has buffered before the last page is compressed
            assertTrue(size > (768 << 10) && size < (1280 << 10), f + ": " + size);
        }
        assertEquals(3000, lake.count());
    }

    @Test
    void moreFoldersThanOpenFilesEachGetTheirRowsWhenTheEldestFileIsFinishedEarly()
            throws Exception {
        ParquetSink sink = sink("country", 0, 0);
        List<String> countries = List.of("DE", "FR", "IT", "ES", "NL", "PL");
        sink.startSync("orders");
        for (int p = 0; p < 3; p++) { // each page touches every country, in turn
            PageBatch page = new PageBatch();
            for (int i = 0; i < 12; i++) {
                page.addRow(row("r" + p + "-" + i, countries.get(i % 6), "1.00"));
            }
            sink.write("orders", page, null);
        }
        sink.finishSync("orders");

        assertTrue(lake.files().size() > 6, "an evicted folder's later rows begin a new file");
        assertEquals(36, lake.count());
        assertEquals(
                "6",
                lake.query(
                                "SELECT COUNT(*) AS n FROM read_parquet('"
                                        + dir.resolve("orders")
                                        + "/country=NL/*.parquet')")
                        .get(0)
                        .get("n"));
    }

    @Test
    void aPartitionColumnTheSchemaDoesNotHaveFailsStartUpNamingIt() {
        Exception e = assertThrows(Exception.class, () -> connect("partitionColumn", "region"));
        assertTrue(messages(e).contains("parameter 'partitionColumn' value 'region'"), messages(e));
        assertTrue(messages(e).contains("is not a column of the schema"));
    }

    @Test
    void rollRowsOnAJsonLinesSinkFailsStartUp() {
        Exception e =
                assertThrows(Exception.class, () -> connect("sink", "jsonl", "rollRows", "10"));
        assertTrue(messages(e).contains("applies to sink parquet"), messages(e));
    }
}
