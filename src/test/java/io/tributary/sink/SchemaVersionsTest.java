package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.StateCommand;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each connector's schema has a version: one more per change set Tributary applies (a start-up's
 * schema-file changes, a column drift adds), recorded with the table's fingerprint in {@code
 * tributary_schema_changes} and with each finding in {@code tributary_drift_events}; kept across
 * restarts, shown by {@code tributary state}. On H2 (and, in a subclass, PostgreSQL).
 */
class SchemaVersionsTest {
    static final String V1 = SchemaChangesTest.V1;
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
        api.add("a", "Ada", "2026-01-01T00:00:00Z").put("qty", 5);
        api.add("b", "Bob", "2026-01-02T00:00:00Z").put("qty", 7);
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    /** Tributary restarts with the schema file rewritten, and syncs once. */
    void restartWith(String schemaText, String... extra) throws Exception {
        tributary.close();
        Files.writeString(schema, schemaText);
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString(), extra);
        assertTrue(tributary.sync("items").success());
    }

    List<String> versions() {
        List<String> rows = new ArrayList<>();
        for (Object row :
                db.column(
                        "SELECT column_name || ' ' || kind || ' v' || version FROM "
                                + SchemaChangeTable.TABLE
                                + " ORDER BY id")) {
            rows.add((String) row);
        }
        return rows;
    }

    Object fingerprint(int version) {
        return db.single(
                "SELECT MIN(fingerprint) FROM "
                        + SchemaChangeTable.TABLE
                        + " WHERE version = "
                        + version);
    }

    @Test
    void eachStartUpsChangesAreOneVersionAndVersionsSurviveRestarts() throws Exception {
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        restartWith(V1 + "  extra:      {type: string}\n  score:      {type: integer}\n");
        restartWith(
                V1.replace("qty:        {type: integer}", "qty:        {type: decimal}")
                        + "  extra:      {type: string}\n  score:      {type: integer}\n");
        restartWith(
                V1.replace("qty:        {type: integer}", "qty:        {type: decimal}")
                        + "  extra:      {type: string}\n  score:      {type: integer}\n");

        assertEquals(
                List.of("extra add_column v1", "score add_column v1", "qty widen_type v2"),
                versions(),
                "the same schema again makes no version");
        assertNotNull(fingerprint(1));
        assertEquals(64, fingerprint(1).toString().length(), "a SHA-256 in hex");
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(DISTINCT fingerprint) FROM "
                                + SchemaChangeTable.TABLE
                                + " WHERE version = 1"),
                "one fingerprint per version");
        assertNotEquals(fingerprint(1), fingerprint(2));
        assertEquals(
                2L,
                ((Number)
                                db.single(
                                        "SELECT MAX(version) FROM "
                                                + SchemaChangeTable.TABLE
                                                + " WHERE connector = 'items'"))
                        .longValue());
    }

    @Test
    void aColumnDriftAddsIsAVersionOfItsOwnAndItsFindingCarriesIt() throws Exception {
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        restartWith(V1 + "  extra:      {type: string}\n");
        api.records.get(0).put("color", "red");
        restartWith(V1 + "  extra:      {type: string}\n", "drift", "evolve");
        restartWith(V1 + "  extra:      {type: string}\n", "drift", "evolve");

        assertEquals(
                List.of("extra add_column v1", "color add_column v2"),
                versions(),
                "the column drift found again after a restart is there already: no new version");
        assertEquals(
                List.of("column_added 2"),
                db.column(
                                "SELECT action || ' ' || version FROM "
                                        + DriftEventTable.TABLE
                                        + " ORDER BY id")
                        .subList(0, 1));
    }

    @Test
    void stateShowsTheCurrentVersion() throws Exception {
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        restartWith(V1 + "  extra:      {type: string}\n");
        tributary.close();
        Path routes = routeFile();

        Options options = Options.parse(command("state", "show"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new StateCommand(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        options));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, text);
        assertTrue(text.lines().findFirst().orElseThrow().contains("schema_version"), text);
        String items = text.lines().filter(l -> l.startsWith("items")).findFirst().orElseThrow();
        assertTrue(items.trim().matches(".* 1 +yes$"), routes + "\n" + text);
    }

    @Test
    void tablesFromBeforeVersionsGainTheColumnAndKeepTheirRows() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            // the tables as an install from before versions made them
            s.execute(
                    "CREATE TABLE tributary_schema_changes (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                            + "connector VARCHAR(200) NOT NULL, table_name VARCHAR(63) NOT NULL, column_name VARCHAR(63) NOT NULL, "
                            + "kind VARCHAR(40) NOT NULL, old_type VARCHAR(200), new_type VARCHAR(200) NOT NULL, "
                            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute(
                    "INSERT INTO tributary_schema_changes (connector, table_name, column_name, kind, new_type, applied_at)"
                            + " VALUES ('items', 'items', 'old', 'add_column', 'TEXT', CURRENT_TIMESTAMP)");
            s.execute(
                    "CREATE TABLE tributary_drift_events (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                            + "connector VARCHAR(200) NOT NULL, detected_at TIMESTAMP WITH TIME ZONE NOT NULL, kind VARCHAR(40) NOT NULL, "
                            + "field VARCHAR(200) NOT NULL, detail VARCHAR(1000), action VARCHAR(40) NOT NULL)");
        }
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        restartWith(V1 + "  extra:      {type: string}\n");

        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM tributary_drift_events WHERE version IS NOT NULL"),
                "the drift events table has the column now");
        assertNull(
                db.single("SELECT version FROM tributary_schema_changes WHERE column_name = 'old'"),
                "a change from before versions has none");
        assertEquals(
                1L,
                ((Number)
                                db.single(
                                        "SELECT version FROM tributary_schema_changes WHERE column_name = 'extra'"))
                        .longValue());
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
                        "      - {name: schema, value: \"" + schema + "\"}",
                        "      - {name: table, value: items}",
                        ""));
    }

    private String[] command(String... first) {
        List<String> args = new ArrayList<>(List.of(first));
        args.add("--tributary.demo.enabled=false");
        args.add("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");
        args.addAll(db.options());
        return args.toArray(String[]::new);
    }
}
