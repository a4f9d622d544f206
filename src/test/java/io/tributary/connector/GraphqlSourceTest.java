package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code pagination: graphql} against a loopback server shaped like GitHub's GraphQL API, and the
 * example {@code examples/github-issues-graphql/} loaded as it ships. On PostgreSQL too: {@link
 * GraphqlSourceOnPostgresTest}.
 */
class GraphqlSourceTest {
    /** The example's query, as the connector must send it. */
    static final String QUERY =
            "query($owner: String!, $name: String!, $after: String, $since: DateTime) {"
                    + " repository(owner: $owner, name: $name) { issues(first: 100, after: $after,"
                    + " filterBy: { since: $since }, orderBy: { field: UPDATED_AT, direction: ASC })"
                    + " { pageInfo { hasNextPage endCursor } nodes { id number title state updatedAt"
                    + " } } } }";

    final Database db = newDatabase();
    ConnectorHarness tributary;
    PagedApi api;
    GitHubGraphql github = new GitHubGraphql();

    Database newDatabase() {
        return Database.h2();
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /**
     * GitHub's GraphQL API, {@code POST /graphql}
     * (docs.github.com/en/graphql/guides/forming-calls-with-graphql): a JSON body of {@code query}
     * (a string) and {@code variables} (an object); the {@code repository.issues} connection
     * (docs.github.com/en/graphql/reference/objects#repository) with {@code first} (capped here at
     * 2, to page), {@code after} (a cursor from {@code pageInfo.endCursor}, or null: an empty
     * string is not a cursor), {@code filterBy: { since }} (issues updated at or after,
     * docs.github.com/en/graphql/reference/input-objects#issuefilters) and {@code orderBy: { field:
     * UPDATED_AT, direction: ASC }}; answers {@code
     * {"data":{"repository":{"issues":{"pageInfo":{...},"nodes":[...]}}}}}, and reports a query it
     * cannot serve with HTTP 200 and an {@code errors} array, as GitHub does.
     */
    static final class GitHubGraphql implements PagedApi.Handler {
        static final String TOKEN = "github_pat_11AAAAAAA0graphql";
        static final Pattern FIRST = Pattern.compile("issues\\(first: (\\d+), after: \\$after,");
        final List<ObjectNode> issues = new CopyOnWriteArrayList<>();

        /** Answers given before the normal ones, one a request (a throttle, an error). */
        final ConcurrentLinkedDeque<Reply> next = new ConcurrentLinkedDeque<>();

        void issue(int n, String updatedAt) {
            issues.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "I_kwDOAB" + n)
                            .put("number", n)
                            .put("title", "Issue " + n)
                            .put("state", "OPEN")
                            .put("updatedAt", updatedAt));
        }

        static String cursor(int index) {
            return Base64.getEncoder()
                    .encodeToString(("cursor:v2:" + index).getBytes(StandardCharsets.UTF_8));
        }

        static Reply errors(String errors) {
            return Reply.json("{\"data\":null,\"errors\":" + errors + "}");
        }

        @Override
        public Reply handle(PagedApi.Request r) throws Exception {
            if (!("Bearer " + TOKEN).equals(r.headers().get("authorization"))) {
                return Reply.status(
                        401,
                        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/graphql\"}",
                        Map.of());
            }
            JsonNode request = PagedApi.JSON.readTree(r.body());
            JsonNode variables = request.path("variables");
            Matcher first = FIRST.matcher(request.path("query").asText());
            if (!r.method().equals("POST")
                    || !r.path().equals("/graphql")
                    || !request.path("query").isTextual()
                    || !variables.isObject()
                    || !first.find()
                    || !variables.path("owner").asText().equals("octo-org")
                    || !variables.path("name").asText().equals("octo-repo")) {
                return Reply.status(
                        400,
                        "{\"message\":\"Problems parsing JSON\",\"documentation_url\":\"https://docs.github.com/graphql\"}",
                        Map.of());
            }
            JsonNode after = variables.get("after");
            if (after != null && after.isTextual() && !after.asText().startsWith("Y3Vyc29y")) {
                return errors(
                        "[{\"message\":\"`"
                                + after.asText()
                                + "` does not appear to be a valid cursor.\",\"locations\":[{\"line\":1,\"column\":60}]}]");
            }
            Reply queued = next.poll();
            if (queued != null) {
                return queued;
            }
            Instant since =
                    variables.path("since").isTextual()
                            ? Instant.parse(variables.get("since").asText())
                            : Instant.EPOCH;
            List<ObjectNode> matching = new ArrayList<>();
            for (ObjectNode i : issues) {
                if (!updated(i).isBefore(since)) {
                    matching.add(i);
                }
            }
            matching.sort(Comparator.comparing(GitHubGraphql::updated));
            int at =
                    after == null || after.isNull()
                            ? 0
                            : Integer.parseInt(
                                            new String(
                                                            Base64.getDecoder()
                                                                    .decode(after.asText()),
                                                            StandardCharsets.UTF_8)
                                                    .substring("cursor:v2:".length()))
                                    + 1;
            int to = Math.min(matching.size(), at + Math.min(2, Integer.parseInt(first.group(1))));
            ObjectNode connection = PagedApi.JSON.createObjectNode();
            connection
                    .putObject("pageInfo")
                    .put("hasNextPage", to < matching.size())
                    .put("endCursor", to > at ? cursor(to - 1) : null);
            connection.putArray("nodes").addAll(matching.subList(at, to));
            ObjectNode body = PagedApi.JSON.createObjectNode();
            body.putObject("data").putObject("repository").set("issues", connection);
            return Reply.json(body);
        }

