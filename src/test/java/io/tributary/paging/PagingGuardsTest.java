package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A source that would keep a sync paging forever is stopped with a clear error; ignored and refused
 * responses.
 */
class PagingGuardsTest {
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
        api.close();
    }

    static ObjectNode page(String token, String... ids) {
        ObjectNode body = PagedApi.JSON.createObjectNode();
        var items = body.putArray("items");
        for (String id : ids) {
            items.addObject()
                    .put("id", id)
                    .put("name", id)
                    .put("updated_at", "2026-01-01T00:00:00Z");
        }
        body.put("next", token);
        return body;
    }

    /** The connector the tests here add: cursor paging behind an API key. */
    ConnectorSpec items() {
        return ConnectorSpec.named("items")
                .url(api.baseUrl() + "/v1/items")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("cursor")
                .nextPath("/next")
                .tokenParam("after")
                .auth("api-key-header")
                .authName("X-API-Key")
                .authSecret("guard-key-123");
    }

    @Test
    void theSameNextTokenTwiceStopsTheRunInsteadOfLooping() throws Exception {
        AtomicInteger n = new AtomicInteger();
        api = new PagedApi(r -> Reply.json(page("abc", "r-" + n.incrementAndGet())));
        tributary.add(items());

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("same next page link or token twice"), outcome.error());
        assertEquals(
                2,
                api.requests().size(),
                "page 1, page 2 (after=abc); a third request would repeat page 2");
        assertFalse(outcome.error().contains("guard-key-123"));
    }

    @Test
    void maxPagesStopsASourceThatNeverEnds() throws Exception {
        AtomicInteger n = new AtomicInteger();
        api =
                new PagedApi(
                        r -> {
                            int i = n.incrementAndGet();
                            return Reply.json(page("t" + i, "r-" + i));
                        });
        tributary.add(items().maxPages(5));

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("maxPages=5"), outcome.error());
        assertEquals(5, api.requests().size());
        assertEquals(5, db.count("SELECT COUNT(*) FROM items"), "the pages read are committed");
    }

    @Test
    void aNotFoundIgnoredByTheErrorPolicyEndsTheStreamQuietly() throws Exception {
        api =
                new PagedApi(
                        r ->
                                r.param("after") == null
                                        ? Reply.json(page("gone", "r-1"))
                                        : Reply.status(
                                                404, "{\"message\":\"Not Found\"}", Map.of()));
        tributary.add(items().errorPolicy("404=ignore"));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(1, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aNotFoundFailsTheRunByDefault() throws Exception {
        api = new PagedApi(r -> Reply.status(404, "{\"message\":\"Not Found\"}", Map.of()));
        tributary.add(items());

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("HTTP 404"), outcome.error());
        assertEquals(1, api.requests().size());
    }

    @Test
    void refusedCredentialsFailTheRunClearlyWithoutRetrying() throws Exception {
        api = new PagedApi(r -> Reply.status(401, "{\"message\":\"Bad credentials\"}", Map.of()));
        tributary.add(items());

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("HTTP 401")
                        && outcome.error().contains("credentials were refused"),
                outcome.error());
        assertEquals(1, api.requests().size());
    }

    @Test
    void aRetriedStatusFromTheOverridesIsRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        api =
                new PagedApi(
                        r ->
                                n.incrementAndGet() == 1
                                        ? Reply.status(409, "{\"message\":\"busy\"}", Map.of())
                                        : Reply.json(page(null, "r-1")));
        tributary.add(items().errorPolicy("409=retry"));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2, api.requests().size());
    }
}
