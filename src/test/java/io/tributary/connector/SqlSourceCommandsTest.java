package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.CheckCommand;
import io.tributary.cli.Options;
import io.tributary.cli.PreviewCommand;
import io.tributary.support.Database;
import io.tributary.support.LegacyOrders;
import io.tributary.support.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database table's connector under the commands: {@code run --once}, {@code preview}, {@code
 * check}, and a start-up that stops on a bad parameter (exit 2, file, connector, parameter, value;
 * never the password).
 */
class SqlSourceCommandsTest {
    static final String ID = "erp-orders";
    static final String SECRET = "s3cret-Pa55word";

    @TempDir Path dir;

    final Database source = Database.h2();
    final Database target = Database.h2();
    final LegacyOrders orders = new LegacyOrders(source).withTiedRows(250);

    LegacyOrders.Route route() {
        return new LegacyOrders.Route(ID, source).schedule("timer:erp-orders?repeatCount=1");
    }

    List<String> cli(Path routes, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + routes);
        args.add("--tributary.db.connect-timeout-ms=2000"); // a refused login ends the pool's wait
        args.addAll(target.options());
        return args;
    }

    @Test
    void runOnceLoadsTheTableAndExitsZero() throws Exception {
        Path file = route().writeTo(dir);

        int exit = new Tributary().run(cli(file, "run", "--once").toArray(String[]::new));

        assertEquals(Tributary.OK, exit);
        assertEquals(orders.rows(), LegacyOrders.rows(target, "erp_orders"));
    }

    @Test
    void previewPrintsTheFirstPagesAndWritesNothing() throws Exception {
        Path file = route().writeTo(dir);
        Options options =
                Options.parse(cli(file, "preview", ID, "--pages", "2").toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new PreviewCommand(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        options));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, printed);
        assertTrue(
                printed.contains("200 row(s) from 2 page(s) of erp-orders; nothing written"),
                printed);
        assertFalse(target.tableExists("erp_orders"), "no table made");
        assertNull(target.cursor(ID), "no position stored");
    }

    @Test
    void checkConnectsToTheSourceAndReadsItsColumns() throws Exception {
        Path file = route().writeTo(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                Tributary::new)
                        .run(Options.parse(cli(file, "check").toArray(String[]::new)));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, out);
        assertTrue(
                out.contains(
                        "ok   connector 'erp-orders': source H2, 6 column(s), cursor updated_at (timestamp with time zone)"),
                out);
        assertFalse(target.tableExists("erp_orders"), "check loads nothing");
    }

    @Test
    void checkSaysTheSourceRefusedTheLoginWithoutShowingThePassword() throws Exception {
        Path file = route().with("sourcePassword", SECRET).writeTo(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit;
        String log;
        try (LogCapture capture = LogCapture.open()) {
            exit =
                    new CheckCommand(
                                    new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                    Tributary::new)
                            .run(Options.parse(cli(file, "check").toArray(String[]::new)));
            log = capture.all();
        }

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.SYNC_FAILED, exit, out);
        assertTrue(
                out.contains("connector 'erp-orders': parameter 'sourceUrl' value 'jdbc:h2:mem:"),
                out);
        assertTrue(
                out.contains(
                        "refused the login: wrong user or password (sourceUser, sourcePassword)"),
                out);
        assertFalse(out.contains(SECRET) || log.contains(SECRET), "the password is never shown");
    }

    @Test
    void aSyncWithAWrongPasswordFailsWithoutShowingIt() throws Exception {
        Path file = route().with("sourcePassword", SECRET).writeTo(dir);

        int exit;
        String log;
        try (LogCapture capture = LogCapture.open()) {
            exit = new Tributary().run(cli(file, "run", "--once").toArray(String[]::new));
            log = capture.all();
        }

        assertEquals(Tributary.SYNC_FAILED, exit);
        assertTrue(log.contains("sync connector=erp-orders outcome=failed"), log);
        assertFalse(log.contains(SECRET), "the password is never shown:\n" + log);
    }

    record Start(int exit, String problem, String log) {}

    Start start(Path file) {
        try (LogCapture capture = LogCapture.open()) {
            Tributary tributary = new Tributary();
            int exit = tributary.run(cli(file, "run", "--once").toArray(String[]::new));
            return new Start(exit, String.valueOf(tributary.lastProblem()), capture.all());
        }
    }

    @Test
    void aTableAndAQueryBothStopStartUpNamingTheFileConnectorAndParameter() throws Exception {
        Path file = route().with("query", "SELECT * FROM orders").writeTo(dir);

        Start start = start(file);

        assertEquals(Tributary.BAD_USAGE, start.exit());
        assertTrue(start.problem().contains(file.toString()), start.problem());
        assertTrue(
                start.problem()
                        .contains(
                                "connector 'erp-orders': parameter 'table' value 'orders': give table or query, not both"),
                start.problem());
    }

    @Test
    void aMisspeltParameterStopsStartUpWithTheNameItMeant() throws Exception {
        Path file = route().with("cursorColum", "updated_at").writeTo(dir);

        Start start = start(file);

        assertEquals(Tributary.BAD_USAGE, start.exit());
        assertTrue(
                start.problem()
                        .contains(
                                "connector 'erp-orders': parameter 'cursorColum': is not a parameter of kamelet tributary-sql-source (did you mean 'cursorColumn'?)"),
                start.problem());
    }

    @Test
    void aBadValueStopsStartUpNamingItAndNeverThePassword() throws Exception {
        Path file = route().with("pageSize", "many").with("sourcePassword", SECRET).writeTo(dir);

        Start start = start(file);

        assertEquals(Tributary.BAD_USAGE, start.exit());
        assertTrue(
                start.problem()
                        .contains(
                                "connector 'erp-orders': parameter 'pageSize' value 'many': must be a positive integer"),
                start.problem());
        assertFalse(start.problem().contains(SECRET) || start.log().contains(SECRET));
    }

    @Test
    void aCursorColumnTheTableDoesNotHaveFailsTheRunNamingItsColumns() throws Exception {
        Path file = route().with("cursorColumn", "modified").writeTo(dir);

        Start start = start(file);

        assertEquals(Tributary.SYNC_FAILED, start.exit());
        assertTrue(
                start.log()
                        .contains(
                                "parameter 'cursorColumn' value 'modified': is not a column of the source (its columns: id, customer, amount, active, ordered, updated_at)"),
                start.log());
    }

    @Test
    void replaceIsRefusedAtStartUp() throws Exception {
        Path file = route().writeMode("replace").writeTo(dir);

        Start start = start(file);

        assertEquals(Tributary.BAD_USAGE, start.exit());
        assertTrue(
                start.problem().contains("parameter 'writeMode' value 'replace'"), start.problem());
    }

    @Test
    void aSourceWithoutATributarySinkStopsStartUp() throws Exception {
        Path file = dir.resolve("erp-orders.camel.yaml");
        java.nio.file.Files.writeString(
                file,
                String.join(
                        "\n",
                        "- route:",
                        "    id: erp-orders",
                        "    from:",
                        "      uri: kamelet:tributary-sql-source",
                        "      parameters: {schedule: \"timer:x?repeatCount=1\", sourceUrl: \"RAW{"
                                + source.url
                                + "}\","
                                + " table: orders, cursorColumn: updated_at, keyColumns: id}",
                        "      steps:",
                        "        - log: {message: \"${body}\"}",
                        ""));

        Start start = start(file);

        assertEquals(Tributary.BAD_USAGE, start.exit());
        assertTrue(
                start.problem()
                        .contains(
                                "connector 'erp-orders': parameter 'kamelet' value 'tributary-sql-source': its pages go to no Tributary sink"),
                start.problem());
    }
}
