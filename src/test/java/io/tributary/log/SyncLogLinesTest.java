package io.tributary.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lines an on-call engineer's tools read: a sync that retries once and succeeds, and one the
 * source refuses with a JSON body full of quotes. Written as the shipped logback.xml writes them,
 * every JSON line parses and carries the run's facts as top-level fields, and a logfmt parser gets
 * the whole error back from the text line.
 */
class SyncLogLinesTest {
    static final String KEY = "log-key-41c9";
    static final String REFUSAL =
            "{\"error\":\"invalid_api_key\",\"hint\":\"see \\\"Keys\\\" in C:\\\\docs\"}";
    static final ObjectMapper JSON = new ObjectMapper();

    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    final AtomicInteger goodCalls = new AtomicInteger();
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        api =
                new PagedApi(
                        r -> {
                            if (r.path().equals("/bad/items")) {
                                return Reply.status(401, REFUSAL, Map.of());
                            }
                            if (goodCalls.incrementAndGet() == 1) {
                                return Reply.status(503, "upstream \"busy\"", Map.of());
                            }
                            return Reply.json(
                                    Map.of(
                                            "items",
                                            List.of(
                                                    item("1", "2024-01-01T00:00:00Z"),
                                                    item("2", "2024-01-02T00:00:00Z"))));
                        });
        tributary.set("tributary.retry.initial-delay-ms", "10").start();
        tributary.add(spec("good"));
        tributary.add(spec("bad"));
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    static Map<String, Object> item(String id, String updatedAt) {
        return Map.of("id", id, "name", "item " + id, "updated_at", updatedAt);
    }

    ConnectorSpec spec(String connector) {
        return ConnectorSpec.named(connector)
                .url(api.baseUrl() + "/" + connector + "/items")
                .table(connector)
                .schema("src/test/resources/paging/items.schema.yaml")
                .auth("api-key-query")
                .authName("apikey")
                .authSecret(KEY)
                .pagination("none")
                .cursorParam("since")
                .recordsPath("/items");
    }

    @Test
    void inJsonEverySummaryAndRetryLineCarriesTheRunsFactsAsFields() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        SyncOutcome refused;
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync("good").success());
            refused = tributary.sync("bad");
            for (String line : logs.written("json")) {
                lines.add(JSON.readTree(line)); // every line is one JSON object
            }
        }
        assertFalse(refused.success());
        lines.forEach(l -> assertTrue(l.isObject(), l.toString()));

        JsonNode success = only(lines, "io.tributary.sync", "good");
        assertEquals("success", success.path("outcome").asText(), success.toString());
        assertTrue(success.path("run").asText().matches("[0-9a-f]{12}"), success.toString());
        assertEquals(2, success.path("records").asLong(-1), success.toString());
        assertTrue(success.path("records").isNumber(), success.toString());
        assertEquals(2, success.path("written").asLong(-1), success.toString());
        assertEquals(1, success.path("pages").asLong(-1), success.toString());
        assertTrue(success.path("duration_ms").isNumber(), success.toString());
        assertEquals("2024-01-02T00:00:00Z", success.path("cursor").asText(), success.toString());
        assertTrue(success.path("error_type").isMissingNode(), success.toString());

        JsonNode retry = only(lines, io.tributary.http.RetryAttempt.class.getName(), "good");
        assertEquals("retry", retry.path("outcome").asText(), retry.toString());
        assertEquals(
                success.path("run").asText(),
                retry.path("run").asText(),
                "the retry and the summary name the same run");
        assertEquals("other", retry.path("error_type").asText(), retry.toString());
        assertEquals(1, retry.path("attempt").asInt(), retry.toString());
        assertEquals(0, retry.path("pages").asLong(-1), retry.toString());
        assertEquals(0, retry.path("records").asLong(-1), retry.toString());
        assertEquals(0, retry.path("written").asLong(-1), retry.toString());
        assertTrue(retry.path("duration_ms").isNumber(), retry.toString());
        assertTrue(retry.has("cursor") && retry.path("cursor").isNull(), retry.toString());
        assertTrue(retry.path("error").asText().contains("HTTP 503"), retry.toString());

        JsonNode failure = only(lines, "io.tributary.sync", "bad");
        assertEquals("ERROR", failure.path("level").asText());
        assertEquals("failed", failure.path("outcome").asText(), failure.toString());
        assertEquals("auth", failure.path("error_type").asText(), failure.toString());
        assertEquals(0, failure.path("records").asLong(-1), failure.toString());
        assertEquals(0, failure.path("pages").asLong(-1), failure.toString());
        assertTrue(failure.path("run").asText().matches("[0-9a-f]{12}"), failure.toString());
        assertFalse(failure.path("run").asText().equals(success.path("run").asText()));
        assertEquals(refused.error(), failure.path("error").asText());
        assertTrue(
                failure.path("error").asText().contains("HTTP 401")
                        && failure.path("error")
                                .asText()
                                .contains("{\"error\":\"invalid_api_key\""),
                failure.path("error").asText());
        assertFalse(lines.toString().contains(KEY), "the key never reaches a field");
    }

    @Test
    void inTextALogfmtParserReadsTheWholeErrorOfAFailureLine() throws Exception {
        List<String> text;
        List<String> json;
        SyncOutcome refused;
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync("good").success());
            refused = tributary.sync("bad");
            text = logs.written("text");
            json = logs.written("json");
        }

        Map<String, String> failure = logfmt(lineWith(text, "sync connector=bad "));
        assertEquals("failed", failure.get("outcome"));
        assertEquals("auth", failure.get("error_type"));
        assertEquals(refused.error(), failure.get("error"), "the error, quotes and all");
        assertTrue(failure.get("error").contains(REFUSAL.substring(0, 30)), failure.get("error"));

        Map<String, String> retry = logfmt(lineWith(text, "retry 1/"));
        assertEquals("good", retry.get("connector"));
        String retryError =
                JSON.readTree(lineWith(json, "\"outcome\":\"retry\"")).path("error").asText();
        assertEquals(retryError, retry.get("error"));
        assertTrue(retry.get("error").contains("upstream \"busy\""), retry.get("error"));
    }

    static JsonNode only(List<JsonNode> lines, String logger, String connector) {
        List<JsonNode> found =
                lines.stream()
                        .filter(l -> l.path("loggerName").asText().equals(logger))
                        .filter(l -> l.path("connector").asText().equals(connector))
                        .filter(l -> l.has("outcome"))
                        .collect(Collectors.toList());
        assertEquals(1, found.size(), logger + " " + connector + ": " + lines);
        return found.get(0);
    }

    static String lineWith(List<String> lines, String text) {
        return lines.stream()
                .filter(l -> l.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in " + lines));
    }

    /**
     * A logfmt parser after https://brandur.org/logfmt: {@code key=value}, {@code key="quoted \"
     * value\""}, or a bare {@code key}; pairs apart by spaces.
     */
    static Map<String, String> logfmt(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) <= ' ') {
                i++;
            }
            int keyStart = i;
            while (i < n && line.charAt(i) > ' ' && line.charAt(i) != '=') {
                i++;
            }
            String key = line.substring(keyStart, i);
            if (i >= n || line.charAt(i) != '=') {
                if (!key.isEmpty()) {
                    pairs.put(key, "true");
                }
                continue;
            }
            i++; // '='
            StringBuilder value = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
                    } else {
                        value.append(c);
                    }
                }
                i++; // closing quote
            } else {
                while (i < n && line.charAt(i) > ' ') {
                    value.append(line.charAt(i++));
                }
            }
            pairs.put(key, value.toString());
        }
        return pairs;
    }
}
