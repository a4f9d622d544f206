package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.Tributary;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary schema infer}: a connector scaffolded by {@code new} reads its first pages from
 * a loopback API as preview does, and the proposed schema file names each column, type, the key and
 * the cursor with their evidence, loads with {@link TargetSchema#load}, and is written only when
 * asked and never over a file without {@code --force}.
 */
class SchemaInferTest {
    final Database db = Database.h2();
    @TempDir Path dir;
    PagedApi api;

    /** Deals as a CRM sends them: nested customer, tags, money, a date and two kinds of time. */
    static List<JsonNode> deals(int n) {
        Instant start = Instant.parse("2026-11-01T10:00:00Z");
        return IntStream.rangeClosed(1, n)
                .mapToObj(
                        i ->
                                PagedApi.tree(
                                        "{\"id\": "
                                                + i
                                                + ", \"dealName\": \"Deal "
                                                + i
                                                + "\", \"amount\": "
                                                + (i * 10 + 0.5)
                                                + ", \"won\": "
                                                + (i % 2 == 0)
                                                + ", \"customer\": {\"id\": \"c-"
                                                + (i % 7)
                                                + "\", \"address\": {\"city\": \"Berlin\"}}"
                                                + ", \"tags\": [\"a\", \"b\"]"
                                                + ", \"closes_on\": \"2026-12-01\""
                                                + ", \"opened_at\": \"2026-11-01T09:00:00\""
                                                + ", \"updated_at\": \""
                                                + start.plusSeconds(60L * i)
                                                + "\", \"note\": "
                                                + (i % 3 == 0 ? "null" : "\"call back\"")
                                                + "}"))
                .toList();
    }

    @BeforeEach
    void start() {
        api = PagedApi.serving(deals(200)).build();
        int made =
                new NewCommand(new PrintStream(new ByteArrayOutputStream()), System.err, null)
                        .run(
                                Options.parse(
                                        "new",
                                        "deals",
                                        "--url",
                                        api.baseUrl() + "/v1/deals",
                                        "--auth",
                                        "none",
                                        "--pagination",
                                        "page-number",
                                        "--records-path",
                                        "/items",
                                        "--cursor-field",
                                        "updated_at",
                                        "--dir",
                                        dir.toString()));
        assertEquals(ExitCodes.OK, made);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    record Result(int exit, String out) {}

    Result infer(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(
                List.of(
                        "--dir",
                        dir.toString(),
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false"));
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new Tributary().start(options, Map.of(), new SchemaInferCommand(out, options));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    static String line(String out, String column) {
        return out.lines()
                .filter(l -> l.startsWith("  " + column + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no column " + column + " in:\n" + out));
    }

    @Test
    void theProposalNamesEachColumnWithItsTypePathAndWhetherItIsRequired() {
        Result r = infer("schema", "infer", "deals", "--pages", "2");

        assertEquals(ExitCodes.OK, r.exit(), r.out());
        String out = r.out();
        assertTrue(out.contains("from 200 record(s) on 2 page(s)"), out);
        assertTrue(line(out, "id").contains("{type: integer, required: true}"), out);
        assertTrue(
                line(out, "deal_name")
                        .contains("{type: string, path: \"/dealName\", required: true}"),
                out);
        assertTrue(line(out, "amount").contains("{type: decimal, required: true}"), out);
        assertTrue(line(out, "won").contains("{type: boolean, required: true}"), out);
        assertTrue(
                line(out, "customer_address_city")
                        .contains(
                                "{type: string, path: \"/customer/address/city\", required: true}"),
                out);
        assertTrue(line(out, "tags").contains("{type: json, required: true}   # an array"), out);
        assertTrue(line(out, "closes_on").contains("{type: date, required: true}"), out);
        assertTrue(line(out, "note").contains("{type: string}"), "null in a third: " + out);
        assertFalse(out.contains("call back"), "names fields, never their values");
    }

    @Test
    void aDateTimeWithoutAnOffsetIsSaidSoAndGetsAZoneToCheck() {
        Result r = infer("schema", "infer", "deals");

        String opened = line(r.out(), "opened_at");
        assertTrue(opened.contains("{type: timestamp, required: true, zone: UTC}"), opened);
        assertTrue(
                opened.contains("without an offset") && opened.contains("UTC is a guess"), opened);
        assertFalse(line(r.out(), "updated_at").contains("zone"), r.out());
    }

    @Test
    void theKeyAndTheCursorAreGuessedWithTheirEvidence() {
        Result r = infer("schema", "infer", "deals", "--pages", "2");

        assertTrue(
                r.out().contains("# primaryKey: id — present and unique in 200 of 200 records"),
                r.out());
        assertTrue(
                r.out().contains("# cursorField: updated_at — rises in 200 of 200 records"),
                r.out());
        assertTrue(r.out().contains("\nprimaryKey: [id]\ncursorField: updated_at\n"), r.out());
    }

    @Test
    void theProposalLoadsAsASchemaFile() throws Exception {
        Result r = infer("schema", "infer", "deals", "--pages", "2");
        Path file = dir.resolve("proposed.schema.yaml");
        Files.writeString(file, r.out());

        TargetSchema schema = TargetSchema.load(file);

        assertEquals(List.of("id"), schema.primaryKey());
        assertEquals("updated_at", schema.cursorField());
        Column city =
                schema.columns().stream()
                        .filter(c -> c.name().equals("customer_address_city"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("/customer/address/city", city.path());
        assertEquals(ColumnType.DECIMAL, column(schema, "amount").type());
        assertEquals(ColumnType.JSON, column(schema, "tags").type());
        assertEquals(List.of(), NewCommandTest.schemaFileErrors(file));
    }

    static Column column(TargetSchema schema, String name) {
        return schema.columns().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void inferFetchesThroughTheConnectorAndWritesNothing() {
        Result r = infer("schema", "infer", "deals", "--pages", "2");

        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertEquals(2, api.requests().size(), "the pages asked for, as preview asks");
        assertEquals("100", api.requests().get(0).param("page_size"));
        assertFalse(db.tableExists("deals"));
        assertFalse(db.tableExists("tributary_dead_letters"));
        assertNull(db.cursor("deals"));
    }

    @Test
    void writeRefusesAnExistingSchemaFileBeforeAnyRequestUnlessForced() throws Exception {
        String scaffolded = Files.readString(dir.resolve("deals.schema.yaml"));

        Result refused = infer("schema", "infer", "deals", "--write");

        assertEquals(ExitCodes.BAD_USAGE, refused.exit());
        assertEquals(scaffolded, Files.readString(dir.resolve("deals.schema.yaml")));
        assertEquals(0, api.requests().size(), "a refusal costs no request");

        Result forced = infer("schema", "infer", "deals", "--write", "--force");

        assertEquals(ExitCodes.OK, forced.exit(), forced.out());
        assertTrue(forced.out().contains("wrote " + dir.resolve("deals.schema.yaml")));
        assertEquals(
                "customer_address_city",
                column(TargetSchema.load(dir.resolve("deals.schema.yaml")), "customer_address_city")
                        .name());
    }

    @Test
    void forceWithoutWriteAndSchemaWithoutInferAreRefusedSayingWhatToGive() {
        IllegalArgumentException force =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> Options.parse("schema", "infer", "deals", "--force"));
        assertTrue(force.getMessage().startsWith("--force goes with --write"), force.getMessage());
        IllegalArgumentException bare =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> Options.parse("schema"));
        assertTrue(
                bare.getMessage().startsWith("schema takes 'infer CONNECTOR'"), bare.getMessage());
    }

    @Test
    void aNewestFirstSourceGetsItsCursorWithOrderDescending() {
        List<JsonNode> newestFirst = new ArrayList<>(deals(50));
        java.util.Collections.reverse(newestFirst);

        String yaml = SchemaProposal.of(newestFirst).yaml("deals", 1, "x.json");

        assertTrue(yaml.contains("# cursorField: updated_at — falls in 50 of 50 records"), yaml);
        assertTrue(yaml.contains("set order: descending"), yaml);
    }

    @Test
    void aTimeThatJumpsAroundIsNotProposedAsTheCursor() {
        List<JsonNode> shuffled = new ArrayList<>(deals(50));
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));

        String yaml = SchemaProposal.of(shuffled).yaml("deals", 1, "x.json");

        assertTrue(yaml.contains("# not the cursor: updated_at rises in only"), yaml);
        assertFalse(yaml.contains("\ncursorField:"), yaml);
    }

    @Test
    void withoutAUniqueFieldTheKeyIsAPlaceholderSaidToBeOne() {
        List<JsonNode> rows =
                List.of(
                        PagedApi.tree("{\"customer_id\": \"c-1\", \"city\": \"Berlin\"}"),
                        PagedApi.tree("{\"customer_id\": \"c-1\", \"city\": \"Berlin\"}"));

        String yaml = SchemaProposal.of(rows).yaml("visits", 1, "x.json");

        assertTrue(yaml.contains("# primaryKey: customer_id is a placeholder"), yaml);
    }

    @Test
    void aStarIdFieldUniqueInTheSampleIsTheKeyWhenThereIsNoId() {
        List<JsonNode> rows =
                List.of(
                        PagedApi.tree("{\"name\": \"a\", \"order_id\": 1}"),
                        PagedApi.tree("{\"name\": \"b\", \"order_id\": 2}"));

        String yaml = SchemaProposal.of(rows).yaml("orders", 1, "x.json");

        assertTrue(yaml.contains("\nprimaryKey: [order_id]\n"), yaml);
    }
}
