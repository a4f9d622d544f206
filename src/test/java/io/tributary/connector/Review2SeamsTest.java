package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.StateCommand;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of the issue-12 merges (parameters declared once, layers, the kamelet sink) against issue
 * 11's guarantees: where the declarations, their consumers and the commands meet.
 */
class Review2SeamsTest {
    @TempDir Path dir;

    // ---- declarations vs their consumers ----

    /**
     * {@code totalPagesPath} is declared a JSON_POINTER, which ParameterChecks and the generated
     * JSON Schema accept as {@code /a/b} or {@code $.a.b} (as for nextPath, hasMorePath...).
     * Connector converts the other pointers ({@code pointerText}) but hands totalPagesPath and
     * totalPath to the pagination raw, where {@code JsonPointer.compile("$.total_pages")} throws: a
     * value the checks and the schema call valid stops start-up with an IllegalArgumentException
     * naming neither the connector nor the parameter.
     */
    @Test
    void totalPagesPathInDollarFormIsAcceptedByTheChecksAndWorks() throws Exception {
        List<ObjectNode> all = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            all.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "r" + i)
                            .put("name", "n" + i)
                            .put("updated_at", "2026-01-0" + i + "T00:00:00Z"));
        }
        try (PagedApi api =
                        new PagedApi(
                                r -> {
                                    int page = Integer.parseInt(r.param("page"));
                                    ObjectNode body = PagedApi.JSON.createObjectNode();
                                    body.putObject("meta").put("total_pages", 3);
                                    body.putArray("items")
                                            .addAll(
                                                    all.subList(
                                                            Math.min(5, (page - 1) * 2),
                                                            Math.min(5, page * 2)));
                                    return Reply.json(body);
                                });
                ConnectorHarness h = new ConnectorHarness(Database.h2()).start()) {
            Map<String, String> p = new HashMap<>();
            p.put("url", api.baseUrl() + "/items");
            p.put("table", "items");
            p.put("schema", "src/test/resources/paging/items.schema.yaml");
            p.put("recordsPath", "/items");
            p.put("pageSizeParam", "per_page");
            p.put("pageSize", "2");
            p.put("totalPagesPath", "$.meta.total_pages");
            ParameterChecks.check(
                    "items",
                    ConnectorParameters.CONNECTOR,
                    ConnectorParameters.RULES,
                    n ->
                            n.equals("connector")
                                    ? "items"
                                    : p.getOrDefault(
                                            n,
                                            ConnectorParameters.defaultOf(
                                                    n))); // the checks accept it

            h.add("items", p);
            SyncOutcome outcome = h.sync("items");

            assertTrue(outcome.success(), outcome.summary());
            assertEquals(5, h.db.count("SELECT COUNT(*) FROM items"));
        }
    }

    // ---- the kamelet sink's rows in tributary_cursors vs the state command ----

    /**
     * The kamelet sink keeps one cursor row per file, {@code connector/<file>}, and its dead
     * letters under the same key (ARCHITECTURE, page contract). {@code state reset orders-files}
     * should forget them, so the files load again (JdbcCursorStore.reset deletes {@code
     * connector/%} for that very purpose), but StateCommand first insists that the name is a
     * registered connector (SyncOutcomes, which only Connector.init fills) or a stored row: a
     * kamelet connector is neither, so the command exits 2 "neither in the route files nor in the
     * cursor table" and the user has no way to load a file again (the refused-schema-change message
     * even tells them to run 'tributary state reset').
     */
    @Test
    void stateResetOfAKameletSinkConnectorForgetsItsFileRows() throws Exception {
        Database db = Database.h2();
        loadOrderFiles(db);
        assertEquals(
                3,
                db.count(
                        "SELECT COUNT(*) FROM tributary_cursors WHERE connector LIKE 'orders-files/%'"));

        Run reset = state(db, "state", "reset", "orders-files");

        assertEquals(Tributary.OK, reset.exit(), reset.out());
        assertEquals(
                0,
                db.count(
                        "SELECT COUNT(*) FROM tributary_cursors WHERE connector LIKE 'orders-files/%'"),
                "the files' rows are forgotten, so the files load again");
    }

    /**
     * Same cause: {@code state show orders-files} exits 2 although its rows (and its dead letter)
     * are in the table.
     */
    @Test
    void stateShowOfAKameletSinkConnectorListsItsStreams() throws Exception {
        Database db = Database.h2();
        loadOrderFiles(db);

        Run show = state(db, "state", "show", "orders-files");

        assertEquals(Tributary.OK, show.exit(), show.out());
        assertTrue(show.out().contains("orders-files/b.csv"), show.out());
    }

    // ---- the kamelet sink's schema changes at start-up and in check ----

    /**
     * docs/schema.md (changing a schema file): an incompatible change to an existing table is
     * "refused: start-up stops (exit code 2, also in check), nothing changed". For a kamelet table
     * the check never happens at start-up: PageSinkStep prepares its schema, mapper and sink
     * (JdbcUpsertSink's TableChanges, or Sinks.preview's planChanges under check) lazily in {@code
     * init(exchange)}, on the first page. So {@code check} of a route whose sink table cannot take
     * its schema reports "no problems" (exit 0), and {@code run} starts and then fails every file
     * as it arrives.
     */
    @Test
    void checkRefusesAKameletSinkWhoseTableCannotTakeItsSchema() throws Exception {
        Database db = Database.h2();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            // quantity was text; the schema now says integer: "another type", refused
            st.execute(
                    "CREATE TABLE orders (order_id VARCHAR(100) NOT NULL, line INTEGER NOT NULL, sku VARCHAR(100), "
                            + "quantity VARCHAR(20) NOT NULL, price NUMERIC(10, 2), ordered DATE, PRIMARY KEY (order_id, line))");
        }
        FileToKameletSinkTest files = new FileToKameletSinkTest();
        files.dir = dir;
        files.writeOrders();
        Path route = files.route("orders-files", "upsert", "");

        List<String> args =
                new ArrayList<>(
                        List.of(
                                "check",
                                "--camel.main.routes-include-pattern=file:" + route,
                                "--tributary.demo.enabled=false"));
        args.addAll(db.options());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new io.tributary.cli.CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                io.tributary.Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(Tributary.BAD_USAGE, exit, out);
        assertTrue(out.contains("quantity"), "the refusal names the column:\n" + out);
    }

    // ---- helpers ----

    record Run(int exit, String out) {}

    Run state(Database db, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--tributary.demo.enabled=false");
        args.add("--weather.base-url=http://127.0.0.1:9");
        args.add("--weather.api-key=unused-key");
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new Tributary().start(options, Map.of(), new StateCommand(out, options));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The three CSV files of FileToKameletSinkTest, loaded through kamelet:tributary-jdbc-sink. */
    void loadOrderFiles(Database db) throws Exception {
        FileToKameletSinkTest files = new FileToKameletSinkTest();
        files.dir = dir;
        files.writeOrders();
        Path route = files.route("orders-files", "upsert", "");
        try (ConnectorHarness h = new ConnectorHarness(db).start()) {
            h.load(route.toString());
            FileToKameletSinkTest.awaitRows(db, 7, h.context());
        }
        Files.deleteIfExists(route);
    }
}
