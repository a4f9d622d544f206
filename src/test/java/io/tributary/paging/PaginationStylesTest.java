package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every pagination style against a loopback server that reproduces a real API's shape, through the
 * http-to-jdbc template into a real database; each ends with exactly the server's own records.
 */
class PaginationStylesTest {
    static final String TOKEN = "tok-5a1b9c-secret";
    static final DateTimeFormatter SALESFORCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

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

    /** A connector on a fake API that wants the test's bearer token as an API-key header. */
    ConnectorSpec spec(String connector, String table, String schema, String url) {
        return ConnectorSpec.named(connector)
                .url(url)
                .table(table)
                .schema("src/test/resources/paging/" + schema)
                .auth("api-key-header")
                .authName("Authorization")
                .authSecret("Bearer " + TOKEN);
    }

    TreeSet<String> ids(String table) {
        return db.column("SELECT id FROM " + table).stream()
                .map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    void assertEveryRequestAuthenticated() {
        for (PagedApi.Request r : api.requests()) {
            assertEquals("Bearer " + TOKEN, r.headers().get("authorization"), r.toString());
        }
    }

    // ---- RFC 8288 Link header: GitHub, replaying octokit/fixtures' recorded paginate-issues
    // scenario ----

    @Test
    void followsGitHubsLinkHeaderThroughTheRecordedIssuePages() throws Exception {
        JsonNode recorded =
                PagedApi.tree(
                        Files.readString(
                                Path.of(
                                        "src/test/resources/fixtures/octokit/paginate-issues.json")));
        api =
                new PagedApi(
                        r -> {
                            for (JsonNode exchange : recorded) {
                                String path = exchange.get("path").asText();
                                if (path.equals(
                                        r.path()
                                                + (r.rawQuery() == null
                                                        ? ""
                                                        : "?" + r.rawQuery()))) {
                                    String link =
                                            exchange.get("headers")
                                                    .path("link")
                                                    .asText()
                                                    .replace(
                                                            "https://api.github.com",
                                                            api.baseUrl());
                                    return Reply.json(
                                            exchange.get("response").toString(),
                                            link.isEmpty() ? Map.of() : Map.of("Link", link));
                                }
                            }
                            return Reply.status(404, "{\"message\":\"Not Found\"}", Map.of());
                        });
        tributary.add(
                spec(
                                "github",
                                "github_issues",
                                "github-issues.schema.yaml",
                                api.baseUrl() + "/repos/octokit-fixture-org/paginate-issues/issues")
                        .pagination("link-header")
                        .pageSizeParam("per_page")
                        .pageSize(3)
                        .recordsPath("/"));

        SyncOutcome outcome = tributary.sync("github");

        assertTrue(outcome.success(), outcome.summary());
        TreeSet<String> expected = new TreeSet<>();
        recorded.forEach(e -> e.get("response").forEach(i -> expected.add(i.get("id").asText())));
        assertEquals(expected, ids("github_issues"));
        assertEquals(13, expected.size());
        assertEquals(
                List.of(
                        "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3",
                        "/repositories/1000/issues?per_page=3&page=2",
                        "/repositories/1000/issues?per_page=3&page=3",
                        "/repositories/1000/issues?per_page=3&page=4",
                        "/repositories/1000/issues?per_page=3&page=5"),
                api.requests().stream()
                        .map(r -> r.path() + "?" + r.rawQuery())
                        .collect(Collectors.toList()));
        assertEveryRequestAuthenticated();
        assertEquals("2017-10-10T16:00:00Z", db.cursor("github"));
    }

    // ---- Stripe: newest first, has_more + starting_after ----

    /**
     * Stripe's list endpoint over a mutable set of charges: newest first, created[gte] filter,
     * starting_after.
     */
    static final class Stripe {
        final List<ObjectNode> charges = new CopyOnWriteArrayList<>();
        volatile int failOnPage = -1;

        void add(int count, long firstCreated) {
            int start = charges.size();
            for (int i = 0; i < count; i++) {
                charges.add(
                        PagedApi.JSON
                                .createObjectNode()
                                .put("id", String.format("ch_%05d", start + i))
                                .put("object", "charge")
                                .put("created", firstCreated + i * 60L)
                                .put("description", "charge " + (start + i)));
            }
        }

        Reply handle(PagedApi.Request r) {
            int limit = Integer.parseInt(r.query().getOrDefault("limit", "10"));
            long gte = Long.parseLong(r.query().getOrDefault("created[gte]", "0"));
            List<ObjectNode> newestFirst =
                    charges.stream()
                            .filter(c -> c.get("created").asLong() >= gte)
                            .sorted(
                                    Comparator.comparingLong(
                                                    (ObjectNode c) -> c.get("created").asLong())
                                            .reversed()
                                            .thenComparing(
                                                    c -> c.get("id").asText(),
                                                    Comparator.reverseOrder()))
                            .collect(Collectors.toList());
            int from = 0;
            String after = r.param("starting_after");
            if (after != null) {
                for (int i = 0; i < newestFirst.size(); i++) {
                    if (newestFirst.get(i).get("id").asText().equals(after)) {
                        from = i + 1;
                    }
                }
                if (failOnPage == 2) {
                    failOnPage = -1;
                    return Reply.status(
                            400, "{\"error\":{\"message\":\"Invalid starting_after\"}}", Map.of());
                }
            }
            List<ObjectNode> page =
                    newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
            ObjectNode body =
                    PagedApi.JSON
                            .createObjectNode()
                            .put("object", "list")
                            .put("url", "/v1/charges")
                            .put("has_more", from + limit < newestFirst.size());
            body.putArray("data").addAll(page);
            return Reply.json(body);
        }
    }

    @Test
    void stripeNewestFirstCommitsTheHighestCursorOnlyWhenTheSyncCompletes() throws Exception {
        Stripe stripe = new Stripe();
        stripe.add(250, 1_700_000_000L);
        api = new PagedApi(stripe::handle);
        tributary.add(
                spec(
                                "stripe",
                                "stripe_charges",
                                "stripe-charges.schema.yaml",
                                api.baseUrl() + "/v1/charges")
                        .pagination("has-more")
                        .tokenParam("starting_after")
                        .pageSizeParam("limit")
                        .pageSize(20)
                        .recordsPath("/data")
                        .order("descending")
                        .cursorParam("created[gte]"));

        SyncOutcome first = tributary.sync("stripe");
        assertTrue(first.success(), first.summary());
        assertEquals(250, db.count("SELECT COUNT(*) FROM stripe_charges"));
        assertEquals(String.valueOf(1_700_000_000L + 249 * 60), db.cursor("stripe"));
        assertEquals(13, api.requests().size());

        // 30 newer charges; the second page fails once: rows of page 1 are in, but the cursor must
        // not move
        stripe.add(30, 1_700_000_000L + 250 * 60);
        stripe.failOnPage = 2;
        SyncOutcome failed = tributary.sync("stripe");
        assertFalse(failed.success());
        assertEquals(270, db.count("SELECT COUNT(*) FROM stripe_charges"));
        assertEquals(
                String.valueOf(1_700_000_000L + 249 * 60),
                db.cursor("stripe"),
                "a failed newest-first sync keeps the old cursor");

        SyncOutcome again = tributary.sync("stripe");
        assertTrue(again.success(), again.summary());
        assertEquals(
                stripe.charges.stream()
                        .map(c -> c.get("id").asText())
                        .collect(Collectors.toCollection(TreeSet::new)),
                ids("stripe_charges"));
        assertEquals(String.valueOf(1_700_000_000L + 279 * 60), db.cursor("stripe"));
        PagedApi.Request last = api.requests().get(api.requests().size() - 1);
        assertEquals(
                String.valueOf(1_700_000_000L + 249 * 60),
                last.param("created[gte]"),
                "asks from the committed cursor");
    }

    // ---- Zendesk incremental export: after_cursor + end_of_stream ----

    @Test
    void zendeskPagesUntilEndOfStreamThoughTheLastPageStillHasACursor() throws Exception {
        List<ObjectNode> tickets = items(230, "ticket");
        api =
                new PagedApi(
                        r -> {
                            int from =
                                    r.param("cursor") == null
                                            ? 0
                                            : Integer.parseInt(
                                                    new String(
                                                            Base64.getDecoder()
                                                                    .decode(r.param("cursor")),
                                                            StandardCharsets.UTF_8));
                            int to = Math.min(tickets.size(), from + 100);
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("tickets").addAll(tickets.subList(from, to));
                            body.put(
                                    "after_cursor",
                                    Base64.getEncoder()
                                            .encodeToString(
                                                    Integer.toString(to)
                                                            .getBytes(StandardCharsets.UTF_8)));
                            body.put(
                                    "after_url",
                                    api.baseUrl()
                                            + "/api/v2/incremental/tickets/cursor.json?cursor=x");
                            body.put("end_of_stream", to == tickets.size());
                            return Reply.json(body);
                        });
        tributary.add(
                spec(
                                "zendesk",
                                "tickets",
                                "items.schema.yaml",
                                api.baseUrl()
                                        + "/api/v2/incremental/tickets/cursor.json?start_time=1700000000")
                        .pagination("end-flag")
                        .nextPath("/after_cursor")
                        .tokenParam("cursor")
                        .endFlagPath("/end_of_stream")
                        .pageSizeParam("")
                        .recordsPath("/tickets"));

        SyncOutcome outcome = tributary.sync("zendesk");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(idsOf(tickets), ids("tickets"));
        assertEquals(3, api.requests().size());
        assertTrue(
                api.requests().stream().allMatch(r -> "1700000000".equals(r.param("start_time"))),
                "the url's own query goes with every page");
    }

    // ---- Salesforce: relative nextRecordsUrl, +0000 dates ----

    @Test
    void salesforceFollowsRelativeNextRecordsUrlsAndReadsPlusZeroZeroDates() throws Exception {
        List<ObjectNode> accounts = new ArrayList<>();
        Instant t0 = Instant.parse("2024-01-01T10:00:00Z");
        for (int i = 0; i < 450; i++) {
            String id = String.format("001D000000Ab%05d", i);
            ObjectNode a = PagedApi.JSON.createObjectNode();
            a.putObject("attributes")
                    .put("type", "Account")
                    .put("url", "/services/data/v59.0/sobjects/Account/" + id);
            a.put("Id", id)
                    .put("Name", "Account " + i)
                    .put("LastModifiedDate", SALESFORCE.format(t0.plusSeconds(i * 37L)));
            accounts.add(a);
        }
        Pattern more = Pattern.compile("/services/data/v59\\.0/query/01gD0000002HU6KIAW-(\\d+)");
        api =
                new PagedApi(
                        r -> {
                            int from = 0;
                            Matcher m = more.matcher(r.path());
                            if (m.matches()) {
                                from = Integer.parseInt(m.group(1));
                            } else if (!r.path().equals("/services/data/v59.0/query")
                                    || r.param("q") == null) {
                                return Reply.status(
                                        404, "[{\"errorCode\":\"NOT_FOUND\"}]", Map.of());
                            }
                            int to = Math.min(accounts.size(), from + 200);
                            ObjectNode body =
                                    PagedApi.JSON
                                            .createObjectNode()
                                            .put("totalSize", accounts.size())
                                            .put("done", to == accounts.size());
                            if (to < accounts.size()) {
                                body.put(
                                        "nextRecordsUrl",
                                        "/services/data/v59.0/query/01gD0000002HU6KIAW-" + to);
                            }
                            body.putArray("records").addAll(accounts.subList(from, to));
                            return Reply.json(body);
                        });
        tributary.add(
                spec(
                                "salesforce",
                                "accounts",
                                "salesforce-accounts.schema.yaml",
                                api.baseUrl()
                                        + "/services/data/v59.0/query?q=SELECT+Id,Name,LastModifiedDate+FROM+Account+ORDER+BY+LastModifiedDate")
                        .pagination("next-url")
                        .nextPath("/nextRecordsUrl")
                        .pageSizeParam("")
                        .recordsPath("/records"));

        SyncOutcome outcome = tributary.sync("salesforce");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                accounts.stream()
                        .map(a -> a.get("Id").asText())
                        .collect(Collectors.toCollection(TreeSet::new)),
                ids("accounts"));
        assertEquals(
                List.of(
                        "/services/data/v59.0/query",
                        "/services/data/v59.0/query/01gD0000002HU6KIAW-200",
                        "/services/data/v59.0/query/01gD0000002HU6KIAW-400"),
                api.requests().stream().map(PagedApi.Request::path).collect(Collectors.toList()));
        assertEquals(
                List.of(true, false, false),
                api.requests().stream().map(r -> r.param("q") != null).collect(Collectors.toList()),
                "the query goes with the first request only; next URLs carry their own");
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(
                t0.plusSeconds(449 * 37L).toString(), db.cursor("salesforce"), "+0000 read as UTC");
        assertEveryRequestAuthenticated();
    }

