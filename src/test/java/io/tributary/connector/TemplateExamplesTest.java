package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request-template examples ({@code examples/jira-issues/}, {@code
 * examples/salesforce-accounts/}, {@code examples/hubspot-contacts/}), each route file loaded as it
 * ships (its properties pointed at a loopback API shaped like the vendor's), synced twice: the
 * second sync's first request must carry the first sync's cursor in the API's own format and
 * escaping, exactly as the server received it. On PostgreSQL too: {@link
 * TemplateExamplesOnPostgresTest}.
 */
class TemplateExamplesTest {
    static final DateTimeFormatter PLUS_0000 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    final Database db = newDatabase();
    ConnectorHarness tributary;
    PagedApi api;

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

    /** Starts Tributary with the example's properties and loads its route file. */
    void load(String example, String prefix, Map<String, String> properties) throws Exception {
        tributary = new ConnectorHarness(db);
        tributary.set(prefix + ".schedule", "direct:" + example);
        properties.forEach(tributary::set);
        tributary.start();
        tributary.load("examples/" + example + "/" + example + ".camel.yaml");
    }

    /** The requests of the latest sync: those after the first {@code before}. */
    List<PagedApi.Request> since(int before) {
        List<PagedApi.Request> all = api.requests();
        return all.subList(before, all.size());
    }

    // ---- Jira Cloud ----

    /**
     * Jira Cloud REST v3, "Search for issues using JQL enhanced search (GET)" ({@code GET
     * /rest/api/3/search/jql},
     * developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search): {@code jql},
     * {@code fields}, {@code maxResults} (capped, here at 2, as Jira caps it) and {@code
     * nextPageToken}; answers {@code {"issues":[...],"nextPageToken":"...","isLast":false}}. JQL
     * compares {@code updated} to the minute in the user's time zone (here Europe/Berlin); a query
     * it cannot read is a 400 as Jira's.
     */
    static final class JiraCloud implements PagedApi.Handler {
        static final Pattern JQL =
                Pattern.compile(
                        "project = PRJ AND updated >= \"(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2})\" ORDER BY updated ASC");
        final List<ObjectNode> issues = new CopyOnWriteArrayList<>();
        final ZoneId userZone = ZoneId.of("Europe/Berlin");

        void issue(int n, String updated) {
            ObjectNode issue =
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", Integer.toString(10_000 + n))
                            .put("key", "PRJ-" + n);
            ObjectNode fields = issue.putObject("fields").put("summary", "Issue " + n);
            fields.putObject("status").put("name", "To Do");
            fields.put("updated", PLUS_0000.format(Instant.parse(updated)));
            issues.add(issue);
        }

        @Override
        public Reply handle(PagedApi.Request r) {
            Matcher m = JQL.matcher(String.valueOf(r.param("jql")));
            if (!r.path().equals("/rest/api/3/search/jql")
                    || !m.matches()
                    || !"summary,status,updated".equals(r.param("fields"))) {
                return Reply.status(
                        400, "{\"errorMessages\":[\"Error in the JQL Query\"]}", Map.of());
            }
            Instant from =
                    LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                            .atZone(userZone)
                            .toInstant();
            List<ObjectNode> matching = new ArrayList<>();
            for (ObjectNode i : issues) {
                if (!updated(i).isBefore(from)) {
                    matching.add(i);
                }
            }
            matching.sort(Comparator.comparing(JiraCloud::updated));
            int max = Math.min(2, Integer.parseInt(r.param("maxResults")));
            String token = r.param("nextPageToken");
            int at =
                    token == null
                            ? 0
                            : Integer.parseInt(
                                    new String(
                                            Base64.getDecoder().decode(token),
                                            StandardCharsets.UTF_8));
            int to = Math.min(matching.size(), at + max);
            ObjectNode body = PagedApi.JSON.createObjectNode();
            body.putArray("issues").addAll(matching.subList(at, to));
            if (to < matching.size()) {
                body.put(
                        "nextPageToken",
                        Base64.getEncoder()
                                .encodeToString(
                                        Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
            }
            return Reply.json(body.put("isLast", to >= matching.size()));
        }

        static Instant updated(JsonNode issue) {
            return PLUS_0000.parse(issue.at("/fields/updated").asText(), Instant::from);
        }
    }

    @Test
    void jiraReadsFromTheLastIssuesMinuteInTheUsersZoneInsideTheJql() throws Exception {
        JiraCloud jira = new JiraCloud();
        jira.issue(1, "2024-01-01T09:00:05Z");
        jira.issue(2, "2024-01-01T09:30:10Z");
        jira.issue(3, "2024-01-01T10:15:20Z");
        jira.issue(4, "2024-01-01T10:15:42.123Z"); // the same minute as PRJ-3
        jira.issue(5, "2024-01-01T11:00:00Z");
        api = new PagedApi(jira);
        load(
                "jira-issues",
                "jira",
                Map.of(
                        "jira.base-url", api.baseUrl(),
                        "jira.email", "agent@example.com",
                        "jira.api-token", "jira-token-123"));

        SyncOutcome first = tributary.sync("jira-issues");
        int before = api.requests().size();
        jira.issue(6, "2024-01-01T12:00:00Z");
        SyncOutcome second = tributary.sync("jira-issues");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        // cursorStart 00:00Z is 01:00 in Berlin; each committed page moves the cursor, and the
        // pages
        // start again from it; PRJ-3 and PRJ-4 share 11:15, which is read again (unchanged)
        assertEquals(
                List.of(
                        "01:00 page 1",
                        "10:30 page 1",
                        "11:15 page 1",
                        "11:15 page 1",
                        "11:15 page 2"),
                api.requests().subList(0, before).stream()
                        .map(
                                r ->
                                        r.param("jql").substring(41, 46)
                                                + (r.param("nextPageToken") == null
                                                        ? " page 1"
                                                        : " page 2"))
                        .toList());
        assertTrue(first.summary().contains("written=6 unchanged=3"), first.summary());
        PagedApi.Request sent = since(before).get(0);
        assertEquals("GET", sent.method());
        assertEquals("/rest/api/3/search/jql", sent.path());
        assertEquals(
                "jql=project%20%3D%20PRJ%20AND%20updated%20%3E%3D%20%222024-01-01%2012%3A00%22%20ORDER%20BY%20updated%20ASC"
                        + "&fields=summary%2Cstatus%2Cupdated&maxResults=100",
                sent.rawQuery(),
                "PRJ-5's 11:00Z as Berlin's minute, each character encoded as a query value");
        assertEquals(
                Map.of(
                        "jql",
                        "project = PRJ AND updated >= \"2024-01-01 12:00\" ORDER BY updated ASC",
                        "fields",
                        "summary,status,updated",
                        "maxResults",
                        "100"),
                sent.query());
        assertEquals(
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        "agent@example.com:jira-token-123"
                                                .getBytes(StandardCharsets.UTF_8)),
                sent.headers().get("authorization"));
        assertEquals("application/json", sent.headers().get("accept"));
        assertEquals("", sent.body());
        assertEquals(
                List.of("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4", "PRJ-5", "PRJ-6"),
                db.column("SELECT issue_key FROM jira_issues ORDER BY issue_key"));
        assertEquals("2024-01-01T12:00:00Z", db.cursor("jira-issues"));
    }

    // ---- Salesforce ----

    /**
     * Salesforce REST API, "Execute a SOQL Query" ({@code GET /services/data/v60.0/query?q=...},
     * developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm): a
     * {@code WHERE LastModifiedDate >= 2024-01-02T10:00:00Z} date-time literal (unquoted UTC), the
     * batch size from header {@code Sforce-Query-Options: batchSize=N}, the rest behind {@code
     * nextRecordsUrl}; the OAuth 2.0 client credentials flow at {@code /services/oauth2/token}
     * (form fields, no {@code expires_in} in the answer, as Salesforce's).
     */
    static final class Salesforce implements PagedApi.Handler {
        static final Pattern SOQL =
                Pattern.compile(
                        "SELECT Id, Name, LastModifiedDate FROM Account WHERE LastModifiedDate >= "
                                + "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z) ORDER BY LastModifiedDate ASC");
        static final Pattern MORE =
                Pattern.compile("/services/data/v60\\.0/query/(01gD\\d+)-(\\d+)");
        static final String TOKEN = "00D000000000001!AQ4AQ.token";
        final List<ObjectNode> accounts = new CopyOnWriteArrayList<>();
        final Map<String, List<ObjectNode>> cursors = new ConcurrentHashMap<>();

        void account(int n, Instant modified) {
            accounts.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("Id", String.format("001D000000Ab%05d", n))
                            .put("Name", "Account " + n)
                            .put("LastModifiedDate", PLUS_0000.format(modified)));
        }

        @Override
        public Reply handle(PagedApi.Request r) {
            if (r.path().equals("/services/oauth2/token")) {
                Map<String, String> form = PagedApi.parseQuery(r.body());
                return "client_credentials".equals(form.get("grant_type"))
                                && "sf-client".equals(form.get("client_id"))
                                && "sf-secret".equals(form.get("client_secret"))
                        ? Reply.json(
                                "{\"access_token\":\""
                                        + TOKEN
                                        + "\",\"token_type\":\"Bearer\",\"issued_at\":\"1704189600000\"}")
                        : Reply.status(400, "{\"error\":\"invalid_client\"}", Map.of());
            }
            if (!("Bearer " + TOKEN).equals(r.headers().get("authorization"))) {
                return Reply.status(
                        401,
                        "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]",
                        Map.of());
            }
            Matcher more = MORE.matcher(r.path());
            List<ObjectNode> result;
            String locator;
            int at;
            if (more.matches()) {
                locator = more.group(1);
                result = cursors.get(locator);
                at = Integer.parseInt(more.group(2));
            } else {
                Matcher m = SOQL.matcher(String.valueOf(r.param("q")));
                if (!r.path().equals("/services/data/v60.0/query") || !m.matches()) {
                    return Reply.status(
                            400,
                            "[{\"message\":\"unexpected token\",\"errorCode\":\"MALFORMED_QUERY\"}]",
                            Map.of());
                }
                Instant from = Instant.parse(m.group(1));
                result = new ArrayList<>();
                for (ObjectNode a : accounts) {
                    if (!modified(a).isBefore(from)) {
                        result.add(a);
                    }
                }
                result.sort(Comparator.comparing(Salesforce::modified));
                locator = "01gD" + (cursors.size() + 1);
                cursors.put(locator, result);
                at = 0;
            }
            Matcher batch =
                    Pattern.compile("batchSize=(\\d+)")
                            .matcher(r.headers().getOrDefault("sforce-query-options", ""));
            int size = batch.find() ? Integer.parseInt(batch.group(1)) : 2000;
            int to = Math.min(result.size(), at + size);
            ObjectNode body =
                    PagedApi.JSON
                            .createObjectNode()
                            .put("totalSize", result.size())
                            .put("done", to == result.size());
            if (to < result.size()) {
                body.put("nextRecordsUrl", "/services/data/v60.0/query/" + locator + "-" + to);
            }
            body.putArray("records").addAll(result.subList(at, to));
            return Reply.json(body);
        }

        static Instant modified(JsonNode account) {
            return PLUS_0000.parse(account.get("LastModifiedDate").asText(), Instant::from);
        }
    }

    @Test
    void salesforceReadsFromTheLastModifiedDateAsAnUnquotedSoqlLiteral() throws Exception {
        Salesforce salesforce = new Salesforce();
        Instant t0 = Instant.parse("2024-01-01T10:00:00Z");
        for (int i = 0; i < 250; i++) {
            salesforce.account(i, t0.plusSeconds(i * 37L));
        }
        api = new PagedApi(salesforce);
        load(
                "salesforce-accounts",
                "salesforce",
                Map.of(
                        "salesforce.instance-url", api.baseUrl(),
                        "salesforce.client-id", "sf-client",
                        "salesforce.client-secret", "sf-secret"));

        SyncOutcome first = tributary.sync("salesforce-accounts");
        int before = api.requests().size();
        salesforce.account(250, Instant.parse("2024-01-01T13:00:00Z"));
        SyncOutcome second = tributary.sync("salesforce-accounts");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        PagedApi.Request sent =
                since(before).stream()
                        .filter(r -> !r.path().endsWith("/token"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("GET", sent.method());
        assertEquals("/services/data/v60.0/query", sent.path());
        // the last of the first sync: t0 + 249 * 37 s = 12:33:33Z
        assertEquals(
                "q=SELECT%20Id%2C%20Name%2C%20LastModifiedDate%20FROM%20Account%20WHERE%20LastModifiedDate"
                        + "%20%3E%3D%202024-01-01T12%3A33%3A33Z%20ORDER%20BY%20LastModifiedDate%20ASC",
                sent.rawQuery());
        assertEquals(
                Map.of(
                        "q",
                        "SELECT Id, Name, LastModifiedDate FROM Account WHERE LastModifiedDate >= "
                                + "2024-01-01T12:33:33Z ORDER BY LastModifiedDate ASC"),
                sent.query());
        assertEquals("batchSize=200", sent.headers().get("sforce-query-options"));
        assertEquals("Bearer " + Salesforce.TOKEN, sent.headers().get("authorization"));
        assertEquals("", sent.body());
        assertEquals(251L, db.count("SELECT COUNT(*) FROM salesforce_accounts"));
        assertEquals("2024-01-01T13:00:00Z", db.cursor("salesforce-accounts"));
        // the first sync: a batch of 200 committed, then the query again from its cursor (rec 199,
        // t0 + 7363 s), not its nextRecordsUrl
        assertEquals(
                List.of("2024-01-01T00:00:00Z", "2024-01-01T12:02:43Z"),
                api.requests().subList(0, before).stream()
                        .filter(r -> r.param("q") != null)
                        .map(r -> r.param("q").substring(73, 93))
                        .toList());
    }

    // ---- HubSpot ----

    /**
     * HubSpot CRM API v3, "Search the CRM" ({@code POST /crm/v3/objects/contacts/search},
     * developers.hubspot.com/docs/api/crm/search): a filter {@code lastmodifieddate GTE <epoch ms>}
     * (a string), ascending sort, {@code properties}, {@code limit} (capped, here at 3, to page)
     * and the token in {@code after}; answers {@code
     * {"total":N,"results":[...],"paging":{"next":{"after":"3"}}}}; a private app's token as
     * Bearer.
     */
    static final class HubSpot implements PagedApi.Handler {
        static final String TOKEN = "pat-na1-0000-hubspot";
        final List<ObjectNode> contacts = new CopyOnWriteArrayList<>();

        void contact(int n, String modified) {
            ObjectNode c = PagedApi.JSON.createObjectNode().put("id", Integer.toString(100 + n));
            c.putObject("properties")
                    .put("email", "c" + n + "@example.com")
                    .put("firstname", "Contact")
                    .put("lastname", "N" + n)
                    .put("lastmodifieddate", modified)
                    .put("hs_object_id", Integer.toString(100 + n));
            c.put("archived", false);
            contacts.add(c);
        }

        @Override
        public Reply handle(PagedApi.Request r) throws Exception {
            if (!("Bearer " + TOKEN).equals(r.headers().get("authorization"))) {
                return Reply.status(
                        401,
                        "{\"status\":\"error\",\"category\":\"INVALID_AUTHENTICATION\"}",
                        Map.of());
            }
            JsonNode search = PagedApi.JSON.readTree(r.body());
            JsonNode filter = search.at("/filterGroups/0/filters/0");
            if (!r.method().equals("POST")
                    || !r.path().equals("/crm/v3/objects/contacts/search")
                    || !filter.path("propertyName").asText().equals("lastmodifieddate")
                    || !filter.path("operator").asText().equals("GTE")
                    || !filter.path("value").isTextual()
                    || !filter.path("value").asText().matches("\\d+")
                    || !search.at("/sorts/0/direction").asText().equals("ASCENDING")) {
                return Reply.status(
                        400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\"}", Map.of());
            }
            Instant from = Instant.ofEpochMilli(Long.parseLong(filter.path("value").asText()));
            List<ObjectNode> matching = new ArrayList<>();
            for (ObjectNode c : contacts) {
                if (!modified(c).isBefore(from)) {
                    matching.add(c);
                }
            }
            matching.sort(Comparator.comparing(HubSpot::modified));
            int limit = Math.min(3, search.path("limit").asInt(10));
            int at = search.has("after") ? Integer.parseInt(search.get("after").asText()) : 0;
            int to = Math.min(matching.size(), at + limit);
            ObjectNode body = PagedApi.JSON.createObjectNode().put("total", matching.size());
            body.putArray("results").addAll(matching.subList(at, to));
            if (to < matching.size()) {
                body.putObject("paging").putObject("next").put("after", Integer.toString(to));
            }
            return Reply.json(body);
        }

        static Instant modified(JsonNode contact) {
            return Instant.parse(contact.at("/properties/lastmodifieddate").asText());
        }
    }

    @Test
    void hubspotSearchesFromTheLastModifiedEpochMillisInsideAJsonString() throws Exception {
        HubSpot hubspot = new HubSpot();
        for (int i = 0; i < 7; i++) {
            hubspot.contact(i, "2024-01-02T10:0" + i + ":00.123Z");
        }
        api = new PagedApi(hubspot);
        load(
                "hubspot-contacts",
                "hubspot",
                Map.of("hubspot.base-url", api.baseUrl(), "hubspot.token", HubSpot.TOKEN));

        SyncOutcome first = tributary.sync("hubspot-contacts");
        int before = api.requests().size();
        hubspot.contact(7, "2024-01-02T11:00:00.000Z");
        SyncOutcome second = tributary.sync("hubspot-contacts");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        PagedApi.Request sent = since(before).get(0);
        assertEquals("POST", sent.method());
        assertEquals("/crm/v3/objects/contacts/search", sent.path());
        assertTrue(sent.query().isEmpty(), sent.rawQuery());
        // the last of the first sync: 2024-01-02T10:06:00.123Z
        assertEquals(
                "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\","
                        + "\"value\":\""
                        + Instant.parse("2024-01-02T10:06:00.123Z").toEpochMilli()
                        + "\"}]}],\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
                        + "\"properties\":[\"email\",\"firstname\",\"lastname\",\"lastmodifieddate\"],\"limit\":100}",
                sent.body());
        assertTrue(
                sent.headers().get("content-type").startsWith("application/json"),
                sent.headers().toString());
        assertEquals("Bearer " + HubSpot.TOKEN, sent.headers().get("authorization"));
        assertEquals(8L, db.count("SELECT COUNT(*) FROM hubspot_contacts"));
        assertEquals("2024-01-02T11:00:00Z", db.cursor("hubspot-contacts"));
    }
}
