package io.tributary.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The summary line says where a sync started: {@code cursor_from} beside {@code cursor} (the
 * initial cursor on the first sync, the last sync's cursor on the next), and for a child stream its
 * parent connector and the parent's key, in the text and as JSON fields. A loopback tracker API
 * (projects, each project's issues) stands for a real one.
 */
class SummaryLineOriginTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ISSUES = Pattern.compile("/projects/([^/]+)/issues");

    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    final List<Map<String, Object>> items = new CopyOnWriteArrayList<>();
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        api =
                new PagedApi(
                        r -> {
                            Matcher m = ISSUES.matcher(r.path());
                            if (m.matches()) {
                                return Reply.json(
                                        Map.of(
                                                "items",
                                                List.of(
                                                        item(
                                                                m.group(1) + "-1",
                                                                "2024-02-01T00:00:00Z"))));
                            }
                            return Reply.json(Map.of("items", new ArrayList<>(items)));
                        });
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    static Map<String, Object> item(String id, String updatedAt) {
        return Map.of("id", id, "name", "item " + id, "updated_at", updatedAt);
    }

    ConnectorSpec spec(String connector, String path) {
        return ConnectorSpec.named(connector)
                .url(api.baseUrl() + path)
                .table(connector)
                .schema("src/test/resources/paging/items.schema.yaml")
                .pagination("none")
                .cursorParam("since")
                .recordsPath("/items");
    }

    @Test
    void aSyncNamesTheCursorItStartedFromBesideTheOneItEndedAt() throws Exception {
        tributary.add(spec("projects", "/projects").cursorStart("2023-12-31T00:00:00Z"));
        items.add(item("P1", "2024-01-01T00:00:00Z"));
        List<String> text;
        List<JsonNode> json = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync("projects").success());
            items.add(item("P2", "2024-01-05T00:00:00Z"));
            assertTrue(tributary.sync("projects").success());
            text = logs.written("text");
            for (String line : logs.written("json")) {
                JsonNode n = JSON.readTree(line);
                if (n.path("loggerName").asText().equals("io.tributary.sync")) {
                    json.add(n);
                }
            }
        }

        List<String> summaries =
                text.stream().filter(l -> l.contains("sync connector=projects ")).toList();
        assertEquals(2, summaries.size(), text.toString());
        assertTrue(
                summaries
                        .get(0)
                        .contains("cursor=2024-01-01T00:00:00Z cursor_from=2023-12-31T00:00:00Z"),
                summaries.get(0));
        assertTrue(
                summaries
                        .get(1)
                        .contains("cursor=2024-01-05T00:00:00Z cursor_from=2024-01-01T00:00:00Z"),
                summaries.get(1));
        assertEquals(2, json.size(), json.toString());
        assertEquals("2023-12-31T00:00:00Z", json.get(0).path("cursor_from").asText());
        assertEquals("2024-01-01T00:00:00Z", json.get(1).path("cursor_from").asText());
        assertEquals("2024-01-05T00:00:00Z", json.get(1).path("cursor").asText());
    }

    @Test
    void aChildStreamsLineNamesItsParentConnectorAndTheParentItRanFor() throws Exception {
        tributary.add(spec("projects", "/projects"));
        tributary.add(
                spec("issues", "/projects/{parent}/issues")
                        .parent("projects")
                        .with("schedule", "direct:issues"));
        items.add(item("P1", "2024-01-01T00:00:00Z"));
        items.add(item("P2", "2024-01-02T00:00:00Z"));
        List<JsonNode> children = new ArrayList<>();
        List<String> text;
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync("projects").success());
            text = logs.written("text");
            for (String line : logs.written("json")) {
                JsonNode n = JSON.readTree(line);
                if (n.path("loggerName").asText().equals("io.tributary.sync")
                        && n.path("connector").asText().equals("issues")) {
                    children.add(n);
                }
            }
        }

        assertEquals(2, children.size(), children.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals("projects", children.get(i).path("parent").asText(), children.toString());
            assertEquals("P" + (i + 1), children.get(i).path("parent_key").asText());
            assertTrue(children.get(i).has("cursor_from"), children.get(i).toString());
        }
        assertTrue(
                text.stream()
                        .anyMatch(
                                l ->
                                        l.contains("sync connector=issues ")
                                                && l.contains("parent=projects parent_key=P2")),
                text.toString());
    }
}
