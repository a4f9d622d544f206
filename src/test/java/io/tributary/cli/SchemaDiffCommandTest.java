package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.Tributary;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary schema diff CONNECTOR}: what a changed schema file will do to the table before
 * it runs, changing nothing. On H2 (and, in a subclass, PostgreSQL).
 */
class SchemaDiffCommandTest {
    static final String V1 =
            "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                    + "  id:         {type: string, required: true}\n"
                    + "  name:       {type: string}\n"
                    + "  qty:        {type: integer}\n"
                    + "  updated_at: {type: timestamp, required: true}\n";
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    final PagedApi api = PagedApi.serving(records).pageSize(2).totalPages().build();
    Database db;
    @TempDir Path dir;
    Path schema;

    record Diff(int exit, String out) {
        JsonNode json() throws Exception {
            return PagedApi.JSON.readTree(out);
        }
    }

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        schema = Files.writeString(dir.resolve("items.schema.yaml"), V1);
        records.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", "a")
                        .put("name", "Ada")
                        .put("qty", 5)
                        .put("updated_at", "2026-01-01T00:00:00Z"));
        Files.writeString(
                dir.resolve("items.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: items}",
                        "      - {name: schedule, value: \"timer:items?repeatCount=1\"}",
                        "      - {name: url, value: \"" + api.baseUrl() + "/v1/items\"}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: pagination, value: page-number}",
                        "      - {name: pageSize, value: \"2\"}",
                        "      - {name: totalPagesPath, value: /total_pages}",
                        // the source's secret is not needed to compare a schema with a table
                        "      - {name: auth, value: api-key-header}",
                        "      - {name: authName, value: X-API-Key}",
                        "      - {name: authSecret, value: \"{{env:TRIBUTARY_TEST_UNSET_KEY}}\"}",
                        "      - {name: schema, value: \"" + schema + "\"}",
                        "      - {name: table, value: items}",
                        ""));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One sync with schema v1 (through the harness), then the file is rewritten. */
    void loadThenChangeTheSchemaTo(String v2) throws Exception {
        try (ConnectorHarness tributary = new ConnectorHarness(db).start()) {
            tributary.add(
                    ConnectorSpec.named("items")
                            .url(api.baseUrl() + "/v1/items")
                            .table("items")
                            .schema(schema.toString())
                            .recordsPath("/items")
                            .pagination("page-number")
                            .pageSize(2)
                            .totalPagesPath("/total_pages"));
            io.tributary.metrics.SyncOutcome outcome = tributary.sync("items");
            assertTrue(outcome.success(), outcome.summary());
        }
        Files.writeString(schema, v2);
    }

    Diff diff(String... extra) {
        List<String> args = new ArrayList<>(List.of("schema", "diff"));
        args.addAll(List.of(extra));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new SchemaDiffCommand(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        options));
        return new Diff(exit, out.toString(StandardCharsets.UTF_8));
    }

    List<Object> columns() {
        return db.column(
                "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                        + " WHERE table_name = 'items' ORDER BY column_name");
    }

    String line(Diff d, String start) {
        return d.out()
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + start + " in\n" + d.out()));
    }

    @Test
    void aTableNotMadeYetIsShownWithTheColumnsItWillBeCreatedWith() throws Exception {
        Diff d = diff("items");
        assertEquals(Tributary.OK, d.exit(), d.out());
        assertTrue(d.out().contains("table items does not exist yet"), d.out());
        assertTrue(line(d, "id ").endsWith("NOT NULL primary key"), d.out());
        assertTrue(line(d, "qty ").contains("BIGINT"), d.out());
        assertFalse(db.tableExists("items"), "diff creates no table");

        JsonNode json = diff("items", "--json").json();
        assertFalse(json.get("tableExists").asBoolean());
        assertEquals(4, json.get("create").size());
    }

    @Test
    void addedColumnsAndWidenedTypesAreShownAndNothingChanges() throws Exception {
        loadThenChangeTheSchemaTo(
                V1.replace("qty:        {type: integer}", "qty:        {type: decimal}")
                        + "  extra:      {type: string}\n");
        List<Object> before = columns();

        Diff d = diff("items");
        assertEquals(Tributary.OK, d.exit(), d.out());
        assertTrue(line(d, "widen_type").matches("widen_type +qty +bigint -> \\S+.*"), d.out());
        assertTrue(line(d, "add_column").matches("add_column +extra +\\S+.*"), d.out());
        assertTrue(d.out().contains("the schema file can apply: 2 change(s)"), d.out());

        JsonNode json = diff("items", "--json").json();
        assertTrue(json.get("applies").asBoolean());
        assertEquals("widen_type", json.at("/changes/0/kind").asText());
        assertEquals("extra", json.at("/changes/1/column").asText());

        assertEquals(before, columns(), "the table is as it was");
        assertFalse(db.tableExists("tributary_schema_changes"), "no change recorded");
    }

    @Test
    void aRefusedChangeExitsWith2NamingFileColumnAndBothTypes() throws Exception {
        loadThenChangeTheSchemaTo(
                V1.replace("name:       {type: string}", "name:       {type: integer}")
                        + "  extra:      {type: string}\n");
        List<Object> before = columns();

        Diff d = diff("items");
        assertEquals(Tributary.BAD_USAGE, d.exit(), d.out());
        assertTrue(
                line(d, "refused").matches("refused +name +character varying -> integer.*"),
                d.out());
        assertTrue(
                d.out()
                        .contains(
                                "the schema file would be refused: table 'items' cannot take the schema in "
                                        + schema),
                d.out());
        assertTrue(
                d.out()
                        .contains(
                                "column 'name' is character varying in the table and integer (BIGINT) in the schema"),
                d.out());

        Diff json = diff("items", "--json");
        assertEquals(Tributary.BAD_USAGE, json.exit());
        assertFalse(json.json().get("applies").asBoolean());
        assertEquals("name", json.json().at("/refusals/0/column").asText());
        assertEquals(before, columns(), "nothing changed, not even the column that could be added");
        assertFalse(db.tableExists("tributary_schema_changes"));
    }

    @Test
    void replaceModeSaysTheTableIsRebuiltAndRefusesNothing() throws Exception {
        loadThenChangeTheSchemaTo(
                V1.replace("name:       {type: string}", "name:       {type: integer}"));
        Path route = dir.resolve("items.camel.yaml");
        Files.writeString(
                route,
                Files.readString(route)
                        .replace(
                                "      - {name: table, value: items}",
                                "      - {name: table, value: items}\n      - {name: writeMode, value: replace}"));
        Diff d = diff("items");
        assertEquals(Tributary.OK, d.exit(), d.out());
        assertTrue(
                d.out().contains("writeMode replace rebuilds the table from the schema"), d.out());
        assertTrue(line(d, "name ").contains("BIGINT"), d.out());
    }

    @Test
    void anUnknownConnectorExitsWith2() throws Exception {
        assertEquals(Tributary.BAD_USAGE, diff("itemz").exit());
    }

    @Test
    void theCommandLineRunsItAndExits0WhenTheFileCanApply() throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "schema",
                                "diff",
                                "items",
                                "--json",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + dir
                                        + "/*.camel.yaml"));
        args.addAll(db.options());
        assertEquals(Tributary.OK, new Tributary().run(args.toArray(String[]::new)));
        assertFalse(db.tableExists("items"));
    }

    static final String WITH_PARTS =
            V1 + "children:\n  parts:\n    path: parts\n    columns:\n      sku: {type: string}\n";

    @Test
    void aNewTablesChildTablesAreShownWithTheColumnsTheyWillBeCreatedWith() throws Exception {
        Files.writeString(schema, WITH_PARTS);

        Diff d = diff("items");
        assertEquals(Tributary.OK, d.exit(), d.out());
        assertTrue(d.out().contains("child table items__parts:"), d.out());
        assertTrue(line(d, "_parent_id ").endsWith("NOT NULL primary key"), d.out());
        assertTrue(line(d, "sku ").contains("VARCHAR"), d.out());
        assertEquals(
                "items__parts", diff("items", "--json").json().at("/childTables/0/table").asText());
    }

    @Test
    void aChildTablesNewColumnAndRefusedTypeAreShown() throws Exception {
        Files.writeString(schema, WITH_PARTS);
        loadThenChangeTheSchemaTo(WITH_PARTS + "      weight: {type: decimal}\n");

        Diff d = diff("items");
        assertEquals(Tributary.OK, d.exit(), d.out());
        assertTrue(d.out().contains("child table items__parts:"), d.out());
        assertTrue(line(d, "add_column").matches("add_column +weight +\\S+.*"), d.out());
        JsonNode json = diff("items", "--json").json();
        assertEquals("weight", json.at("/childTables/0/changes/0/column").asText());
        assertFalse(db.tableExists("tributary_schema_changes"), "no change recorded");

        Files.writeString(
                schema, WITH_PARTS.replace("sku: {type: string}", "sku: {type: integer}"));
        Diff refused = diff("items");
        assertEquals(Tributary.BAD_USAGE, refused.exit(), refused.out());
        assertTrue(line(refused, "refused").matches("refused +sku +.*"), refused.out());
    }
}
