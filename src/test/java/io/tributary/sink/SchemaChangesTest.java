package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.CheckCommand;
import io.tributary.cli.Options;
import io.tributary.config.ConnectorConfigException;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema file changed under a table that already holds rows: at start-up the table takes what it
 * can (new nullable columns, wider types), recorded in {@code tributary_schema_changes}; what it
 * cannot take stops start-up (and {@code check}) naming the file, column, both types and the way
 * out. On H2 (and, in a subclass, PostgreSQL).
 */
class SchemaChangesTest {
    static final String V1 =
            "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                    + "  id:         {type: string, required: true}\n"
                    + "  name:       {type: string}\n"
                    + "  qty:        {type: integer}\n"
                    + "  updated_at: {type: timestamp, required: true}\n";
    Database db;
    ConnectorHarness tributary;
    final SinkTestApi api = new SinkTestApi();
    @TempDir Path dir;
    Path schema;

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        schema = dir.resolve("items.schema.yaml");
        Files.writeString(schema, V1);
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    /** One sync with schema v1, then the schema file is rewritten and Tributary restarts. */
    void loadWithV1ThenChangeTheSchemaTo(String v2) throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z").put("qty", 5).put("extra", "x1");
        api.add("b", "Bob", "2026-01-02T00:00:00Z").put("qty", 7);
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        tributary.close();
        Files.writeString(schema, v2);
        tributary = new ConnectorHarness(db).start();
    }

    List<String> changes() {
        List<String> rows = new ArrayList<>();
        for (Object column :
                db.column(
                        "SELECT column_name || ' ' || kind FROM "
                                + SchemaChangeTable.TABLE
                                + " ORDER BY id")) {
            rows.add((String) column);
        }
        return rows;
    }

    @Test
    void aColumnAddedToTheSchemaFileIsAddedToTheTableAtStartUpAndRecorded() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1
                        + "  extra:      {type: string}\n  score:      {type: integer, required: true}\n");
        api.records.get(1).put("extra", "x2").put("score", 3);
        api.add("c", "Cy", "2026-01-03T00:00:00Z").put("qty", 1).put("extra", "x3").put("score", 4);
        try (LogCapture logs = LogCapture.open()) {
            api.connect(tributary, schema.toString());
            assertEquals(
                    2, logs.linesContaining("schema change kind=add_column").size(), logs.all());
            assertTrue(
                    logs.linesContaining("column=score").get(0).contains("added as nullable"),
                    logs.all());
            assertFalse(logs.all().contains("Ada"), "no record value is logged");
        }
        assertTrue(tributary.sync("items").success());

        assertEquals(List.of("extra add_column", "score add_column"), changes());
        assertEquals(
                "items",
                db.single(
                        "SELECT table_name FROM "
                                + SchemaChangeTable.TABLE
                                + " WHERE column_name = 'extra'"));
        assertEquals(
                "items",
                db.single(
                        "SELECT connector FROM "
                                + SchemaChangeTable.TABLE
                                + " WHERE column_name = 'extra'"));
        assertEquals("x3", db.single("SELECT extra FROM items WHERE id = 'c'"));
        assertEquals(
                4L, ((Number) db.single("SELECT score FROM items WHERE id = 'c'")).longValue());
        assertEquals(3, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aSecondStartWithTheSameSchemaChangesNothing() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(V1 + "  extra:      {type: string}\n");
        api.connect(tributary, schema.toString());
        tributary.close();
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        assertEquals(List.of("extra add_column"), changes());
    }

    @Test
    void anIntegerColumnWidensToDecimalKeepingItsValues() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1.replace("qty:        {type: integer}", "qty:        {type: decimal}"));
        api.add("c", "Cy", "2026-01-03T00:00:00Z").put("qty", new BigDecimal("2.25"));
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());

        assertEquals(List.of("qty widen_type"), changes());
        assertEquals(
                0,
                new BigDecimal("5")
                        .compareTo((BigDecimal) db.single("SELECT qty FROM items WHERE id = 'a'")));
        assertEquals(
                0,
                new BigDecimal("2.25")
                        .compareTo((BigDecimal) db.single("SELECT qty FROM items WHERE id = 'c'")));
        assertEquals(
                "bigint",
                ((String) db.single("SELECT old_type FROM " + SchemaChangeTable.TABLE))
                        .toLowerCase(java.util.Locale.ROOT));
    }

    List<String> changesOfTheNarrowTable() {
        return List.of(
                "id widen_type",
                "name widen_type",
                "name drop_not_null",
                "qty widen_type",
                "legacy drop_not_null");
    }

    @Test
    void aTableMadeWithNarrowerTypesIsWidenedAndLosesItsNotNullWhereTheSchemaIsOptional()
            throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE items (id VARCHAR(10) NOT NULL PRIMARY KEY, name VARCHAR(3) NOT NULL, qty INTEGER,"
                            + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL, legacy VARCHAR(20) NOT NULL)");
            s.execute(
                    "INSERT INTO items VALUES ('old', 'Old', 2147483647, TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00', 'kept')");
        }
        api.add("a", "Adalbert the Long", "2026-01-01T00:00:00Z").put("qty", 9_000_000_000L);
        api.add("b", null, "2026-01-02T00:00:00Z");
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());

        assertEquals(changesOfTheNarrowTable(), changes());
        assertEquals("Adalbert the Long", db.single("SELECT name FROM items WHERE id = 'a'"));
        assertEquals(
                9_000_000_000L,
                ((Number) db.single("SELECT qty FROM items WHERE id = 'a'")).longValue());
        assertNull(db.single("SELECT name FROM items WHERE id = 'b'"));
        assertEquals(
                "kept",
                db.single("SELECT legacy FROM items WHERE id = 'old'"),
                "a column the schema does not name is left alone");
        assertEquals(
                2147483647L,
                ((Number) db.single("SELECT qty FROM items WHERE id = 'old'")).longValue());
    }

    @Test
    void aColumnDroppedFromTheSchemaFileStaysInTheTableUntouched() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(V1.replace("  qty:        {type: integer}\n", ""));
        api.records.get(0).put("qty", 99);
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        assertEquals(5L, ((Number) db.single("SELECT qty FROM items WHERE id = 'a'")).longValue());
        assertFalse(db.tableExists(SchemaChangeTable.TABLE), "nothing changed, nothing recorded");
    }

    @Test
    void anIncompatibleTypeChangeStopsStartUpNamingFileColumnTypesAndTheWayOut() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1.replace("name:       {type: string}", "name:       {type: integer}")
                        .replace(
                                "  id:         {type: string, required: true}\n",
                                "  id:         {type: string, required: true}\n  extra: {type: string}\n"));
        ConnectorConfigException e = configProblem(() -> api.connect(tributary, schema.toString()));

        String m = e.getMessage();
        assertTrue(m.startsWith("connector 'items': parameter 'schema' value '" + schema + "'"), m);
        assertTrue(
                m.contains(
                        "column 'name' is character varying in the table and integer (BIGINT) in the schema"),
                m);
        assertTrue(m.contains("writeMode: replace") && m.contains("tributary state reset"), m);
        assertFalse(columns().contains("extra"), "nothing is changed when anything is refused");
        assertFalse(db.tableExists(SchemaChangeTable.TABLE));
    }

    @Test
    void aNarrowerTypeAndAnotherPrimaryKeyAreRefused() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1.replace("primaryKey: [id]", "primaryKey: [id, name]")
                        .replace(
                                "qty:        {type: integer}",
                                "qty:        {type: decimal, scale: 2}")
                        .replace(
                                "updated_at: {type: timestamp, required: true}",
                                "updated_at: {type: date, required: true}"));
        String m = configProblem(() -> api.connect(tributary, schema.toString())).getMessage();
        assertTrue(
                m.contains("column 'primaryKey' is id in the table and id, name in the schema"), m);
        assertTrue(
                m.contains(
                        "column 'updated_at' is timestamp with time zone in the table and date (DATE) in the schema"),
                m);
        assertFalse(
                m.contains("column 'qty'"),
                "integer to a decimal with a scale is a widening: " + m);
    }

    @Test
    void replaceModeRebuildsTheTableFromTheSchemaInsteadOfChangingIt() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1.replace("name:       {type: string}", "name:       {type: integer}"));
        api.records.clear();
        api.add("z", "26", "2026-02-01T00:00:00Z");
        api.connect(tributary, schema.toString(), "writeMode", "replace");
        assertTrue(tributary.sync("items").success());
        assertEquals(
                26L, ((Number) db.single("SELECT name FROM items WHERE id = 'z'")).longValue());
    }

    @Test
    void runStopsWithExitCode2AndCheckReportsTheRefusalWithoutChangingTheTable() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(
                V1.replace("name:       {type: string}", "name:       {type: boolean}"));
        tributary.close();
        Path route = routeFile();

        Tributary run = new Tributary();
        int exit;
        try (LogCapture logs = LogCapture.open()) {
            exit = run.run(command("--once"));
            assertFalse(logs.all().contains(" at io.tributary"), "no stack trace: " + logs.all());
        }
        assertEquals(Tributary.BAD_USAGE, exit);
        assertTrue(
                run.lastProblem().startsWith(route + ": connector 'items': parameter 'schema'"),
                run.lastProblem());
        assertTrue(
                run.lastProblem()
                        .contains(
                                "column 'name' is character varying in the table and boolean (BOOLEAN) in the schema"),
                run.lastProblem());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exit =
                new CheckCommand(
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                io.tributary.Tributary::new)
                        .run(Options.parse(command("check")));
        assertEquals(Tributary.BAD_USAGE, exit, out.toString(StandardCharsets.UTF_8));
        assertTrue(
                out.toString(StandardCharsets.UTF_8)
                        .contains("problem: " + route + ": connector 'items': parameter 'schema'"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkReportsAPlannedColumnAndLeavesTheTableAsItIs() throws Exception {
        loadWithV1ThenChangeTheSchemaTo(V1 + "  extra:      {type: string}\n");
        tributary.close();
        routeFile();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (LogCapture logs = LogCapture.open()) {
            exit =
                    new CheckCommand(
                                    new PrintStream(out, true, StandardCharsets.UTF_8),
                                    io.tributary.Tributary::new)
                            .run(Options.parse(command("check")));
            assertEquals(
                    1,
                    logs.linesContaining("planned schema change kind=add_column column=extra")
                            .size(),
                    logs.all());
        }
        assertEquals(Tributary.OK, exit, out.toString(StandardCharsets.UTF_8));
        assertFalse(columns().contains("extra"), "check changes no table");
        assertFalse(db.tableExists(SchemaChangeTable.TABLE));
    }

    private Path routeFile() throws Exception {
        return Files.writeString(
                dir.resolve("items.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: items}",
                        "      - {name: schedule, value: \"timer:items?repeatCount=1\"}",
                        "      - {name: url, value: \"" + api.api.baseUrl() + "/v1/items\"}",
                        "      - {name: recordsPath, value: /items}",
                        "      - {name: pagination, value: page-number}",
                        "      - {name: pageSize, value: \"2\"}",
                        "      - {name: totalPagesPath, value: /total_pages}",
                        "      - {name: schema, value: \"" + schema + "\"}",
                        "      - {name: table, value: items}",
                        ""));
    }

    private String[] command(String first) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                first,
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + dir
                                        + "/*.camel.yaml"));
        args.addAll(db.options());
        return args.toArray(String[]::new);
    }

    private List<Object> columns() {
        return db.column(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'items'");
    }

    private static ConnectorConfigException configProblem(
            org.junit.jupiter.api.function.Executable start) {
        Throwable t = assertThrows(Exception.class, start);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectorConfigException) {
                return (ConnectorConfigException) c;
            }
        }
        throw new AssertionError("no ConnectorConfigException in the causes of " + t, t);
    }
}