        static Instant updated(JsonNode issue) {
            return Instant.parse(issue.path("updatedAt").asText());
        }
    }

    void start() throws Exception {
        api = new PagedApi(github);
        tributary = new ConnectorHarness(db);
        tributary.start();
    }

    /** The example's settings as parameters of a connector built by the harness. */
    void add(String connector) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", api.baseUrl() + "/graphql");
        p.put("auth", "bearer");
        p.put("authSecret", GitHubGraphql.TOKEN);
        p.put("pagination", "graphql");
        p.put(
                "requestBody",
                "{\"query\": \""
                        + QUERY.replace("\"", "\\\"")
                        + "\", \"variables\": {\"owner\": \"octo-org\", \"name\": \"octo-repo\","
                        + " \"since\": \"{cursor}\"}}");
        p.put("recordsPath", "/data/repository/issues/nodes");
        p.put("nextPath", "/data/repository/issues/pageInfo/endCursor");
        p.put("hasMorePath", "/data/repository/issues/pageInfo/hasNextPage");
        p.put("cursorStart", "2024-01-01T00:00:00Z");
        p.put("schema", "examples/github-issues-graphql/github-issues-graphql.schema.yaml");
        p.put("table", "github_issues_graphql");
        tributary.add(connector, p);
    }

    void fiveIssuesThreeOfThemUpdatedInTheSameSecond() {
        github.issue(1, "2024-01-02T10:00:00Z");
        github.issue(2, "2024-01-02T10:00:00Z");
        github.issue(3, "2024-01-02T10:00:00Z");
        github.issue(4, "2024-01-02T10:03:00Z");
        github.issue(5, "2024-01-02T10:04:00Z");
    }

    List<JsonNode> variablesSent() {
        return api.requests().stream().map(r -> PagedApi.tree(r.body()).path("variables")).toList();
    }

    double errors(String type) {
        return registry().counter("tributary.errors", "connector", "issues", "type", type).count();
    }

    MeterRegistry registry() {
        return tributary
                .context()
                .getRegistry()
                .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
    }

    @Test
    void theExampleReadsEveryPageAndTheNextSyncSendsItsCursorAsSince() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        api = new PagedApi(github);
        tributary = new ConnectorHarness(db);
        tributary.set("github.schedule", "direct:github-issues-graphql");
        tributary.set("github.graphql-url", api.baseUrl() + "/graphql");
        tributary.set("github.token", GitHubGraphql.TOKEN);
        tributary.set("github.owner", "octo-org");
        tributary.set("github.repo", "octo-repo");
        tributary.start();
        tributary.load("examples/github-issues-graphql/github-issues-graphql.camel.yaml");

        SyncOutcome first = tributary.sync("github-issues-graphql");
        int before = api.requests().size();
        github.issue(6, "2024-01-02T11:00:00Z");
        SyncOutcome second = tributary.sync("github-issues-graphql");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        assertEquals(
                List.of(
                        "I_kwDOAB1",
                        "I_kwDOAB2",
                        "I_kwDOAB3",
                        "I_kwDOAB4",
                        "I_kwDOAB5",
                        "I_kwDOAB6"),
                db.column("SELECT id FROM github_issues_graphql ORDER BY id"));
        assertEquals("2024-01-02T11:00:00Z", db.cursor("github-issues-graphql"));
        List<JsonNode> sent = variablesSent();
        assertTrue(
                sent.get(0).has("after") && sent.get(0).get("after").isNull(),
                "the first page's after is JSON null: " + sent.get(0));
        assertEquals("2024-01-01T00:00:00Z", sent.get(0).path("since").asText());
        assertTrue(
                sent.subList(0, before).stream()
                        .anyMatch(v -> v.path("after").asText().equals(GitHubGraphql.cursor(1))),
                "three issues of one second span a page: the next page is asked for by endCursor "
                        + sent);
        PagedApi.Request next = api.requests().get(before);
        assertEquals("POST", next.method());
        assertEquals("/graphql", next.path());
        assertEquals("Bearer " + GitHubGraphql.TOKEN, next.headers().get("authorization"));
        assertTrue(
                next.headers().get("content-type").startsWith("application/json"),
                next.headers().toString());
        JsonNode body = PagedApi.tree(next.body());
        assertEquals(QUERY, body.path("query").asText());
        assertEquals(
                PagedApi.tree(
                        "{\"owner\":\"octo-org\",\"name\":\"octo-repo\","
                                + "\"since\":\"2024-01-02T10:04:00Z\",\"after\":null}"),
                body.path("variables"),
                "the second sync starts at the first one's cursor, on the first page");
    }

    @Test
    void aTemplatedRouteReadsEveryPage() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        start();
        add("issues");

        SyncOutcome outcome = tributary.sync("issues");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(5L, db.count("SELECT COUNT(*) FROM github_issues_graphql"));
        assertEquals("2024-01-02T10:04:00Z", db.cursor("issues"));
    }

    @Test
    void aKameletRouteReadsEveryPage() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        start();
        tributary.inKameletForm();
        add("issues");

        SyncOutcome outcome = tributary.sync("issues");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(5L, db.count("SELECT COUNT(*) FROM github_issues_graphql"));
        assertEquals("2024-01-02T10:04:00Z", db.cursor("issues"));
    }

    @Test
    void aRateLimitedErrorOnHttp200IsWaitedOutAndAskedAgain() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        start();
        add("issues");
        // docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
        github.next.add(
                new Reply(
                        200,
                        Map.of(
                                "Content-Type",
                                "application/json; charset=utf-8",
                                "X-RateLimit-Limit",
                                "5000",
                                "X-RateLimit-Remaining",
                                "0",
                                "X-RateLimit-Reset",
                                Long.toString(Instant.now().getEpochSecond() + 1)),
                        "{\"errors\":[{\"type\":\"RATE_LIMITED\",\"code\":\"graphql_rate_limit\","
                                + "\"message\":\"API rate limit already exceeded for user ID 1.\"}]}"));

        SyncOutcome outcome = tributary.sync("issues");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(5L, db.count("SELECT COUNT(*) FROM github_issues_graphql"));
        assertEquals(1.0, errors("rate_limit"), "the throttled answer counts as rate-limited");
        assertEquals(
                variablesSent().get(0), variablesSent().get(1), "the same page is asked for again");
    }

    @Test
    void anotherErrorOnHttp200FailsTheRunWithItsMessage() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        start();
        add("issues");
        github.next.add(
                GitHubGraphql.errors(
                        "[{\"type\":\"NOT_FOUND\",\"path\":[\"repository\"],"
                                + "\"locations\":[{\"line\":1,\"column\":95}],"
                                + "\"message\":\"Could not resolve to a Repository with the name 'octo-org/octo-repo'.\"}]"));

        SyncOutcome outcome = tributary.sync("issues");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error()
                        .contains(
                                "NOT_FOUND: Could not resolve to a Repository with the name 'octo-org/octo-repo'."),
                outcome.error());
        assertTrue(
                outcome.error()
                        .contains(
                                ": the body matched errorPolicy rule"
                                        + " '2xx:/errors=fail (the graphql default)'"),
                outcome.error());
        assertTrue(
                outcome.error().contains("HTTP 200 OK from POST " + api.baseUrl() + "/graphql"),
                outcome.error());
        assertEquals(1, api.requests().size(), "not asked again");
        assertEquals(0L, db.count("SELECT COUNT(*) FROM github_issues_graphql"));
        assertEquals(0.0, errors("rate_limit"));
    }

    @Test
    void aShopifyThrottleWaitsUntilTheBucketHoldsTheQueryCost() throws Exception {
        fiveIssuesThreeOfThemUpdatedInTheSameSecond();
        start();
        add("issues");
        // shopify.dev/docs/api/usage/limits: the cost of the query, what the bucket holds, its
        // refill per second: (102 - 52) / 100 = 0.5 s
        github.next.add(
                GitHubGraphql.errors(
                                "[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\","
                                        + "\"documentation\":\"https://shopify.dev/api/usage/limits\"}}]")
                        .body()
                        .transform(
                                b ->
                                        Reply.json(
                                                b.substring(0, b.length() - 1)
                                                        + ",\"extensions\":{\"cost\":{\"requestedQueryCost\":102,"
                                                        + "\"actualQueryCost\":null,\"throttleStatus\":{\"maximumAvailable\":1000.0,"
                                                        + "\"currentlyAvailable\":52,\"restoreRate\":100.0}}}}")));

        SyncOutcome outcome = tributary.sync("issues");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(5L, db.count("SELECT COUNT(*) FROM github_issues_graphql"));
        assertEquals(1.0, errors("rate_limit"));
        io.micrometer.core.instrument.Timer waits =
                registry().find("tributary.rate.limit.wait").tag("connector", "issues").timer();
        assertEquals(1L, waits.count());
        assertEquals(500.0, waits.totalTime(TimeUnit.MILLISECONDS), "the computed wait");
    }
}
