package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector written as Camel routes: {@code kamelet:tributary-http-source}, the user's own steps,
 * then a Tributary sink Kamelet. The page contract holds whatever those steps do: a page the sink
 * did not acknowledge (dropped by a filter, or its failure swallowed by a doTry) fails the run and
 * leaves the cursor at the last page the sink committed.
 */
class KameletFormTest {
    static final String SCHEMA =
            Path.of("src/test/resources/paging/items.schema.yaml").toAbsolutePath().toString();

    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;
    @TempDir Path dir;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
        api = PagedApi.serving(items(25)).since("since", "updated_at").totalPages().build();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    static List<ObjectNode> items(int count) {
        List<ObjectNode> list = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", String.format("i-%02d", i))
                            .put("name", "n" + i)
                            .put("updated_at", t0.plusSeconds(i).toString()));
        }
        return list;
    }

    /** The route file: the source, {@code steps} (YAML at the steps' indentation), the sink. */
    Path route(String steps, String sink) throws Exception {
        String yaml =
                String.join(
                        "\n",
                        "- route:",
                        "    id: items",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: direct:items",
                        "        url: \"" + api.baseUrl() + "/v1/items\"",
                        "        recordsPath: /items",
                        "        pageSize: 10",
                        "        totalPagesPath: /total_pages",
                        "        cursorParam: since",
                        "      steps:",
                        steps,
                        sink,
                        "");
        Path file = dir.resolve("items.camel.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static String jdbcSink() {
        return String.join(
                "\n",
                "        - to:",
                "            uri: kamelet:tributary-jdbc-sink",
                "            parameters: {schema: \"" + SCHEMA + "\", table: items}");
    }

    SyncOutcome sync() {
        return tributary.sync("items");
    }

    @Test
    void stepsBetweenTheSourceAndTheSinkSeeEveryPageAndTheTableIsExact() throws Exception {
        tributary.load(
                route(
                                String.join(
                                        "\n",
                                        "        - log: \"page of ${header.tributary.stream}\"",
                                        "        - setHeader:",
                                        "            name: seen",
                                        "            constant: \"yes\"",
                                        "        - filter:",
                                        "            simple: \"${header.seen} == 'yes'\"",
                                        "            steps:",
                                        "              - to: mock:pages"),
                                jdbcSink())
                        .toString());

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items"));
        assertEquals(25, outcome.rowsWritten(), outcome.summary());
        org.apache.camel.component.mock.MockEndpoint pages =
                tributary
                        .context()
                        .getEndpoint(
                                "mock:pages", org.apache.camel.component.mock.MockEndpoint.class);
        assertEquals(
                4, pages.getReceivedCounter(), "three pages of records, then the end of the sync");
    }

    @Test
    void aStepThatReplacesThePageSendsItsOwnRecordsThroughTheSchema() throws Exception {
        tributary.load(
                route(
                                String.join(
                                        "\n",
                                        "        - choice:",
                                        "            when:",
                                        "              - simple: \"${header.tributary.event} == 'page'\"",
                                        "                steps:",
                                        "                  - setBody:",
                                        "                      constant: '[{\"id\":\"only\",\"name\":\"set by a step\",\"updated_at\":\"2026-11-05T00:00:00Z\"}]'"),
                                jdbcSink())
                        .toString());

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(1, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("set by a step", db.single("SELECT name FROM items WHERE id = 'only'"));
    }

    @Test
    void aFilterThatDropsAPageFailsTheRunAndTheCursorStaysAtTheLastCommittedPage()
            throws Exception {
        tributary.load(
                route(
                                String.join(
                                        "\n",
                                        "        - filter:",
                                        "            simple: \"${body.size()} == 10 || ${header.tributary.event} == 'end'\"",
                                        "            steps:"),
                                jdbcSink()
                                        .replace("        - to:", "              - to:")
                                        .replace("            uri:", "                  uri:")
                                        .replace(
                                                "            parameters:",
                                                "                  parameters:"))
                        .toString());

        SyncOutcome outcome = sync();

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(outcome.error().contains("was not acknowledged by the sink"), outcome.error());
        // page 1: i-00..i-09; the next request asks since i-09's time: i-09..i-18 (i-09 again,
        // not written twice); then i-18..i-24, 7 records, which the filter drops
        assertEquals(19, db.count("SELECT COUNT(*) FROM items"), "the two full pages committed");
        assertEquals(
                "2026-11-01T00:00:18Z",
                db.cursor("items"),
                "the cursor stays with the last page the sink committed");
        assertEquals(0, db.count("SELECT COUNT(*) FROM items WHERE id > 'i-18'"));
    }

    @Test
    void aFailureASwallowingStepHidesFromTheSourceStillFailsTheRun() throws Exception {
        tributary.load(
                route(
                                String.join(
                                        "\n",
                                        "        - doTry:",
                                        "            steps:",
                                        "              - filter:",
                                        "                  simple: \"${body.size()} < 10 && ${header.tributary.event} == 'page'\"",
                                        "                  steps:",
                                        "                    - throwException:",
                                        "                        exceptionType: java.lang.IllegalStateException",
                                        "                        message: enrichment service down",
                                        jdbcSink()
                                                .replace("        - to:", "              - to:")
                                                .replace(
                                                        "            uri:",
                                                        "                  uri:")
                                                .replace(
                                                        "            parameters:",
                                                        "                  parameters:"),
                                        "            doCatch:",
                                        "              - exception: [java.lang.Exception]",
                                        "                steps:",
                                        "                  - log: \"swallowed: ${exception.message}\""),
                                "")
                        .toString());

        SyncOutcome outcome = sync();

        assertFalse(outcome.success(), outcome.summary());
        assertEquals(19, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2026-11-01T00:00:18Z", db.cursor("items"));
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM items WHERE id = 'i-24'"),
                "the page whose failure was swallowed is not in the table");
    }

    @Test
    void theFileSinkKameletWritesTheSyncsRowsToOneFileRenamedIntoPlaceAtTheEnd() throws Exception {
        Path out = dir.resolve("exports");
        tributary.load(
                route(
                                "",
                                String.join(
                                        "\n",
                                        "        - to:",
                                        "            uri: kamelet:tributary-file-sink",
                                        "            parameters: {schema: \""
                                                + SCHEMA
                                                + "\", table: items, format: jsonl, directory: \""
                                                + out
                                                + "\"}"))
                        .toString());

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        List<Path> files;
        try (var s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertFalse(files.get(0).getFileName().toString().startsWith("."), "no hidden file left");
        assertEquals(25, Files.readAllLines(files.get(0)).size());
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items"));
    }

    @Test
    void theFileSinkKameletWithFormatParquetWritesTypedRolledFilesThenMovesTheCursor()
            throws Exception {
        Path out = dir.resolve("lake");
        tributary.load(
                route(
                                "",
                                String.join(
                                        "\n",
                                        "        - to:",
                                        "            uri: kamelet:tributary-file-sink",
                                        "            parameters: {schema: \""
                                                + SCHEMA
                                                + "\", table: items, format: parquet, rollRows: 10, directory: \""
                                                + out
                                                + "\"}"))
                        .toString());

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        io.tributary.sink.ParquetFiles lake =
                new io.tributary.sink.ParquetFiles(out.resolve("items"));
        assertEquals(3, lake.files().size(), lake.files().toString()); // 10 + 10 + 5 rows
        assertEquals(25, lake.count());
        assertEquals("TIMESTAMP WITH TIME ZONE", lake.types().get("updated_at"));
        assertEquals("i-24", lake.rows("id DESC").get(0).get("id"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items"));
    }

    @Test
    void theSameConnectorInXmlLoadsTheSameTable() throws Exception {
        Path xml = dir.resolve("items.camel.xml");
        Files.writeString(
                xml,
                String.join(
                        "\n",
                        "<camel>",
                        "  <route id=\"items\">",
                        "    <from uri=\"kamelet:tributary-http-source?schedule=direct:items&amp;url="
                                + api.baseUrl()
                                + "/v1/items&amp;recordsPath=/items&amp;pageSize=10&amp;totalPagesPath=/total_pages&amp;cursorParam=since\"/>",
                        "    <to uri=\"kamelet:tributary-jdbc-sink?schema="
                                + SCHEMA
                                + "&amp;table=items\"/>",
                        "  </route>",
                        "</camel>"));
        tributary.load(xml.toString());

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(25, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2026-11-01T00:00:24Z", db.cursor("items"));
    }
}
