package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules on 2xx bodies ({@code errorPolicy: "2xx:/errors=fail"}): real APIs answer 200 with an error
 * body. A matching body is a failed call: the run fails (or retries and goes on) and the cursor
 * stays where the last committed page left it.
 */
class SuccessBodyRulesTest {
    static final String KEY = "gql-key-7f3e1a";
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        if (api != null) {
            api.close();
        }
    }

    static Map<String, Object> item(String id, String updatedAt) {
        return Map.of("id", id, "name", "item " + id, "updated_at", updatedAt);
    }

    /** A connector on the fake GraphQL API with the given records path and error policy. */
    ConnectorSpec spec(String connector, String recordsPath, String errorPolicy) {
        return ConnectorSpec.named(connector)
                .url(api.baseUrl() + "/graphql")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .auth("api-key-query")
                .authName("apikey")
                .authSecret(KEY)
                .pagination("none")
                .cursorParam("since")
                .recordsPath(recordsPath)
                .errorPolicy(errorPolicy);
    }

    @Test
    void aGraphQlErrorsMemberFailsTheRunAndTheCursorStays() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        api =
                new PagedApi(
                        r -> {
                            List<Object> items =
                                    new ArrayList<>(
                                            List.of(
                                                    item("1", "2024-01-01T00:00:00Z"),
                                                    item("2", "2024-01-02T00:00:00Z")));
                            if (!broken.get()) {
                                return Reply.json(Map.of("data", Map.of("items", items)));
                            }
                            // GraphQL's partial result: HTTP 200, some data, and an errors member
                            items.add(item("3", "2024-01-03T00:00:00Z"));
                            return Reply.json(
                                    Map.of(
                                            "data",
                                            Map.of("items", items),
                                            "errors",
                                            List.of(
                                                    Map.of(
                                                            "message",
                                                            "Cannot query field 'owner' on type 'Item'",
                                                            "path",
                                                            List.of("items", 2)))));
                        });
        tributary.add(spec("gql", "/data/items", "2xx:/errors=fail"));
        assertTrue(tributary.sync("gql").success());
        assertEquals("2024-01-02T00:00:00Z", db.cursor("gql"));

        broken.set(true);
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = tributary.sync("gql");
            assertFalse(logs.all().contains(KEY), logs.all());
        }

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error().contains("HTTP 200")
                        && outcome.error().contains("errorPolicy rule '2xx:/errors=fail'")
                        && outcome.error().contains("Cannot query field"),
                outcome.error());
        assertFalse(
                outcome.error().contains("item 3"),
                "the data of a 2xx body stays out of the failure line: " + outcome.error());
        assertFalse(outcome.error().contains(KEY), outcome.error());
        assertEquals(
                "2024-01-02T00:00:00Z",
                db.cursor("gql"),
                "a failed run leaves the cursor where it was");
        assertEquals(
                2,
                db.count("SELECT COUNT(*) FROM items"),
                "nothing of the failed page was written");
        assertEquals(2, api.requests().size(), "fail: not retried");
    }

    @Test
    void aSuccessFalseBodyIsRetriedThenTheRunGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        api =
                new PagedApi(
                        r ->
                                calls.incrementAndGet() <= 2
                                        ? Reply.json(
                                                Map.of(
                                                        "success",
                                                        false,
                                                        "message",
                                                        "index is rebuilding, try again",
                                                        "items",
                                                        List.of()))
                                        : Reply.json(
                                                Map.of(
                                                        "success",
                                                        true,
                                                        "items",
                                                        List.of(
                                                                item("1", "2024-01-01T00:00:00Z"),
                                                                item(
                                                                        "2",
                                                                        "2024-01-02T00:00:00Z")))));
        tributary.add(spec("flaky", "/items", "2xx:/success==false=retry"));

        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = tributary.sync("flaky");
            List<String> retries = logs.linesContaining("retry 1/3");
            assertEquals(1, retries.size(), logs.all());
            assertTrue(
                    retries.get(0).contains("2xx:/success==false=retry")
                            && retries.get(0).contains("/graphql?apikey=")
                            && !retries.get(0).contains(KEY),
                    retries.get(0));
        }

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(3, api.requests().size(), "two answers with success:false, each asked again");
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("2024-01-02T00:00:00Z", db.cursor("flaky"));
    }

    @Test
    void aSuccessFalseBodyThatStaysFailsAfterTheRetriesWithTheCursorUnmoved() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        Map.of(
                                                "success",
                                                false,
                                                "items",
                                                List.of(item("1", "2024-01-01T00:00:00Z")))));
        tributary.add(spec("down", "/items", "2xx:/success==false=retry"));

        SyncOutcome outcome = tributary.sync("down");

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(outcome.error().contains("gave up after retries"), outcome.error());
        assertEquals(
                4,
                api.requests().size(),
                "the first attempt and 3 retries (the harness's tributary.retry.max-redeliveries)");
        assertNull(db.cursor("down"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aTextRuleOnA2xxBodyIsApplied() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        Map.of(
                                                "status",
                                                "PARTIAL result, 3 shards failed",
                                                "items",
                                                List.of(item("1", "2024-01-01T00:00:00Z")))));
        tributary.add(spec("partial", "/items", "2xx:partial=fail"));

        SyncOutcome outcome = tributary.sync("partial");

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(outcome.error().contains("'2xx:partial=fail'"), outcome.error());
        assertEquals(0, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void anIgnoreRuleEndsTheStreamWithoutWritingThePage() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        Map.of(
                                                "errors",
                                                List.of(Map.of("message", "not found")),
                                                "items",
                                                List.of(item("1", "2024-01-01T00:00:00Z")))));
        tributary.add(spec("gone", "/items", "2xx:/errors=ignore"));

        SyncOutcome outcome = tributary.sync("gone");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(0, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aRuleThatCannotApplyIsRefusedAtStartUpNamingIt() {
        api = new PagedApi(r -> Reply.json(Map.of("items", List.of())));
        for (String[] rule :
                new String[][] {
                    {"2xx=fail", "would apply to every successful page"},
                    {"200=retry", "would apply to every successful page"},
                    {"1xx:x=retry", "never receives a 1xx"},
                    {"2xx:/success===retry", "must look like"},
                    {"2xx:/success==false=skip", "must look like"}
                }) {
            Exception e =
                    assertThrows(
                            Exception.class,
                            () ->
                                    tributary.add(
                                            spec("bad" + rule[0].hashCode(), "/items", rule[0])));
            String message = rootMessage(e);
            assertTrue(
                    message.contains("parameter 'errorPolicy'")
                            && message.contains("'" + rule[0] + "'")
                            && message.contains(rule[1]),
                    rule[0] + ": " + message);
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
