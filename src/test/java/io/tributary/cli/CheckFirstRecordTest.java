package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} reads the first page's first record against the schema and says which cursor the
 * next request sends, against a loopback API in the shape of a Pipedrive-like deals list (records
 * at {@code /items}, times without a zone, fields the schema does not map). The record's values
 * never reach the output: only field names and the shape of a refused value.
 */
class CheckFirstRecordTest {
    static final String OWNER = "Jane Private-Owner";

    /** CheckFirstPageTest's route files and check run, on this test's API and folder. */
    final CheckFirstPageTest check = new CheckFirstPageTest();

    @TempDir Path dir;

    @AfterEach
    void stop() {
        check.api.close();
    }

    void serve(java.util.function.Function<PagedApi.Request, Reply> answers) {
        check.api = new PagedApi(answers::apply);
        check.dir = dir;
    }

    Path schema(String... extraColumns) throws Exception {
        return check.schema(extraColumns);
    }

    String route(String connector, Path schema, String... extra) {
        return check.route(connector, schema, extra);
    }

    CheckFirstPageTest.Result check() {
        return check.check();
    }

    static Reply deals() {
        return Reply.json(
                "{\"items\":[{\"id\":\"d1\",\"updated_at\":\"2024-01-01 10:00\",\"owner\":\""
                        + OWNER
                        + "\",\"value\":\"12k\"}]}");
    }

    @Test
    void aZonelessTimeAWrongTypeAndAnUnmappedFieldAreNamedWithoutTheirValues() throws Exception {
        serve(r -> deals());
        java.nio.file.Files.writeString(
                dir.resolve("deals.camel.yaml"), route("deals", schema("value: {type: decimal}")));

        CheckFirstPageTest.Result r = check();

        assertEquals(0, r.exit(), "a field report is a warning: " + r.out());
        assertTrue(r.out().contains("first page: 1 record(s) at"), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "first record: 4 field(s); 3 mapped, not mapped by any column: [owner]"),
                r.out());
        List<String> times =
                r.lines("  warning: ").stream().filter(l -> l.contains("'updated_at'")).toList();
        assertEquals(1, times.size(), r.out());
        assertTrue(times.get(0).contains("text like '9999-99-99 99:99'"), times.get(0));
        assertTrue(times.get(0).contains("has no offset"), times.get(0));
        assertTrue(times.get(0).contains("the schema says timestamp"), times.get(0));
        assertTrue(
                r.lines("  warning: ").stream()
                        .anyMatch(
                                l ->
                                        l.contains("'value'")
                                                && l.contains("the schema says decimal")),
                r.out());
        assertFalse(r.out().contains("2024-01-01 10:00"), "no value of the record: " + r.out());
        assertFalse(r.out().contains(OWNER), r.out());
        assertFalse(r.out().contains("12k"), r.out());
    }

    @Test
    void theCursorTheNextRequestSendsIsNamedWithWhereItComesFrom() throws Exception {
        serve(r -> CheckFirstPageTest.strict(r, CheckFirstPageTest.items()));
        java.nio.file.Files.writeString(
                dir.resolve("items.camel.yaml"),
                route("items", schema(), "{name: cursorStart, value: \"2026-01-01T00:00:00Z\"}"));

        CheckFirstPageTest.Result r = check();

        assertEquals(0, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "cursor: the next request sends since=2026-01-01T00:00:00Z (from cursorStart)"),
                r.out());
    }

    @Test
    void withoutAStoredCursorOrCursorStartTheFirstSyncReadsFromTheStart() throws Exception {
        serve(r -> CheckFirstPageTest.strict(r, CheckFirstPageTest.items()));
        java.nio.file.Files.writeString(dir.resolve("items.camel.yaml"), route("items", schema()));

        CheckFirstPageTest.Result r = check();

        assertEquals(0, r.exit(), r.out());
        assertTrue(
                r.out().contains("cursor: none yet: the first sync reads from the start"), r.out());
        assertTrue(
                r.out().contains("first record: 2 field(s); each one mapped by a column"), r.out());
    }
}
