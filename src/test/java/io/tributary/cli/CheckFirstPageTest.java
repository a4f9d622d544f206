package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} sends the request a sync would send, to a strict loopback API: the url's own query
 * once, the cursor parameter in the cursor's format, and it reads the first page (JSON, records at
 * recordsPath, every column of the schema found in some record).
 */
class CheckFirstPageTest {
    static final String TOKEN = "strict-token-5521";
    final Database db = Database.h2();
    @TempDir Path dir;
    PagedApi api;

    @AfterEach
    void stop() {
        api.close();
    }

    /** Answers like an API that refuses a repeated parameter and a cursor it cannot parse. */
    static Reply strict(PagedApi.Request r, Reply page) {
        String[] pairs = r.rawQuery() == null ? new String[0] : r.rawQuery().split("&");
        if (pairs.length != r.query().size()) { // parseQuery keeps one value per name
            return Reply.status(
                    400,
                    "{\"error\":\"a parameter is given twice: " + r.rawQuery() + "\"}",
                    Map.of());
        }
        String since = r.param("since");
        if (since != null && !since.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")) {
            return Reply.status(400, "{\"error\":\"since must be an ISO-8601 instant\"}", Map.of());
        }
        return page;
    }

    static Reply items(String... extraFields) {
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 1; i <= 3; i++) {
            b.append(i > 1 ? "," : "")
                    .append("{\"id\":\"i")
                    .append(i)
                    .append("\",\"updated_at\":\"2026-03-0")
                    .append(i)
                    .append("T10:00:00Z\"");
            for (String f : extraFields) {
                b.append(",").append(f);
            }
            b.append("}");
        }
        return Reply.json(b.append("]}").toString());
    }

    Path schema(String... extraColumns) throws Exception {
        Path schema = dir.resolve("items.schema.yaml");
        StringBuilder b =
                new StringBuilder(
                        "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                                + "  id: {type: string, required: true}\n  updated_at: {type: timestamp, required: true}\n");
        for (String c : extraColumns) {
            b.append("  ").append(c).append('\n');
        }
        Files.writeString(schema, b.toString());
        return schema;
    }

    String route(String connector, Path schema, String... extra) {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "- templatedRoute:",
                                "    routeTemplateRef: http-to-jdbc",
                                "    parameters:",
                                "      - {name: connector, value: " + connector + "}",
                                "      - {name: schedule, value: \"quartz:"
                                        + connector
                                        + "?cron=0+0+*+*+*+?\"}",
                                "      - {name: url, value: \""
                                        + api.baseUrl()
                                        + "/v1/items?state=all&sort=updated\"}",
                                "      - {name: auth, value: bearer}",
                                "      - {name: authSecret, value: \"{{items.token}}\"}",
                                "      - {name: recordsPath, value: /items}",
                                "      - {name: cursorParam, value: since}",
                                "      - {name: schema, value: \"" + schema + "\"}",
                                "      - {name: table, value: "
                                        + connector.replace('-', '_')
                                        + "}"));
        for (String e : extra) {
            lines.add("      - " + e);
        }
        return String.join("\n", lines) + "\n";
    }

    record Result(int exit, String out) {
        List<String> lines(String prefix) {
            return out.lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
        }
    }

    Result check() {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "check",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--tributary.demo.enabled=false",
                                "--items.token=" + TOKEN));
        args.addAll(db.options());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                io.tributary.Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theUrlsOwnQueryGoesOnceAndTheCursorStartWithIt() throws Exception {
        api = new PagedApi(r -> strict(r, items()));
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                route("items", schema(), "{name: cursorStart, value: \"2026-01-01T00:00:00Z\"}"));

        Result r = check();

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertEquals(1, api.requests().size(), r.out());
        PagedApi.Request sent = api.requests().get(0);
        assertEquals(
                1,
                sent.rawQuery().split("state=", -1).length - 1,
                "state once: " + sent.rawQuery());
        assertEquals(
                1, sent.rawQuery().split("sort=", -1).length - 1, "sort once: " + sent.rawQuery());
        assertEquals(
                "2026-01-01T00:00:00Z",
                sent.param("since"),
                "the cursor a first sync would send: " + sent.rawQuery());
        assertEquals("Bearer " + TOKEN, sent.headers().get("authorization"));
        assertTrue(
                r.out().contains("first page: 3 record(s) at /items; every column found in them"),
                r.out());
        assertFalse(r.out().contains(TOKEN), r.out());
    }

    @Test
    void theStoredCursorIsSentInsteadOfCursorStart() throws Exception {
        api = new PagedApi(r -> strict(r, items()));
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                route("items", schema(), "{name: cursorStart, value: \"2026-01-01T00:00:00Z\"}"));
        io.tributary.state.JdbcCursorStore store =
                new io.tributary.state.JdbcCursorStore(dataSource());
        store.ensureTable();
        try (var c = db.connect();
                var ps =
                        c.prepareStatement(
                                "INSERT INTO tributary_cursors (connector, cursor_value, updated_at) VALUES ('items', '2026-02-15T08:30:00Z', CURRENT_TIMESTAMP)")) {
            ps.executeUpdate();
        }

        Result r = check();

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertEquals(
                "2026-02-15T08:30:00Z",
                api.requests().get(0).param("since"),
                api.requests().get(0).rawQuery());
    }

    javax.sql.DataSource dataSource() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(db.url);
        ds.setUser(db.user);
        ds.setPassword(db.password);
        return ds;
    }

    @Test
    void aMaintenancePageAndAPlainTextBodyAreProblemsNotPasses() throws Exception {
        Path schema = schema();
        api =
                new PagedApi(
                        r ->
                                r.path().equals("/v1/items")
                                        ? Reply.status(
                                                200,
                                                "<html><body>Down for maintenance</body></html>",
                                                Map.of("Content-Type", "text/html"))
                                        : Reply.status(
                                                200,
                                                "service is resting",
                                                Map.of("Content-Type", "text/plain")));
        Files.writeString(dir.resolve("html.camel.yaml"), route("html", schema));
        Files.writeString(
                dir.resolve("plain.camel.yaml"),
                route("plain", schema).replace("/v1/items?", "/v1/other?"));

        Result r = check();

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        List<String> problems = r.lines("  problem: ");
        assertEquals(2, problems.size(), r.out());
        assertTrue(
                problems.get(0).contains("html.camel.yaml: connector 'html': parameter 'url'")
                        && problems.get(0).contains("is not JSON (Content-Type text/html)")
                        && problems.get(0).contains("Down for maintenance"),
                problems.get(0));
        assertTrue(
                problems.get(1).contains("connector 'plain'")
                        && problems.get(1).contains("is not JSON (Content-Type text/plain)"),
                problems.get(1));
        assertFalse(r.out().contains("no problems"), r.out());
    }

    @Test
    void aRecordsPathThatFindsNoArrayIsAProblemNamingIt() throws Exception {
        api = new PagedApi(r -> Reply.json("{\"data\":[{\"id\":\"i1\"}]}"));
        Files.writeString(dir.resolve("items.camel.yaml"), route("items", schema()));

        Result r = check();

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        String problem = r.lines("  problem: ").get(0);
        assertTrue(
                problem.contains(
                                "connector 'items': parameter 'recordsPath' value '/items': the answer to GET "
                                        + api.baseUrl()
                                        + "/v1/items?state=all&sort=updated")
                        && problem.contains("has no array there; it starts with: {\"data\""),
                problem);
    }

    @Test
    void aRequiredColumnNoRecordFillsIsAProblemAnOptionalOneAWarning() throws Exception {
        api = new PagedApi(r -> strict(r, items("\"title\":\"t\"")));
        Path schema =
                schema(
                        "title: {type: string}",
                        "code: {type: string, path: /meta/code, required: true}",
                        "colour: {type: string}");
        Files.writeString(dir.resolve("items.camel.yaml"), route("items", schema));

        Result r = check();

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        List<String> problems = r.lines("  problem: ");
        assertEquals(1, problems.size(), r.out());
        assertTrue(
                problems.get(0)
                        .contains(
                                "connector 'items': parameter 'schema' value '"
                                        + schema
                                        + "': column 'code' path '/meta/code'"
                                        + " matched none of the 3 records of the first page; the column is required"),
                problems.get(0));
        List<String> warnings = r.lines("  warning: ");
        assertEquals(1, warnings.size(), r.out());
        assertTrue(
                warnings.get(0)
                                .contains(
                                        "column 'colour' path '/colour' matched none of the 3 records")
                        && warnings.get(0).contains("NULL"),
                warnings.get(0));
        assertTrue(r.out().contains("check: 1 problem(s), 1 warning(s)"), r.out());
    }

    @Test
    void aConnectorIdInTwoFilesIsAProblemNamingBoth() throws Exception {
        api = new PagedApi(r -> strict(r, items()));
        Path schema = schema();
        Files.writeString(dir.resolve("a.camel.yaml"), route("items", schema));
        Files.writeString(
                dir.resolve("b.camel.yaml"),
                route("items", schema).replace("table, value: items", "table, value: items_copy"));

        Result r = check();

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        String problem =
                r.lines("  problem: ").stream()
                        .filter(l -> l.contains("two route files"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(
                problem.contains(dir.resolve("a.camel.yaml").toString())
                        && problem.contains(dir.resolve("b.camel.yaml").toString()),
                problem);
        assertTrue(problem.contains("connector 'items'"), problem);
    }

    @Test
    void anInvalidCronIsAProblemNamingTheScheduleWithoutAStackTrace() throws Exception {
        api = new PagedApi(r -> strict(r, items()));
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                route("items", schema()).replace("cron=0+0+*+*+*+?", "cron=0+0+25+*+*+?"));

        Result r = check();

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        String problem = r.lines("  problem: ").get(0);
        assertTrue(
                problem.contains(
                        "items.camel.yaml: connector 'items': parameter 'schedule' value 'quartz:items?cron=0+0+25+*+*+?':"
                                + " invalid cron expression '0 0 25 * * ?'"),
                problem);
        assertFalse(r.out().contains("\tat "), r.out());
        assertEquals(0, api.requests().size(), "nothing is sent for a connector that cannot start");
    }
}
