package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Paging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A body that trickles in (a byte every 200 ms, each read well within the socket timeout) must not
 * hang a sync: every request has an overall deadline, and passing it is a retryable failure whose
 * line names the (masked) URL and the deadline.
 */
class RequestDeadlineTest {
    static final String KEY = "trickle-key-91c2";
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        if (api != null) {
            api.close();
        }
    }

    /**
     * An API answering 40 records in one body of about 2.4 KB, which takes some 8 minutes at a byte
     * every 200 ms.
     */
    static PagedApi fortyItems() {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            items.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "item-" + i)
                            .put("name", "name " + i)
                            .put(
                                    "updated_at",
                                    "2024-01-01T00:00:" + String.format("%02d", i) + "Z"));
        }
        return PagedApi.serving(items).paging(Paging.NONE).build();
    }

    /** A connector on the fake API, with a request deadline unless it is null. */
    ConnectorSpec spec(String connector, String deadline) {
        ConnectorSpec spec =
                ConnectorSpec.named(connector)
                        .url(api.baseUrl() + "/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .auth("api-key-query")
                        .authName("key")
                        .authSecret(KEY)
                        .pagination("none")
                        .recordsPath("/items");
        return deadline == null ? spec : spec.requestDeadline(deadline);
    }

    @Test
    void aTricklingBodyIsCutAtTheConnectorsDeadlineAndFetchedAgain() throws Exception {
        api = fortyItems();
        api.trickle(n -> n == 1);
        tributary
                .set("tributary.http.request-deadline", "PT10M")
                .start(); // the connector's own deadline wins
        tributary.add(spec("slow", "PT1S"));

        try (LogCapture logs = LogCapture.open()) {
            SyncOutcome outcome =
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> tributary.sync("slow"));

            assertTrue(outcome.success(), outcome.summary());
            List<String> retries = logs.linesContaining("retry 1/");
            assertEquals(1, retries.size(), logs.all());
            String line = retries.get(0);
            assertTrue(
                    line.contains("RequestDeadlineException")
                            && line.contains("request deadline of 1 s")
                            && line.contains(
                                    "(GET http://127.0.0.1:" + api.port() + "/items?key=****)"),
                    line);
            assertFalse(logs.all().contains(KEY), logs.all());
        }
        assertEquals(40, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(2, api.requests().size());
    }

    @Test
    void aSourceThatAlwaysTricklesFailsTheRunQuicklyNamingTheDeadline() throws Exception {
        api = fortyItems();
        api.trickle(n -> true);
        tributary
                .set("tributary.http.request-deadline", "PT1S")
                .start(); // the setting, when the connector names none
        tributary.add(spec("stuck", null));

        SyncOutcome outcome =
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> tributary.sync("stuck"));

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error().contains("request deadline of 1 s")
                        && outcome.error().contains("gave up after retries")
                        && outcome.error().contains("/items?key=****"),
                outcome.error());
        assertEquals(4, api.requests().size(), "the first attempt and the harness's 3 retries");
        assertEquals(0, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void anUnreadableDeadlineIsRefusedAtStartUp() throws Exception {
        api = fortyItems();
        tributary.start();
        Exception e =
                assertThrows(Exception.class, () -> tributary.add(spec("bad", "two minutes")));
        assertTrue(
                SuccessBodyRulesTest.rootMessage(e)
                        .contains(
                                "parameter 'requestDeadline' value 'two minutes': must be an ISO-8601 duration"),
                SuccessBodyRulesTest.rootMessage(e));
    }
}
