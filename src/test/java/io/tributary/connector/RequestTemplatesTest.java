package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request templates through a whole connector ({@code templatedRoute: http-to-jdbc}; the Kamelet
 * form in {@link RequestTemplatesInKameletFormTest}): each place escapes the cursor's text as that
 * place needs, as the loopback server receives it, and the rules over placeholders stop a connector
 * at start-up naming connector, parameter and value.
 */
class RequestTemplatesTest {
    /** A string cursor with every character a place must escape: quotes, space, &, =, +, /, é. */
    static final String AWKWARD = "a \"b\" & c=d + é/ü";

    /** The same, ASCII only: what a header can carry. */
    static final String AWKWARD_ASCII = "a \"b\" & c=d + e/u";

    @TempDir Path dir;
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;
    Path schema;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
        api =
                PagedApi.answering(
                                r ->
                                        Reply.json(
                                                "{\"items\":[{\"id\":\"1\",\"tag\":\"z=1 & \\\"2\\\"\"}]}"))
                        .build();
        schema = dir.resolve("tagged.schema.yaml");
        Files.writeString(
                schema,
                "primaryKey: [id]\ncursorField: tag\ncolumns:\n"
                        + "  id: {type: string, required: true}\n"
                        + "  tag: {type: string, required: true}\n");
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    ConnectorSpec tagged(String name, String url) {
        return ConnectorSpec.named(name)
                .url(url)
                .recordsPath("/items")
                .schema(schema.toString())
                .table(name.replace('-', '_'))
                .pagination("none");
    }

    @Test
    void theCursorIsEncodedAsAPathSegmentAQueryValueAndInsideAJsonString() throws Exception {
        tributary.add(
                tagged(
                                "json-places",
                                api.baseUrl()
                                        + "/tags/{cursor}/items?q=tag >= \"{cursor}\" AND n=1&lit=%2B1&sort=tag")
                        .with("cursorStart", AWKWARD)
                        .with("requestBody", "{\"since\": \"{cursor}\", \"n\": 1}"));

        SyncOutcome first = tributary.sync("json-places");
        SyncOutcome second = tributary.sync("json-places");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        PagedApi.Request sent = api.requests().get(0);
        assertEquals("POST", sent.method());
        assertEquals(
                "/tags/a%20%22b%22%20%26%20c%3Dd%20%2B%20%C3%A9%2F%C3%BC/items",
                sent.path(), "one path segment: the / inside the value encoded too");
        assertEquals(
                "q=tag%20%3E%3D%20%22a%20%22b%22%20%26%20c%3Dd%20%2B%20%C3%A9%2F%C3%BC%22%20AND%20n%3D1"
                        + "&lit=%2B1&sort=tag",
                sent.rawQuery());
        assertEquals(
                Map.of("q", "tag >= \"" + AWKWARD + "\" AND n=1", "lit", "+1", "sort", "tag"),
                sent.query());
        assertEquals(
                "{\"since\": \"a \\\"b\\\" & c=d + é/ü\", \"n\": 1}",
                sent.body(),
                "JSON-escaped inside its string");
        assertTrue(
                sent.headers().get("content-type").startsWith("application/json"),
                sent.headers().toString());
        // the second sync sends the first one's cursor, the record's own text
        PagedApi.Request next = api.requests().get(1);
        assertEquals("tag >= \"z=1 & \"2\"\" AND n=1", next.param("q"));
        assertEquals("/tags/z%3D1%20%26%20%222%22/items", next.path());
        assertEquals(List.of("1"), db.column("SELECT id FROM json_places"));
    }

    @Test
    void headersCarryTheCursorAsItIsAndAFormBodyFormEncodesIt() throws Exception {
        tributary.add(
                tagged("form-places", api.baseUrl() + "/search")
                        .with("cursorStart", AWKWARD_ASCII)
                        .with("requestHeaders", "X-Since={cursor}&X-Api-Version=2024-01")
                        .with("requestBodyType", "form")
                        .with("requestBody", "filter=tag >= {cursor}&limit=10"));

        SyncOutcome outcome = tributary.sync("form-places");

        assertTrue(outcome.success(), outcome.summary());
        PagedApi.Request sent = api.requests().get(0);
        assertEquals("POST", sent.method());
        assertEquals("/search", sent.path());
        assertEquals(AWKWARD_ASCII, sent.headers().get("x-since"));
        assertEquals("2024-01", sent.headers().get("x-api-version"));
        assertEquals(
                "filter=tag+%3E%3D+a+%22b%22+%26+c%3Dd+%2B+e%2Fu&limit=10",
                sent.body(), "form-encoded: a space is +, a + is %2B");
        assertTrue(
                sent.headers().get("content-type").startsWith("application/x-www-form-urlencoded"),
                sent.headers().toString());
    }

