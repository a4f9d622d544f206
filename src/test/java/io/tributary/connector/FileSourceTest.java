package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code tributary-file-source} Kamelet on a local drop folder: each file streams to the sink
 * in pages of {@code recordsPerPage}, loads exactly once, resumes after its last committed page,
 * and is moved per {@code move}.
 */
class FileSourceTest {
    static final Path SCHEMA =
            Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();
    static final String HEADER = "order_id,line,sku,quantity,price,ordered\n";

    @TempDir Path dir;

    Path inbox;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void threeFilesOf2500LinesLoadOnceInPagesOf1000AndARestartLoadsNoneAgain(String kind)
            throws Exception {
        Database db = Database.of(kind);
        inbox = Files.createDirectories(dir.resolve("inbox"));
        for (int f = 1; f <= 3; f++) {
            Files.writeString(inbox.resolve("orders-" + f + ".csv"), orders("F" + f, 2500));
        }
        Path route = route("orders-drop", Map.of("format", "csv", "noop", "true"), "append");

        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness first = new ConnectorHarness(db).start(runs::attach)) {
            first.load(route.toString());
            List<SyncOutcome> files = runs.await(3);
            for (SyncOutcome file : files) {
                assertTrue(file.success(), file.summary());
                assertEquals(3, file.pages(), "2500 lines in pages of 1000: " + file.summary());
                assertEquals(2500, file.rowsWritten(), file.summary());
            }
        }
        assertEquals(7500, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(
                7500,
                db.count("SELECT COUNT(*) FROM (SELECT DISTINCT order_id, line FROM orders) d"));
        assertEquals(
                List.of(
                        "orders-drop/orders-1.csv",
                        "orders-drop/orders-2.csv",
                        "orders-drop/orders-3.csv"),
                db.column(
                        "SELECT connector FROM tributary_cursors WHERE connector LIKE 'orders-drop/%' ORDER BY connector"),
                "one row per file, keyed by its name");
        assertFalse(
                db
                        .column(
                                "SELECT cursor_value FROM tributary_cursors WHERE connector LIKE 'orders-drop/%'")
                        .stream()
                        .anyMatch(v -> v.toString().contains("#")),
                "each row holds its file's key: the last page is in");

        // a restart sees the three files again (noop leaves them) and a fourth, named after them
        Files.writeString(inbox.resolve("orders-4.csv"), orders("F4", 10));
        Runs again = new Runs("orders-drop");
        try (ConnectorHarness second = new ConnectorHarness(db).start(again::attach)) {
            second.load(route.toString());
            List<SyncOutcome> files = again.await(1);
            assertEquals(10, files.get(0).rowsWritten(), "only the new file loads");
        }
        assertEquals(
                7510,
                db.count("SELECT COUNT(*) FROM orders"),
                "append would show a file loaded twice");
    }

