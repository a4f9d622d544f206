package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PipedriveDealsApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tributary new NAME --openapi FILE --operation ID}: from trimmed real OpenAPI documents
 * (Pipedrive, Stripe, GitHub, {@code src/test/resources/openapi/}) it writes files {@code check}
 * accepts, with the pagination guess and its evidence in the route; a Pipedrive connector made so
 * syncs a loopback Pipedrive built from the same document with nothing but the secret and the
 * server's URL given.
 */
class NewFromOpenApiTest {
    static final Path FIXTURES = Path.of("src/test/resources/openapi");
    static final String TOKEN = "pd-token-7730";
    Database db = Database.h2();
    @TempDir Path dir;

    record Result(int exit, String out, String err) {}

    Result scaffold(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(
                List.of(
                        "--dir",
                        dir.toString(),
                        "--config=" + dir.resolve("app.properties"),
                        "--write-settings"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                new NewCommand(
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                null)
                        .run(Options.parse(all.toArray(String[]::new)));
        return new Result(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> tributary(String command, String... settings) {
        List<String> args = new ArrayList<>();
        if (command != null) {
            args.add(command);
        }
        args.addAll(
                List.of(
                        "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                        "--tributary.demo.enabled=false",
                        "--config=" + dir.resolve("app.properties")));
        args.addAll(db.options());
        args.addAll(List.of(settings));
        return args;
    }

    Result check(String... settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                Tributary::new)
                        .run(Options.parse(tributary("check", settings).toArray(String[]::new)));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8), "");
    }

    String read(String file) throws Exception {
        return Files.readString(dir.resolve(file));
    }

    static List<JsonNode> deals(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(
                        i ->
                                PagedApi.tree(
                                        "{\"id\": "
                                                + i
                                                + ", \"title\": \"Deal "
                                                + i
                                                + "\", \"value\": "
                                                + (i * 1000 + 0.5)
                                                + ", \"currency\": \"EUR\", \"status\": \"open\","
                                                + " \"active\": "
                                                + (i % 2 == 1)
                                                + ", \"stage_id\": "
                                                + (i % 3 + 1)
                                                + ", \"add_time\": \"2026-11-0"
                                                + i
                                                + " 09:00:00\", \"update_time\": \"2026-11-0"
                                                + i
                                                + " 10:00:00\", \"org_name\": \"Acme\"}"))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPipedriveConnectorFromItsDocumentSyncsALoopbackPipedriveWithOnlyTheSecretGiven(
            String database) throws Exception {
        db = Database.of(database);
        Path document = FIXTURES.resolve("pipedrive-deals.yaml");
        try (PipedriveDealsApi api =
                new PipedriveDealsApi(document, "getDeals", deals(7), TOKEN, 3)) {
            Result made =
                    scaffold(
                            "new",
                            "pipedrive-deals",
                            "--openapi",
                            document.toString(),
                            "--operation",
                            "getDeals");
            assertEquals(ExitCodes.OK, made.exit(), made.err());

            int exit =
                    new Tributary()
                            .run(
                                    tributary(
                                                    null,
                                                    "--once",
                                                    "--pipedrive-deals.base-url="
                                                            + api.baseUrl()
                                                            + "/v1",
                                                    "--pipedrive-deals.token=" + TOKEN)
                                            .toArray(String[]::new));

            assertEquals(Tributary.OK, exit);
            assertEquals(
                    List.of(
                            "1|Deal 1|1000.5|EUR|open|true|2|2026-11-01 09:00:00|2026-11-01 10:00:00",
                            "2|Deal 2|2000.5|EUR|open|false|3|2026-11-02 09:00:00|2026-11-02 10:00:00",
                            "3|Deal 3|3000.5|EUR|open|true|1|2026-11-03 09:00:00|2026-11-03 10:00:00",
                            "4|Deal 4|4000.5|EUR|open|false|2|2026-11-04 09:00:00|2026-11-04 10:00:00",
                            "5|Deal 5|5000.5|EUR|open|true|3|2026-11-05 09:00:00|2026-11-05 10:00:00",
                            "6|Deal 6|6000.5|EUR|open|false|1|2026-11-06 09:00:00|2026-11-06 10:00:00",
                            "7|Deal 7|7000.5|EUR|open|true|2|2026-11-07 09:00:00|2026-11-07 10:00:00"),
                    rows(
                            "SELECT id, title, \"value\", currency, status, active, stage_id,"
                                    + " add_time, update_time FROM pipedrive_deals ORDER BY id"));
            List<PagedApi.Request> requests = api.requests();
            assertEquals(3, requests.size(), "pages of 3 (the server's cap): 3 + 3 + 1");
            assertEquals(
                    java.util.Arrays.asList(null, "3", "6"),
                    requests.stream().map(r -> r.param("start")).toList(),
                    "the next page from additional_data.pagination.next_start");
            assertTrue(requests.stream().allMatch(r -> TOKEN.equals(r.param("api_token"))));
        }
    }

    @Test
    void thePipedriveRouteStatesItsPaginationGuessWithTheEvidence() throws Exception {
        scaffold(
                "new",
                "pipedrive-deals",
                "--openapi",
                FIXTURES.resolve("pipedrive-deals.yaml").toString(),
                "--operation",
                "getDeals");

        String route = read("pipedrive-deals.camel.yaml");
        assertTrue(route.contains("url: \"{{pipedrive-deals.base-url}}/deals\""), route);
        assertTrue(route.contains("auth: api-key-query"), route);
        assertTrue(route.contains("authName: \"api_token\""), route);
        assertTrue(route.contains("recordsPath: \"/data\""), route);
        assertTrue(route.contains("pagination: cursor"), route);
        assertTrue(route.contains("nextPath: /additional_data/pagination/next_start"), route);
        assertTrue(route.contains("tokenParam: start"), route);
        assertTrue(
                route.contains("hasMorePath: /additional_data/pagination/more_items_in_collection"),
                route);
        assertTrue(
                route.contains(
                        "pagination cursor is a GUESS; evidence: the answer's field"
                                + " /additional_data/pagination/next_start and query parameter 'start'"),
                route);
        assertTrue(
                route.contains("also offered: securitySchemes.oauth2 (oauth2 authorizationCode"),
                route);
        String settings = read("app.properties");
        assertTrue(
                settings.contains(
                        "pipedrive-deals.base-url={{env:PIPEDRIVE_DEALS_BASE_URL:https://api.pipedrive.com/v1}}"),
                settings);
        assertTrue(
                settings.contains("pipedrive-deals.token={{env:PIPEDRIVE_DEALS_TOKEN}}"), settings);
    }

    @Test
    void aStripeConnectorFromItsDocumentPassesCheckWithBearerHasMoreAndFlattenedAddress()
            throws Exception {
        // Stripe's GET /v1/customers (https://docs.stripe.com/api/customers/list): a list envelope,
        // the secret key as a bearer token
        try (PagedApi api =
                PagedApi.answering(
                                r ->
                                        ("Bearer " + TOKEN).equals(r.headers().get("authorization"))
                                                ? PagedApi.Reply.json(
                                                        "{\"object\":\"list\",\"url\":\"/v1/customers\",\"has_more\":false,"
                                                                + "\"data\":[{\"id\":\"cus_1\",\"object\":\"customer\",\"created\":1764600000,"
                                                                + "\"livemode\":false,\"email\":\"a@example.com\",\"balance\":0,"
                                                                + "\"address\":{\"city\":\"Berlin\",\"country\":\"DE\"},\"metadata\":{}}]}")
                                                : PagedApi.Reply.status(
                                                        401,
                                                        "{\"error\":{\"type\":\"invalid_request_error\"}}",
                                                        Map.of()))
                        .build()) {
            Result made =
                    scaffold(
                            "new",
                            "stripe-customers",
                            "--openapi",
                            FIXTURES.resolve("stripe-customers.yaml").toString(),
                            "--operation",
                            "GetCustomers");
            assertEquals(ExitCodes.OK, made.exit(), made.err());

            Result r =
                    check(
                            "--stripe-customers.base-url=" + api.baseUrl(),
                            "--stripe-customers.token=" + TOKEN);

            assertEquals(ExitCodes.OK, r.exit(), r.out());
            assertEquals("/v1/customers", api.requests().get(0).path());
            String route = read("stripe-customers.camel.yaml");
            assertTrue(route.contains("auth: bearer"), route);
            assertTrue(route.contains("pagination: has-more"), route);
            assertTrue(route.contains("hasMorePath: /has_more"), route);
            assertTrue(route.contains("tokenParam: starting_after"), route);
            assertTrue(route.contains("pageSizeParam: limit"), route);
            assertTrue(
                    route.contains(
                            "the answer's flag /has_more and query parameter 'starting_after'"),
                    route);
            String schema = read("stripe-customers.schema.yaml");
            assertTrue(schema.contains("primaryKey: [id]"), schema);
            assertTrue(schema.contains("address_city:"), schema);
            assertTrue(schema.contains("{type: string, path: \"/address/city\"}"), schema);
            assertTrue(schema.contains("created:"), schema);
            assertTrue(
                    schema.contains("{type: integer, required: true}   # seconds since the epoch"),
                    schema);
            assertTrue(schema.contains("metadata:"), schema);
            assertTrue(schema.contains("{type: json}   # an object: json"), schema);
        }
    }

    @Test
    void aGithubConnectorFromItsDocumentPassesCheckWithLinkHeaderSinceAndPathSettings()
            throws Exception {
        // GitHub's GET /repos/{owner}/{repo}/issues
        // (https://docs.github.com/en/rest/issues/issues#list-repository-issues): a bare array
        try (PagedApi api =
                PagedApi.answering(
                                r ->
                                        ("Bearer " + TOKEN).equals(r.headers().get("authorization"))
                                                ? PagedApi.Reply.json(
                                                        "[{\"id\":1,\"node_id\":\"I_1\",\"number\":1,\"title\":\"Bug\",\"state\":\"open\","
                                                                + "\"body\":null,\"user\":{\"login\":\"octocat\",\"id\":1,\"type\":\"User\",\"site_admin\":false},"
                                                                + "\"labels\":[],\"locked\":false,\"comments\":0,\"closed_at\":null,"
                                                                + "\"url\":\"https://api.github.com/repos/o/r/issues/1\","
                                                                + "\"created_at\":\"2026-11-01T10:00:00Z\",\"updated_at\":\"2026-11-02T10:00:00Z\"}]")
                                                : PagedApi.Reply.status(
                                                        401,
                                                        "{\"message\":\"Bad credentials\"}",
                                                        Map.of()))
                        .build()) {
            Result made =
                    scaffold(
                            "new",
                            "github-issues",
                            "--openapi",
                            FIXTURES.resolve("github-issues.yaml").toString(),
                            "--operation",
                            "issues/list-for-repo");
            assertEquals(ExitCodes.OK, made.exit(), made.err());

            Result r =
                    check(
                            "--github-issues.base-url=" + api.baseUrl(),
                            "--github-issues.owner=octo-org",
                            "--github-issues.repo=hello",
                            "--github-issues.token=" + TOKEN);

            assertEquals(ExitCodes.OK, r.exit(), r.out());
            assertEquals("/repos/octo-org/hello/issues", api.requests().get(0).path());
            String route = read("github-issues.camel.yaml");
            assertTrue(
                    route.contains(
                            "url: \"{{github-issues.base-url}}/repos/{{github-issues.owner}}/{{github-issues.repo}}/issues\""),
                    route);
            assertTrue(route.contains("pagination: link-header"), route);
            assertTrue(route.contains("pageSizeParam: per_page"), route);
            assertTrue(route.contains("cursorParam: \"since\""), route);
            assertTrue(
                    route.contains(
                            "pagination link-header is a GUESS; evidence: the 200 answer declares a Link header"),
                    route);
            assertTrue(route.contains("?sort=updated&direction=asc"), route);
            String schema = read("github-issues.schema.yaml");
            assertTrue(schema.contains("cursorField: updated_at"), schema);
            assertTrue(schema.contains("{type: timestamp, required: true}"), schema);
            assertTrue(schema.contains("{type: string, path: \"/user/login\"}"), schema);
            assertTrue(
                    schema.contains("closed_at:       {type: timestamp}\n"),
                    "required by the document but nullable: not a required column\n" + schema);
            assertTrue(schema.contains("{type: json, required: true}   # an array"), schema);
            assertTrue(
                    read("app.properties")
                            .contains("github-issues.owner={{env:GITHUB_ISSUES_OWNER}}"));
        }
    }

    @Test
    void aFlagGivenWinsOverTheDocumentAndItsGuessIsNotClaimed() throws Exception {
        Result r =
                scaffold(
                        "new",
                        "stripe-customers",
                        "--openapi",
                        FIXTURES.resolve("stripe-customers.yaml").toString(),
                        "--operation",
                        "GetCustomers",
                        "--auth",
                        "basic",
                        "--pagination",
                        "none");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String route = read("stripe-customers.camel.yaml");
        assertTrue(route.contains("auth: basic"), route);
        assertTrue(route.contains("pagination: none"), route);
        assertFalse(route.contains("GUESS"), route);
        assertFalse(route.contains("hasMorePath"), route);
        assertTrue(route.contains("recordsPath: \"/data\""), "the rest still from the document");
    }

    @Test
    void anUnknownOperationIsRefusedListingTheOperationsAndWritesNothing() {
        Result r =
                scaffold(
                        "new",
                        "deals",
                        "--openapi",
                        FIXTURES.resolve("pipedrive-deals.yaml").toString(),
                        "--operation",
                        "listDeals");

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(r.err().contains("--operation value 'listDeals'"), r.err());
        assertTrue(
                r.err().contains("operations with a records array: getDeals (GET /deals)"),
                r.err());
        assertTrue(r.err().contains("others: getDeal (GET /deals/{id})"), r.err());
        assertFalse(Files.exists(dir.resolve("deals.camel.yaml")));
    }

    @Test
    void anOperationWithoutARecordsArrayIsRefused() {
        Result r =
                scaffold(
                        "new",
                        "deal",
                        "--openapi",
                        FIXTURES.resolve("pipedrive-deals.yaml").toString(),
                        "--operation",
                        "getDeal");

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(r.err().contains("holds no array of records"), r.err());
        assertTrue(r.err().contains("getDeals (GET /deals)"), r.err());
        assertFalse(Files.exists(dir.resolve("deal.camel.yaml")));
    }

    @Test
    void aMissingOperationIsRefusedListingTheOperations() {
        Result r =
                scaffold(
                        "new",
                        "deals",
                        "--openapi",
                        FIXTURES.resolve("stripe-customers.yaml").toString());

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(r.err().contains("--openapi needs --operation ID"), r.err());
        assertTrue(r.err().contains("GetCustomers (GET /v1/customers)"), r.err());
    }

    @Test
    void aSwagger2DocumentIsRefusedAsNotOpenApi3() throws Exception {
        Path swagger = dir.resolve("petstore-v2.yaml");
        Files.writeString(
                swagger,
                "swagger: '2.0'\ninfo: {title: Petstore, version: '1'}\nhost: petstore.swagger.io\n"
                        + "paths:\n  /pets:\n    get:\n      operationId: listPets\n"
                        + "      responses: {'200': {description: ok}}\n");

        Result r =
                scaffold("new", "pets", "--openapi", swagger.toString(), "--operation", "listPets");

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(r.err().contains("'" + swagger + "': not an OpenAPI 3 document"), r.err());
    }

    @Test
    void anOauth2ClientCredentialsSchemeBecomesThatAuthWithItsTokenUrl() throws Exception {
        // the shape of Workday's and many B2B APIs' documents: one clientCredentials flow
        Path document = dir.resolve("orders.yaml");
        Files.writeString(
                document,
                String.join(
                        "\n",
                        "openapi: 3.1.0",
                        "info: {title: Orders, version: '1'}",
                        "servers: [{url: 'https://api.example.com/v2'}]",
                        "security: [{m2m: []}]",
                        "paths:",
                        "  /orders:",
                        "    get:",
                        "      operationId: listOrders",
                        "      parameters:",
                        "        - {name: page, in: query, schema: {type: integer}}",
                        "        - {name: page_size, in: query, schema: {type: integer, maximum: 250}}",
                        "      responses:",
                        "        '200':",
                        "          description: ok",
                        "          content:",
                        "            application/json:",
                        "              schema:",
                        "                type: object",
                        "                properties:",
                        "                  results:",
                        "                    type: array",
                        "                    items:",
                        "                      type: object",
                        "                      required: [id, total]",
                        "                      properties:",
                        "                        id: {type: string}",
                        "                        total: {type: [number, 'null']}",
                        "                        modifiedAt: {type: string, format: date-time}",
                        "components:",
                        "  securitySchemes:",
                        "    m2m:",
                        "      type: oauth2",
                        "      flows:",
                        "        clientCredentials:",
                        "          tokenUrl: https://login.example.com/oauth/token",
                        "          scopes: {}",
                        ""));

        Result r =
                scaffold(
                        "new",
                        "orders",
                        "--openapi",
                        document.toString(),
                        "--operation",
                        "listOrders");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String route = read("orders.camel.yaml");
        assertTrue(route.contains("auth: oauth2-client-credentials"), route);
        assertTrue(
                route.contains("authTokenUrl: \"https://login.example.com/oauth/token\""), route);
        assertTrue(route.contains("recordsPath: \"/results\""), route);
        assertTrue(route.contains("pagination: page-number"), route);
        assertTrue(route.contains("pageSizeParam: page_size"), route);
        assertTrue(route.contains("pageSize: 250"), route);
        String schema = read("orders.schema.yaml");
        assertTrue(schema.contains("cursorField: modified_at"), schema);
        assertTrue(
                schema.contains(
                        "modified_at: {type: timestamp, path: \"/modifiedAt\", required: true}"),
                schema);
        assertTrue(
                schema.contains("total:       {type: decimal}\n"),
                "3.1's null type: not required\n" + schema);
    }

    /** Each row as text, columns joined by '|'; decimals without trailing zeros. */
    List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(
                            v instanceof java.math.BigDecimal d
                                    ? d.stripTrailingZeros().toPlainString()
                                    : String.valueOf(v));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }
}
