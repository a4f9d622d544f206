package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Fault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fault storm: a fifth of all calls answer 5xx, every tenth 429 with Retry-After, some bodies
 * arrive cut in half (whole as far as HTTP knows, broken JSON), some connections close mid-body,
 * some are reset before any answer. The sync still ends with exactly the source's records, on H2
 * and PostgreSQL.
 */
class FaultStormTest {
    static final String KEY = "storm-key-4411";
    final List<ConnectorHarness> harnesses = new ArrayList<>();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (ConnectorHarness h : harnesses) {
            h.close();
        }
        if (api != null) {
            api.close();
        }
    }

    static List<ObjectNode> items(int count) {
        List<ObjectNode> list = new ArrayList<>();
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", String.format("item-%04d", i))
                            .put("name", "item " + i)
                            .put("updated_at", t0.plusSeconds(i * 7L - i % 3).toString()));
        }
        return list;
    }

    @Test
    void theSyncEndsWithExactlyTheSourcesRecordsOnH2() throws Exception {
        stormOn(Database.h2());
    }

    @Test
    void theSyncEndsWithExactlyTheSourcesRecordsOnPostgres() throws Exception {
        stormOn(Database.postgres());
    }

    void stormOn(Database db) throws Exception {
        List<ObjectNode> items = items(2000);
        // page numbers over the records changed at or after since, oldest first
        api =
                PagedApi.serving(items)
                        .since("since", "updated_at")
                        .sortedBy("updated_at")
                        .totalPages()
                        .build();
        Random random = new Random(20261126);
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        api.faults(
                n -> {
                    Fault f;
                    double x = random.nextDouble();
                    if (n % 10 == 0) {
                        f = Fault.TOO_MANY_REQUESTS;
                    } else if (x < 0.20) {
                        f =
                                List.of(Fault.STATUS_500, Fault.STATUS_502, Fault.STATUS_503)
                                        .get(n % 3);
                    } else if (x < 0.27) {
                        f = Fault.BODY_CUT_IN_HALF;
                    } else if (x < 0.32) {
                        f = Fault.CONNECTION_CUT_MID_BODY;
                    } else if (x < 0.37) {
                        f = Fault.CONNECTION_RESET;
                    } else {
                        f = Fault.NONE;
                    }
                    synchronized (injected) {
                        injected.merge(f, 1, Integer::sum);
                    }
                    return f;
                });
        ConnectorHarness tributary =
                new ConnectorHarness(db)
                        .set("tributary.retry.max-redeliveries", "15")
                        .set("tributary.retry.initial-delay-ms", "1")
                        .set("tributary.retry.max-delay-ms", "4");
        harnesses.add(tributary);
        tributary.start();
        tributary.add(
                ConnectorSpec.named("storm")
                        .url(api.baseUrl() + "/v1/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pageSize(25)
                        .totalPagesPath("/total_pages")
                        .cursorParam("since")
                        .auth("api-key-query")
                        .authName("apikey")
                        .authSecret(KEY));

        SyncOutcome outcome;
        try (LogCapture log = LogCapture.open()) {
            outcome = tributary.sync("storm");
            assertTrue(outcome.success(), outcome.summary() + "\n" + injected);
            List<String> retries = log.linesContaining("retry ");
            assertFalse(retries.isEmpty());
            assertTrue(
                    retries.stream()
                            .anyMatch(
                                    l ->
                                            l.contains("connector=storm")
                                                    && l.contains("HTTP 50")
                                                    && l.contains("retry 1/15")
                                                    && l.contains("/v1/items?page=")
                                                    && l.contains("apikey=")
                                                    && l.contains("upstream trouble")),
                    String.join("\n", retries));
            assertTrue(
                    retries.stream().anyMatch(l -> l.contains("MalformedBodyException")),
                    "a half body is retried as a cut-off body");
            assertFalse(log.all().contains(KEY), "the key never reaches the log");
        }
        TreeSet<String> expected =
                items.stream()
                        .map(i -> i.get("id").asText())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                expected,
                db.column("SELECT id FROM items").stream()
                        .map(String::valueOf)
                        .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(items.size(), db.count("SELECT COUNT(*) FROM items WHERE name IS NOT NULL"));
        for (Fault f : Fault.values()) {
            assertTrue(
                    injected.getOrDefault(f, 0) > 0, "fault " + f + " was injected: " + injected);
        }
        int calls = api.requests().size();
        int failed = calls - injected.get(Fault.NONE);
        assertTrue(
                failed * 100 / calls >= 30,
                "at least 30 % of " + calls + " calls failed: " + injected);
        System.out.printf(
                "fault storm on %s: %d calls, %d failed (%s), %s%n",
                db, calls, failed, injected, outcome.summary());
    }
}