    /**
     * A file's summary line is an HTTP source's: the run's facts as JSON fields with its run id,
     * and in text a file name with spaces quoted, so a logfmt parser reads it whole (it was
     * appended unquoted after the error, and the JSON line had no field at all).
     */
    @Test
    void aFilesSummaryLineCarriesTheRunsFactsAndTheWholeFileName() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("march orders.csv"), orders("M", 3));
        Path route = route("orders-drop", Map.of("format", "csv", "noop", "true"), "upsert");
        List<String> text;
        List<String> json;
        Runs runs = new Runs("orders-drop");
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open();
                ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
            h.load(route.toString());
            assertTrue(runs.await(1).get(0).success());
            text = logs.written("text");
            json = logs.written("json");
        }
        String summary =
                text.stream()
                        .filter(l -> l.contains("sync connector=orders-drop "))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no summary line: " + text));
        assertTrue(summary.contains(" file=\"march orders.csv\""), summary);
        com.fasterxml.jackson.databind.JsonNode line = null;
        for (String l : json) {
            com.fasterxml.jackson.databind.JsonNode n =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            if (n.path("formattedMessage").asText().startsWith("sync connector=orders-drop ")) {
                line = n;
            }
        }
        assertTrue(line != null, "no summary line in " + json);
        assertEquals("orders-drop", line.path("connector").asText(), line.toString());
        assertEquals("success", line.path("outcome").asText(), line.toString());
        assertEquals(3, line.path("written").asLong(-1), line.toString());
        assertEquals("march orders.csv", line.path("file").asText(), line.toString());
        assertTrue(line.path("run").asText().matches("[0-9a-f]{12}"), line.toString());
    }

    @Test
    void aLoadedFileIsMovedToDoneAndTheInboxIsLeftEmpty() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("a.csv"), orders("A", 3));
        Files.writeString(inbox.resolve("b.csv"), orders("B", 2));
        Path route = route("orders-drop", Map.of("format", "csv"), "upsert");

        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
            h.load(route.toString());
            runs.await(2);
            awaitGone(inbox.resolve("b.csv"));
        }
        assertEquals(5, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(
                List.of(".done"), names(inbox), "nothing left in the inbox but the .done folder");
        assertEquals(List.of("a.csv", "b.csv"), names(inbox.resolve(".done")));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void csvJsonLinesXmlAndAGzippedCsvLoadEachByItsName(String kind) throws Exception {
        Database db = Database.of(kind);
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("a.csv"), HEADER + "A1,1,SKU-1,2,9.99,2026-11-02\n");
        Files.writeString(
                inbox.resolve("b.jsonl"),
                "{\"order_id\":\"B1\",\"line\":1,\"sku\":\"SKU-2\",\"quantity\":3,\"price\":1.50}\n"
                        + "{\"order_id\":\"B1\",\"line\":2,\"quantity\":1}\n");
        Files.writeString(
                inbox.resolve("c.xml"),
                "<?xml version=\"1.0\"?><export><orders>"
                        + "<order><order_id>C1</order_id><line>1</line><quantity>4</quantity><ordered>2026-11-04</ordered></order>"
                        + "<order><order_id>C1</order_id><line>2</line><quantity>5</quantity></order>"
                        + "</orders></export>");
        try (OutputStream gz =
                new GZIPOutputStream(Files.newOutputStream(inbox.resolve("d.csv.gz")))) {
            gz.write(orders("D", 3).getBytes(StandardCharsets.UTF_8));
        }
        Path route =
                route("orders-drop", Map.of("format", "auto", "recordsPath", "//order"), "upsert");

        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
            h.load(route.toString());
            for (SyncOutcome file : runs.await(4)) {
                assertTrue(file.success(), file.summary());
            }
        }
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE order_id = 'A1' AND quantity = 2 AND price = 9.99"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders WHERE order_id = 'B1'"));
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE order_id = 'C1' AND line = 1 AND quantity = 4 AND ordered = DATE '2026-11-04'"),
                "XML text typed by the schema");
        assertEquals(
                3,
                db.count("SELECT COUNT(*) FROM orders WHERE order_id = 'D'"),
                "the .csv.gz unzipped");
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
    }

    @Test
    void aBrokenCsvLineGoesToTheDeadLettersWithItsLineAndTheRestLoads() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(
                inbox.resolve("a.csv"),
                HEADER
                        + "A1,1,SKU-1,1,9.99,2026-11-02\n"
                        + "A1,2,SKU-2,3\n" // line 3: two fields short
                        + "A2,1,SKU-1,2,1.00,2026-11-02\n");
        Path route = route("orders-drop", Map.of("format", "csv"), "upsert");

        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
            h.load(route.toString());
            SyncOutcome file = runs.await(1).get(0);
            assertEquals(2, file.rowsWritten(), file.summary());
            assertEquals(1, file.deadLetters(), file.summary());
        }
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders"));
        String reason = db.single("SELECT reason FROM tributary_dead_letters").toString();
        assertTrue(reason.startsWith("line 3: "), reason);
        assertEquals(
                "orders-drop/a.csv",
                db.single("SELECT connector FROM tributary_dead_letters"),
                "the dead letter names the connector and its file (not the Kamelet's route)");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aFileWhoseFirstPageIsInResumesAfterItAndLoadsNoRecordTwice(String kind) throws Exception {
        Database db = Database.of(kind);
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Path file = inbox.resolve("orders.csv");
        Files.writeString(file, orders("R", 2500));
        Path route = route("orders-drop", Map.of("format", "csv"), "append");
        // a first run committed the first page (1000 records) and was cut off: its row says so
        String key =
                "orders.csv:" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness h = new ConnectorHarness(db).start(runs::attach)) {
            io.tributary.state.JdbcCursorStore store =
                    h.context()
                            .getRegistry()
                            .lookupByNameAndType(
                                    "tributaryCursorStore",
                                    io.tributary.state.JdbcCursorStore.class);
            store.save("orders-drop/orders.csv", key + "#1000");
            h.load(route.toString());
            SyncOutcome outcome = runs.await(1).get(0);
            assertTrue(outcome.success(), outcome.summary());
            assertEquals(1500, outcome.rowsWritten(), outcome.summary());
            assertEquals(2, outcome.pages(), outcome.summary());
        }
        assertEquals(1500, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM orders WHERE line <= 1000"),
                "the committed page is not sent again");
        assertEquals(key, db.cursor("orders-drop/orders.csv"));
    }

    /** Fails the second page it sees, once: the file fails after its first page is in. */
    public static final class FailSecondPageOnce implements org.apache.camel.Processor {
        final AtomicInteger pages = new AtomicInteger();

        @Override
        public void process(org.apache.camel.Exchange exchange) {
            if (pages.incrementAndGet() == 2) {
                throw new IllegalStateException("the target is away for a moment");
            }
        }
    }

    @Test
    void aFailedFileStaysAndTheNextLookResumesItWherItGot() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders.csv"), orders("X", 2500));
        Path route =
                route(
                        "orders-drop",
                        Map.of("format", "csv"),
                        "append",
                        List.of("        - process: {ref: failSecondPageOnce}"));
        FailSecondPageOnce flaky = new FailSecondPageOnce();

        Runs runs = new Runs("orders-drop");
        try (ConnectorHarness h =
                new ConnectorHarness(db)
                        .start(
                                c -> {
                                    c.getRegistry().bind("failSecondPageOnce", flaky);
                                    runs.attach(c);
                                })) {
            h.load(route.toString());
            List<SyncOutcome> tries = runs.await(2);
            assertFalse(tries.get(0).success(), tries.get(0).summary());
            assertTrue(
                    tries.get(0).error().contains("file 'orders.csv' page 2"),
                    tries.get(0).error());
            assertEquals(1000, tries.get(0).rowsWritten());
            assertTrue(tries.get(1).success(), tries.get(1).summary());
            assertEquals(1500, tries.get(1).rowsWritten(), "the second look resumes after page 1");
            awaitGone(inbox.resolve("orders.csv"));
        }
        assertEquals(2500, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(
                2500,
                db.count("SELECT COUNT(*) FROM (SELECT DISTINCT order_id, line FROM orders) d"));
        assertTrue(Files.exists(inbox.resolve(".done/orders.csv")), "moved once wholly loaded");
    }

    @Test
    void writeModeReplaceIsRefusedAtStartUp() throws Exception {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Path route = route("orders-drop", Map.of("format", "csv"), "replace");
        try (ConnectorHarness h = new ConnectorHarness(Database.h2()).start()) {
            Exception e = assertThrows(Exception.class, () -> h.load(route.toString()));
            String all = chain(e);
            assertTrue(all.contains("parameter 'writeMode' value 'replace'"), all);
        }
    }

    @Test
    void onceLoadsTheFilesThereThenTributaryExits() throws Exception {
        Database db = Database.postgres();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        for (int f = 1; f <= 3; f++) {
            Files.writeString(inbox.resolve("orders-" + f + ".csv"), orders("O" + f, 1200));
        }
        Path route = route("orders-drop", Map.of("format", "csv"), "append");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.management.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        args.addAll(db.options());

        assertEquals(Tributary.OK, new Tributary().run(args.toArray(String[]::new)));
        assertEquals(
                3600,
                db.count("SELECT COUNT(*) FROM orders"),
                "every file of the look, not only the first");

        // an empty folder: one look, nothing to load, done
        assertEquals(Tributary.OK, new Tributary().run(args.toArray(String[]::new)));
        assertEquals(3600, db.count("SELECT COUNT(*) FROM orders"));
    }

    // ---- the fixtures ----

    /**
     * A file of deleted order lines through {@code writeMode: delete}: its rows are deleted, not
     * written, and the summary line says how many (the Kamelet sink counted them as written).
     */
    @Test
    void aFileOfDeletedLinesCountsItsRowsAsDeletedNotWritten() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders-1.csv"), orders("D", 3));
        Path load = route("orders-drop", Map.of("format", "csv", "noop", "true"), "upsert");
        Runs loaded = new Runs("orders-drop");
        try (ConnectorHarness first = new ConnectorHarness(db).start(loaded::attach)) {
            first.load(load.toString());
            assertEquals(3, loaded.await(1).get(0).rowsWritten());
        }
        inbox = Files.createDirectories(dir.resolve("deleted"));
        Files.writeString(
                inbox.resolve("deleted-1.csv"),
                orders("D", 3).lines().limit(3).collect(Collectors.joining("\n", "", "\n")));
        Path gone = route("orders-gone", Map.of("format", "csv", "noop", "true"), "delete");
        Runs deleted = new Runs("orders-gone");
        List<String> summary;
        SyncOutcome run;
        try (io.tributary.support.LogCapture log = io.tributary.support.LogCapture.open();
                ConnectorHarness second = new ConnectorHarness(db).start(deleted::attach)) {
            second.load(gone.toString());
            run = deleted.await(1).get(0);
            summary = log.linesContaining("io.tributary.sync");
        }

        assertTrue(run.success(), run.summary());
        assertEquals(1, db.count("SELECT COUNT(*) FROM orders"), "two lines deleted");
        assertEquals(0, run.rowsWritten(), run.summary());
        assertTrue(summary.stream().anyMatch(l -> l.contains("deleted=2")), summary.toString());
    }

    /** A file of orders with their lines: the summary line counts the child rows (children=). */
    @Test
    void aFileOfOrdersWithLinesCountsTheChildRowsInItsSummary() throws Exception {
        Database db = Database.h2();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(
                inbox.resolve("orders-1.jsonl"),
                "{\"id\": 1, \"lines\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}\n"
                        + "{\"id\": 2, \"lines\": [{\"sku\": \"c\"}]}\n");
        Path schema =
                Files.writeString(
                        dir.resolve("orders.schema.yaml"),
                        "primaryKey: [id]\ncolumns:\n  id: {type: integer, required: true}\n"
                                + "children:\n  lines:\n    path: lines\n    columns: {sku: string}\n");
        Path route =
                Files.writeString(
                        dir.resolve("orders-drop.camel.yaml"),
                        String.join(
                                "\n",
                                "- route:",
                                "    id: orders-drop",
                                "    from:",
                                "      uri: kamelet:tributary-file-source",
                                "      parameters: {directory: \""
                                        + inbox
                                        + "\", readLock: none,"
                                        + " delay: 100, format: jsonl, noop: true}",
                                "      steps:",
                                "        - to:",
                                "            uri: kamelet:tributary-jdbc-sink",
                                "            parameters: {schema: \""
                                        + schema
                                        + "\", table: orders}",
                                ""));
        Runs runs = new Runs("orders-drop");
        List<String> summary;
        try (io.tributary.support.LogCapture log = io.tributary.support.LogCapture.open();
                ConnectorHarness tributary = new ConnectorHarness(db).start(runs::attach)) {
            tributary.load(route.toString());
            SyncOutcome run = runs.await(1).get(0);
            assertTrue(run.success(), run.summary());
            summary = log.linesContaining("io.tributary.sync");
        }

        assertEquals(3, db.count("SELECT COUNT(*) FROM orders__lines"));
        assertTrue(summary.stream().anyMatch(l -> l.contains("children=3")), summary.toString());
    }

    static String orders(String order, int lines) {
        return io.tributary.support.OrderLines.csv(order, lines);
    }

    Path route(String id, Map<String, String> source, String writeMode) throws Exception {
        return route(id, source, writeMode, List.of());
    }

    /** The route file as a user writes it; {@code steps} go between the source and the sink. */
    Path route(String id, Map<String, String> source, String writeMode, List<String> steps)
            throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("directory", inbox.toString());
        p.put("readLock", "none");
        p.put("delay", "100");
        p.put("recordsPerPage", "1000");
        p.putAll(source);
        List<String> lines = new ArrayList<>();
        lines.add("- route:");
        lines.add("    id: " + id);
        lines.add("    from:");
        lines.add("      uri: kamelet:tributary-file-source");
        lines.add("      parameters:");
        p.forEach(
                (k, v) ->
                        lines.add(
                                "        "
                                        + k
                                        + ": "
                                        + io.tributary.schema.SourceJson.mapper().valueToTree(v)));
        lines.add("      steps:");
        lines.addAll(steps);
        lines.add("        - to:");
        lines.add("            uri: kamelet:tributary-jdbc-sink");
        lines.add(
                "            parameters: {schema: \""
                        + SCHEMA
                        + "\", table: orders, writeMode: "
                        + writeMode
                        + "}");
        Path route = dir.resolve(id + ".camel.yaml");
        Files.writeString(route, String.join("\n", lines) + "\n");
        return route;
    }

    /**
     * The file runs of one connector in one process, oldest first: attached before the routes load,
     * so none is missed.
     */
    static final class Runs implements SyncOutcomes.Listener {
        final String connector;
        final List<SyncOutcome> seen = new ArrayList<>();

        Runs(String connector) {
            this.connector = connector;
        }

        void attach(CamelContext context) {
            context.getRegistry()
                    .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                    .addListener(this);
        }

        @Override
        public void registered(String name) {}

        @Override
        public synchronized void finished(SyncOutcome outcome) {
            if (outcome.connector().equals(connector)) {
                seen.add(outcome);
                notifyAll();
            }
        }

        /** Waits for {@code n} runs. */
        synchronized List<SyncOutcome> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError(
                            n + " file runs of " + connector + " expected, saw " + seen);
                }
                wait(left);
            }
            return List.copyOf(seen);
        }
    }

    static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was never moved");
            }
            Thread.sleep(20);
        }
    }

    static List<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
