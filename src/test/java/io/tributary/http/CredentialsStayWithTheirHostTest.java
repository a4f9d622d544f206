package io.tributary.http;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A next-page link or a redirect to another host never carries the connector's credentials: the
 * request is refused and the run fails clearly, unless allowedHosts opens that host on purpose. The
 * other host is a second loopback server that records every header and query it receives.
 */
class CredentialsStayWithTheirHostTest {
    static final String KEY = "k-77c1e0-secret";
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    PagedApi api;
    PagedApi elsewhere;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
        elsewhere = new PagedApi(r -> Reply.json(page("far-1")));
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
        elsewhere.close();
    }

    static ObjectNode page(String... ids) {
        ObjectNode body = PagedApi.JSON.createObjectNode();
        var items = body.putArray("items");
        for (String id : ids) {
            items.addObject()
                    .put("id", id)
                    .put("name", id)
                    .put("updated_at", "2026-01-01T00:00:00Z");
        }
        return body;
    }

    /** The connector the tests here add: a key in the query, link-header paging. */
    ConnectorSpec items(String allowedHosts) {
        return ConnectorSpec.named("items")
                .url(api.baseUrl() + "/v1/items")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("link-header")
                .pageSizeParam("")
                .auth("api-key-query")
                .authName("api_key")
                .authSecret(KEY)
                .allowedHosts(allowedHosts);
    }

    @Test
    void aLinkHeaderToAnotherHostIsRefusedBeforeAnyCredentialLeaves() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        page("near-1"),
                                        Map.of(
                                                "Link",
                                                "<"
                                                        + elsewhere.baseUrl()
                                                        + "/v1/items?page=2>; rel=\"next\"")));
        tributary.add(items(""));

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains(elsewhere.baseUrl())
                        && outcome.error().contains("not sent")
                        && outcome.error().contains("allowedHosts"),
                outcome.error());
        assertFalse(outcome.error().contains(KEY));
        assertEquals(
                List.of(),
                elsewhere.requests(),
                "the other host received nothing, credentials least of all");
        assertEquals(KEY, api.requests().get(0).param("api_key"));
        assertEquals(
                1,
                db.count("SELECT COUNT(*) FROM items"),
                "the first page, from the right host, is kept");
    }

    @Test
    void allowedHostsOpensAListedHostDeliberately() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        page("near-1"),
                                        Map.of(
                                                "Link",
                                                "<"
                                                        + elsewhere.baseUrl()
                                                        + "/v1/items?page=2>; rel=\"next\"")));
        tributary.add(items("127.0.0.1:" + elsewhere.port()));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(1, elsewhere.requests().size());
        assertEquals("2", elsewhere.requests().get(0).param("page"));
        assertEquals(
                KEY,
                elsewhere.requests().get(0).param("api_key"),
                "a listed host is trusted with the key");
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.status(
                                        302,
                                        "",
                                        Map.of("Location", elsewhere.baseUrl() + "/v1/items")));
        tributary.add(items("").pagination("none"));

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("not sent"), outcome.error());
        assertEquals(List.of(), elsewhere.requests());
        assertEquals(1, api.requests().size());
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedWithTheCredentials() throws Exception {
        api =
                new PagedApi(
                        r ->
                                r.path().equals("/v1/items")
                                        ? Reply.status(
                                                301, "", Map.of("Location", "/v2/items?moved=yes"))
                                        : Reply.json(page("moved-1", "moved-2")));
        tributary.add(items("").pagination("none"));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"));
        PagedApi.Request followed = api.requests().get(1);
        assertEquals("/v2/items", followed.path());
        assertEquals("yes", followed.param("moved"));
        assertEquals(KEY, followed.param("api_key"));
    }
}