    @Test
    void camelsOwnPlaceholdersAreResolvedBeforeAndNeverReadAsATemplate() throws Exception {
        tributary.add(
                tagged(
                                "camel-places",
                                api.baseUrl()
                                        + "/items?since={cursor}&wait={{tributary.http.max-retry-after}}")
                        .with("cursorStart", "t1"));

        SyncOutcome outcome = tributary.sync("camel-places");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(Map.of("since", "t1", "wait", "5"), api.requests().get(0).query());
    }

    @Test
    void theCursorSentTwoWaysIsRefused() {
        String messages =
                startupError(
                        tagged("two-ways", api.baseUrl() + "/items?since={cursor}")
                                .cursorParam("since")
                                .with("cursorStart", "t1"));

        assertTrue(
                messages.contains(
                        "connector 'two-ways': parameter 'url' value '"
                                + api.baseUrl()
                                + "/items?since={cursor}': sends the cursor already: drop"
                                + " cursorParam (or the placeholder)"),
                messages);
    }

    @Test
    void theCursorWithoutACursorFieldIsRefused() throws Exception {
        Path noCursor = dir.resolve("plain.schema.yaml");
        Files.writeString(
                noCursor, "primaryKey: [id]\ncolumns:\n  id: {type: string, required: true}\n");

        String messages =
                startupError(
                        tagged("no-field", api.baseUrl() + "/items")
                                .schema(noCursor.toString())
                                .with("requestHeaders", "X-Since={cursor}")
                                .with("cursorStart", "t1"));

        assertTrue(
                messages.contains(
                        "connector 'no-field': parameter 'requestHeaders' value 'X-Since={cursor}':"
                                + " needs a cursorField in "),
                messages);
    }

    @Test
    void theCursorWithoutACursorStartIsRefused() {
        String messages = startupError(tagged("no-start", api.baseUrl() + "/items?since={cursor}"));

        assertTrue(
                messages.contains(
                        "connector 'no-start': parameter 'url' value '"
                                + api.baseUrl()
                                + "/items?since={cursor}': needs cursorStart"),
                messages);
    }

    @Test
    void anUnknownPlaceholderIsRefusedNamingTheOneMeant() {
        String messages =
                startupError(
                        tagged("typo", api.baseUrl() + "/items")
                                .with("cursorStart", "t1")
                                .with("requestBody", "{\"since\": \"{curser}\"}"));

        assertTrue(
                messages.contains(
                        "connector 'typo': parameter 'requestBody' value '{\"since\": \"{curser}\"}':"
                                + " has an unknown placeholder {curser} (did you mean {cursor}?)"),
                messages);
    }

    @Test
    void dateWindowsGoInTheTemplateInsteadOfWindowParameters() throws Exception {
        Path timed = dir.resolve("timed.schema.yaml");
        Files.writeString(
                timed,
                "primaryKey: [id]\ncursorField: at\ncolumns:\n"
                        + "  id: {type: string, required: true}\n"
                        + "  at: {type: timestamp, required: true}\n");
        java.time.Instant day =
                java.time.Instant.now()
                        .minus(java.time.Duration.ofDays(2))
                        .truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        api.handler(r -> Reply.json("{\"items\":[]}"));
        tributary.add(
                tagged(
                                "windowed",
                                api.baseUrl()
                                        + "/events?filter=at >= '{windowStart:yyyy-MM-dd}' AND at < '{windowEnd:yyyy-MM-dd}'")
                        .schema(timed.toString())
                        .with("window", "P1D")
                        .with("cursorStart", day.toString()));

        SyncOutcome outcome = tributary.sync("windowed");

        assertTrue(outcome.success(), outcome.summary());
        java.time.LocalDate d = java.time.LocalDate.ofInstant(day, java.time.ZoneOffset.UTC);
        assertEquals(
                List.of(
                        "at >= '" + d + "' AND at < '" + d.plusDays(1) + "'",
                        "at >= '" + d.plusDays(1) + "' AND at < '" + d.plusDays(2) + "'",
                        "at >= '" + d.plusDays(2) + "' AND at < '" + d.plusDays(2) + "'"),
                api.requests().stream().map(r -> r.param("filter")).toList(),
                "one window a day up to now, no windowStartParam or windowEndParam sent");
        assertEquals(
                Map.of("filter", api.requests().get(0).param("filter")),
                api.requests().get(0).query());
    }

    @Test
    void aWindowPlaceholderWithoutAWindowIsRefused() {
        String messages =
                startupError(tagged("no-window", api.baseUrl() + "/items?from={windowStart}"));

        assertTrue(
                messages.contains(
                        "connector 'no-window': parameter 'url' value '"
                                + api.baseUrl()
                                + "/items?from={windowStart}': needs window"),
                messages);
    }

    String startupError(ConnectorSpec spec) {
        Exception e = assertThrows(Exception.class, () -> tributary.add(spec));
        return HttpToJdbcTemplateTest.messages(e);
    }
}
