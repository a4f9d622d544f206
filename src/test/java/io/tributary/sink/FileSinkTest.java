package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON Lines and CSV files through the http-to-jdbc template: published whole, then the cursor
 * moves.
 */
class FileSinkTest {
    static final String SCHEMA = "src/test/resources/paging/items.schema.yaml";
    final Database db = Database.h2();
    final SinkTestApi api = new SinkTestApi();
    ConnectorHarness tributary;
    @TempDir Path dir;

    @BeforeEach
    void start() throws Exception {
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    List<Path> files() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    Object cursor() {
        return db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'items'");
    }

    @Test
    void aJsonLinesSyncIsOneFileWithOneObjectPerRecordAndThenTheCursorMoves() throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        api.add("b", "Bob", "2026-01-02T00:00:00Z");
        api.add("c", "Cy", "2026-01-03T00:00:00Z");
        api.connect(tributary, SCHEMA, "sink", "jsonl", "directory", dir.toString());
        assertTrue(tributary.sync("items").success());
        List<Path> files = files();
        assertEquals(1, files.size(), files.toString());
        assertTrue(
                files.get(0).getFileName().toString().matches("items-\\d{8}T\\d{6}Z\\.jsonl"),
                files.toString());
        List<String> lines = Files.readAllLines(files.get(0));
        assertEquals(3, lines.size());
        JsonNode first = PagedApi.JSON.readTree(lines.get(0));
        assertEquals("a", first.get("id").asText());
        assertEquals("2026-01-01T00:00:00Z", first.get("updated_at").asText());
        assertEquals("2026-01-03T00:00:00Z", cursor());
        assertFalse(
                db.count(
                                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'items'")
                        > 0,
                "a file sink creates no table");
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaksAsRfc4180Says() throws Exception {
        api.add("a", "He said \"hi\", then\nleft", "2026-01-01T00:00:00Z");
        api.add("b", "plain", "2026-01-02T00:00:00Z");
        api.add("c", "", "2026-01-03T00:00:00Z");
        api.connect(tributary, SCHEMA, "sink", "csv", "directory", dir.toString());
        assertTrue(tributary.sync("items").success());
        String text = Files.readString(files().get(0), StandardCharsets.UTF_8);
        assertEquals(
                "id,name,updated_at\r\n"
                        + "a,\"He said \"\"hi\"\", then\nleft\",2026-01-01T00:00:00Z\r\n"
                        + "b,plain,2026-01-02T00:00:00Z\r\n"
                        + "c,\"\",2026-01-03T00:00:00Z\r\n",
                text);
    }

    @Test
    void aFailedSyncLeavesNoFileUnderItsFinalNameAndTheCursorWhereItWas() throws Exception {
        for (int i = 1; i <= 5; i++) {
            api.add("r" + i, "n" + i, "2026-01-0" + i + "T00:00:00Z");
        }
        api.brokenPage =
                3; // pages 1 and 2 are written to the temporary file, page 3 fails every retry
        api.connect(tributary, SCHEMA, "sink", "jsonl", "directory", dir.toString());
        assertFalse(tributary.sync("items").success());
        assertEquals(List.of(), files(), "neither a final nor a temporary file");
        assertNull(cursor());

        api.brokenPage = 0;
        assertTrue(tributary.sync("items").success());
        assertEquals(5, Files.readAllLines(files().get(0)).size());
        assertEquals("2026-01-05T00:00:00Z", cursor());
    }

    @Test
    void partitionedByDateWritesOneFilePerDayOfTheCursorField() throws Exception {
        api.add("a", "Ada", "2026-01-01T08:00:00Z");
        api.add("b", "Bob", "2026-01-01T09:00:00Z");
        api.add("c", "Cy", "2026-01-02T10:00:00Z");
        api.connect(
                tributary,
                SCHEMA,
                "sink",
                "jsonl",
                "directory",
                dir.toString(),
                "partition",
                "date");
        assertTrue(tributary.sync("items").success());
        List<Path> files = files();
        assertEquals(2, files.size(), files.toString());
        assertEquals("date=2026-01-01", files.get(0).getParent().getFileName().toString());
        assertEquals(2, Files.readAllLines(files.get(0)).size());
        assertEquals("date=2026-01-02", files.get(1).getParent().getFileName().toString());
    }

    @Test
    void aPreviewWritesNoFile() throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        tributary.close();
        tributary =
                new ConnectorHarness(db)
                        .start(c -> c.getRegistry().bind(PreviewSink.BEAN, new PreviewSink(5)));
        api.connect(tributary, SCHEMA, "sink", "jsonl", "directory", dir.toString());
        assertTrue(tributary.sync("items").success());
        assertEquals(List.of(), files());
    }

    /**
     * A page whose write failed halfway left its first rows in the file; Camel's redelivery then
     * wrote the whole page again after them: duplicates in a published file.
     */
    @Test
    void aPageThatFailedHalfwayIsNotWrittenAgainAndTheSyncPublishesNothing() throws Exception {
        org.h2.jdbcx.JdbcDataSource data = new org.h2.jdbcx.JdbcDataSource();
        data.setURL("jdbc:h2:mem:files_" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        java.util.concurrent.atomic.AtomicInteger rowsLeft =
                new java.util.concurrent.atomic.AtomicInteger(3);
        RecordFormat lines = RecordFormat.named("jsonl");
        RecordFormat diskFullAfterThreeRows =
                new RecordFormat() {
                    @Override
                    public String extension() {
                        return lines.extension();
                    }

                    @Override
                    public boolean allowsNewColumns() {
                        return lines.allowsNewColumns();
                    }

                    @Override
                    public void header(java.io.Writer out, List<String> columns)
                            throws java.io.IOException {
                        lines.header(out, columns);
                    }

                    @Override
                    public void row(
                            java.io.Writer out, List<String> columns, Object[] row, boolean[] json)
                            throws java.io.IOException {
                        if (rowsLeft.decrementAndGet() < 0) {
                            throw new java.io.IOException("No space left on device");
                        }
                        lines.row(out, columns, row, json);
                    }
                };
        io.tributary.schema.TargetSchema schema =
                io.tributary.schema.TargetSchema.load(Path.of(SCHEMA));
        FileSink sink =
                new FileSink(
                        data,
                        new io.tributary.state.JdbcCursorStore(data),
                        schema,
                        "items",
                        diskFullAfterThreeRows,
                        dir,
                        false,
                        java.time.Clock.systemUTC());
        sink.startSync("items");
        PageBatch page = new PageBatch();
        for (int i = 0; i < 5; i++) {
            Object[] row = new Object[schema.columns().size()];
            row[0] = "r" + i;
            page.addRow(row);
        }

        assertThrowsAnything(() -> sink.write("items", page, null));
        rowsLeft.set(100); // the disk has room again: Camel's redelivery retries the page
        assertThrowsAnything(() -> sink.write("items", page, null));
        assertThrowsAnything(() -> sink.finishSync("items"));
        sink.abandonSync("items");
        assertTrue(files().isEmpty(), "nothing published: " + files());

        sink.startSync("items"); // the next sync re-reads from the cursor, which never moved
        PageBatch again = new PageBatch();
        for (int i = 0; i < 5; i++) {
            Object[] row = new Object[schema.columns().size()];
            row[0] = "r" + i;
            again.addRow(row);
        }
        sink.write("items", again, null);
        sink.finishSync("items");
        assertEquals(5, Files.readAllLines(files().get(0)).size(), "each row once");
    }

    static void assertThrowsAnything(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, call);
    }
}