    // ---- Jira: startAt/maxResults/total, the server caps maxResults ----

    @Test
    void jiraAdvancesByWhatTheServerReturnedWhenItCapsMaxResults() throws Exception {
        List<ObjectNode> issues = new ArrayList<>();
        for (int i = 0; i < 245; i++) {
            ObjectNode issue =
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", Integer.toString(10_000 + i))
                            .put("key", "PRJ-" + (i + 1));
            issue.putObject("fields")
                    .put("summary", "Issue " + i)
                    .put("updated", "2024-02-0" + (1 + i % 9) + "T08:30:00.000+0000");
            issues.add(issue);
        }
        api =
                new PagedApi(
                        r -> {
                            int startAt = Integer.parseInt(r.param("startAt"));
                            int max =
                                    Math.min(
                                            37,
                                            Integer.parseInt(
                                                    r.param("maxResults"))); // Jira caps what it
                            // was asked for
                            ObjectNode body =
                                    PagedApi.JSON
                                            .createObjectNode()
                                            .put("startAt", startAt)
                                            .put("maxResults", max)
                                            .put("total", issues.size());
                            body.putArray("issues")
                                    .addAll(
                                            issues.subList(
                                                    Math.min(startAt, issues.size()),
                                                    Math.min(issues.size(), startAt + max)));
                            return Reply.json(body);
                        });
        tributary.add(
                spec(
                                "jira",
                                "jira_issues",
                                "jira-issues.schema.yaml",
                                api.baseUrl()
                                        + "/rest/api/2/search?jql=project%3DPRJ+ORDER+BY+updated")
                        .pagination("offset")
                        .offsetParam("startAt")
                        .pageSizeParam("maxResults")
                        .pageSize(100)
                        .totalPath("/total")
                        .recordsPath("/issues"));

        SyncOutcome outcome = tributary.sync("jira");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                issues.stream()
                        .map(i -> i.get("id").asText())
                        .collect(Collectors.toCollection(TreeSet::new)),
                ids("jira_issues"));
        assertEquals(
                List.of("0", "37", "74", "111", "148", "185", "222"),
                api.requests().stream().map(r -> r.param("startAt")).collect(Collectors.toList()));
        assertEquals("project=PRJ ORDER BY updated", api.requests().get(0).param("jql"));
    }

    // ---- offset/limit without a total ----

    @Test
    void offsetWithoutATotalStopsOnTheFirstEmptyPage() throws Exception {
        List<ObjectNode> items = items(120, "item");
        api =
                new PagedApi(
                        r -> {
                            int offset = Integer.parseInt(r.param("offset"));
                            int limit = Integer.parseInt(r.param("limit"));
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("items")
                                    .addAll(
                                            items.subList(
                                                    Math.min(offset, items.size()),
                                                    Math.min(items.size(), offset + limit)));
                            return Reply.json(body);
                        });
        tributary.add(
                spec("offset", "items", "items.schema.yaml", api.baseUrl() + "/api/items")
                        .pagination("offset")
                        .pageSizeParam("limit")
                        .pageSize(50)
                        .recordsPath("/items"));

        SyncOutcome outcome = tributary.sync("offset");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(idsOf(items), ids("items"));
        assertEquals(
                List.of("0", "50", "100", "120"),
                api.requests().stream().map(r -> r.param("offset")).collect(Collectors.toList()));
    }

    // ---- a token in the body: Google's nextPageToken ----

    @Test
    void googleStyleTokensAreFollowedUntilTheTokenIsAbsent() throws Exception {
        List<ObjectNode> files = items(130, "file");
        api =
                new PagedApi(
                        r -> {
                            int from =
                                    r.param("pageToken") == null
                                            ? 0
                                            : Integer.parseInt(
                                                    new String(
                                                            Base64.getUrlDecoder()
                                                                    .decode(r.param("pageToken")),
                                                            StandardCharsets.UTF_8));
                            int size = Integer.parseInt(r.param("pageSize"));
                            int to = Math.min(files.size(), from + size);
                            ObjectNode body =
                                    PagedApi.JSON.createObjectNode().put("kind", "drive#fileList");
                            if (to < files.size()) {
                                body.put(
                                        "nextPageToken",
                                        Base64.getUrlEncoder()
                                                .encodeToString(
                                                        ("" + to)
                                                                .getBytes(StandardCharsets.UTF_8)));
                            }
                            body.putArray("files").addAll(files.subList(from, to));
                            return Reply.json(body);
                        });
        tributary.add(
                spec("drive", "files", "items.schema.yaml", api.baseUrl() + "/drive/v3/files")
                        .pagination("cursor")
                        .nextPath("$.nextPageToken")
                        .tokenParam("pageToken")
                        .pageSizeParam("pageSize")
                        .pageSize(50)
                        .recordsPath("$.files"));

        SyncOutcome outcome = tributary.sync("drive");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(idsOf(files), ids("files"));
        assertEquals(3, api.requests().size());
        assertNull(api.requests().get(0).param("pageToken"));
    }

    // ---- HubSpot: an absolute next link in the body ----

    @Test
    void hubspotFollowsTheAbsoluteLinkInPagingNext() throws Exception {
        List<ObjectNode> contacts = items(75, "contact");
        api =
                new PagedApi(
                        r -> {
                            int from =
                                    r.param("after") == null
                                            ? 0
                                            : Integer.parseInt(r.param("after"));
                            int to =
                                    Math.min(
                                            contacts.size(),
                                            from + Integer.parseInt(r.param("limit")));
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("results").addAll(contacts.subList(from, to));
                            if (to < contacts.size()) {
                                body.putObject("paging")
                                        .putObject("next")
                                        .put("after", "" + to)
                                        .put(
                                                "link",
                                                api.baseUrl()
                                                        + "/crm/v3/objects/contacts?limit=30&after="
                                                        + to);
                            }
                            return Reply.json(body);
                        });
        tributary.add(
                spec(
                                "hubspot",
                                "contacts",
                                "items.schema.yaml",
                                api.baseUrl() + "/crm/v3/objects/contacts")
                        .pagination("next-url")
                        .nextPath("/paging/next/link")
                        .pageSizeParam("limit")
                        .pageSize(30)
                        .recordsPath("/results"));

        SyncOutcome outcome = tributary.sync("hubspot");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(idsOf(contacts), ids("contacts"));
        assertEquals(
                List.of("0", "30", "60"),
                api.requests().stream()
                        .map(r -> r.query().getOrDefault("after", "0"))
                        .collect(Collectors.toList()));
        assertEveryRequestAuthenticated();
    }

    // ---- a token in a POST body: Notion's database query ----

    @Test
    void notionStylePagesByPostWithTheTokenInTheBody() throws Exception {
        List<ObjectNode> rows = items(120, "page");
        api =
                new PagedApi(
                        r -> {
                            if (!r.method().equals("POST")) {
                                return Reply.status(405, "{\"message\":\"POST only\"}", Map.of());
                            }
                            JsonNode request = PagedApi.tree(r.body());
                            int from =
                                    request.hasNonNull("start_cursor")
                                            ? Integer.parseInt(
                                                    request.get("start_cursor")
                                                            .asText()
                                                            .substring(2))
                                            : 0;
                            int to = Math.min(rows.size(), from + request.get("page_size").asInt());
                            ObjectNode body =
                                    PagedApi.JSON
                                            .createObjectNode()
                                            .put("object", "list")
                                            .put("has_more", to < rows.size());
                            body.put("next_cursor", to < rows.size() ? "c-" + to : null);
                            body.putArray("results").addAll(rows.subList(from, to));
                            return Reply.json(body);
                        });
        tributary.add(
                spec(
                                "notion",
                                "notion_pages",
                                "items.schema.yaml",
                                api.baseUrl() + "/v1/databases/d9824bdc/query")
                        .pagination("post-token")
                        .requestBody(
                                "{\"filter\":{\"property\":\"Status\",\"status\":{\"equals\":\"Done\"}}}")
                        .nextPath("/next_cursor")
                        .tokenParam("start_cursor")
                        .hasMorePath("/has_more")
                        .pageSizeParam("page_size")
                        .pageSize(50)
                        .recordsPath("/results"));

        SyncOutcome outcome = tributary.sync("notion");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(idsOf(rows), ids("notion_pages"));
        List<PagedApi.Request> requests = api.requests();
        assertEquals(3, requests.size());
        for (PagedApi.Request r : requests) {
            assertEquals("POST", r.method());
            assertEquals("Done", PagedApi.tree(r.body()).at("/filter/status/equals").asText());
            assertTrue(
                    r.headers().get("content-type").startsWith("application/json"),
                    r.headers().toString());
        }
        assertEquals("c-100", PagedApi.tree(requests.get(2).body()).get("start_cursor").asText());
    }

    @Test
    void aRefusedPostIsReportedAsAPost() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.status(
                                        400, "{\"message\":\"body failed validation\"}", Map.of()));
        tributary.add(
                spec(
                                "notion",
                                "notion_pages",
                                "items.schema.yaml",
                                api.baseUrl() + "/v1/databases/d9824bdc/query")
                        .pagination("post-token")
                        .nextPath("/next_cursor")
                        .tokenParam("start_cursor")
                        .recordsPath("/results"));

        SyncOutcome outcome = tributary.sync("notion");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error()
                        .contains(
                                "HTTP 400 Bad Request from POST "
                                        + api.baseUrl()
                                        + "/v1/databases/d9824bdc/query"),
                outcome.error());
        assertTrue(outcome.error().contains("body failed validation"), outcome.error());
    }

    // ---- helpers ----

    static List<ObjectNode> items(int count, String kind) {
        List<ObjectNode> list = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", String.format("%s-%04d", kind, i))
                            .put("name", kind + " " + i)
                            .put("updated_at", t0.plusSeconds(i * 10L).toString()));
        }
        return list;
    }

    static TreeSet<String> idsOf(List<ObjectNode> records) {
        return records.stream()
                .map(r -> r.get("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static ArrayNode array(List<ObjectNode> records) {
        ArrayNode a = PagedApi.JSON.createArrayNode();
        a.addAll(records);
        return a;
    }
}
