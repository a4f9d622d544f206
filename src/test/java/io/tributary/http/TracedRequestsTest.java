package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.cli.TraceLevel;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.AuthServer;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --trace} against a loopback API and its identity provider ({@link AuthServer}): every
 * request is shown as sent and every answer with its status, time, size and the page's records,
 * while no credential shows: not an api key in the query (under a name that does not look secret,
 * so the connector's masker must catch it), not a bearer token, not an OAuth 2 client secret (in
 * the Basic header or in the form) and not a token the provider issued.
 */
class TracedRequestsTest {
    static final String API_KEY = "ak-7f3e-trace-api-key";
    static final String STATIC_TOKEN = "ghp_trace0bearer0token42";

    final AuthServer api = new AuthServer();
    final Database db = Database.h2();
    final ConnectorHarness tributary =
            new ConnectorHarness(db)
                    .set("test.api-key", API_KEY)
                    .set("test.static-token", STATIC_TOKEN)
                    .set("test.client-secret", api.clientSecret);

    @BeforeEach
    void start() throws Exception {
        api.items = 60; // two pages of 50
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    ConnectorSpec items(String id) {
        return ConnectorSpec.named(id)
                .url(api.itemsUrl())
                .pageSize(50)
                .totalPagesPath("/total_pages")
                .recordsPath("/items")
                .schema("src/test/resources/auth/items.schema.yaml")
                .table(id.replace('-', '_'));
    }

    /** The trace lines of one traced sync, and them as one text. */
    record Traced(SyncOutcome outcome, List<String> trace, String all) {}

    Traced traced(String id) throws Exception {
        try (LogCapture logs = LogCapture.open();
                TraceLevel on = TraceLevel.apply(true)) {
            SyncOutcome outcome = tributary.sync(id);
            List<String> trace = new ArrayList<>();
            for (String line : logs.lines()) {
                if (line.startsWith("DEBUG " + RequestTrace.LOGGER + " ")) {
                    trace.add(line.substring(("DEBUG " + RequestTrace.LOGGER + " ").length()));
                }
            }
            return new Traced(outcome, trace, String.join("\n", trace));
        }
    }

    static void assertHas(List<String> lines, String text) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(text)), text + " in " + lines);
    }

    @Test
    void anApiKeyInTheQueryIsMaskedWhileTheUrlStatusSizeAndRecordsShow() throws Exception {
        api.guard = r -> API_KEY.equals(r.query().get("x"));
        tributary.add(
                items("keyed").auth("api-key-query").authName("x").authSecret("{{test.api-key}}"));

        Traced t = traced("keyed");

        assertTrue(t.outcome().success(), t.outcome().summary());
        assertHas(t.trace(), "> GET " + api.itemsUrl() + "?");
        assertHas(t.trace(), "x=****");
        assertTrue(
                t.trace().stream()
                        .anyMatch(
                                l ->
                                        l.matches(
                                                "(?s)< 200 GET .*/v1/items\\?.* \\d+ ms \\d+ bytes")),
                t.trace().toString());
        assertHas(t.trace(), "< page connector=keyed page 1 status=200 bytes=");
        assertHas(t.trace(), "records=50");
        assertHas(t.trace(), "records=10");
        assertFalse(t.all().contains(API_KEY), t.all());
    }

    @Test
    void aBearerTokenIsMaskedInTheHeadersAsSent() throws Exception {
        api.guard = AuthServer.header("Authorization", "Bearer " + STATIC_TOKEN);
        tributary.add(items("bearer").auth("bearer").authSecret("{{test.static-token}}"));

        Traced t = traced("bearer");

        assertTrue(t.outcome().success(), t.outcome().summary());
        assertHas(t.trace(), ">   Authorization: ****");
        assertHas(t.trace(), ">   Accept: application/json");
        assertFalse(t.all().contains(STATIC_TOKEN), t.all());
    }

    @Test
    void theTokenEndpointsCallsShowWithoutTheClientSecretInTheBasicHeaderOrTheIssuedTokens()
            throws Exception {
        Traced t = tokenSync("basic");
        String basicCredentials =
                Base64.getEncoder()
                        .encodeToString(
                                (api.clientId + ":" + api.clientSecret)
                                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(t.all().contains(basicCredentials), t.all());
    }

    @Test
    void theTokenEndpointsCallsShowWithoutTheClientSecretInTheFormOrTheIssuedTokens()
            throws Exception {
        Traced t = tokenSync("form");
        assertHas(t.trace(), "client_secret=****");
        assertHas(t.trace(), "client_id=" + api.clientId);
    }

    /** A sync under OAuth 2 client credentials: the token's call and the API's, none secret. */
    Traced tokenSync(String clientAuth) throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        tributary.add(items("client").and(clientCredentials(clientAuth)));

        Traced t = traced("client");

        assertTrue(t.outcome().success(), t.outcome().summary());
        assertHas(t.trace(), "> POST " + api.tokenUrl());
        assertHas(t.trace(), "grant_type=client_credentials");
        assertTrue(
                t.trace().stream()
                        .anyMatch(l -> l.matches("< 200 POST .*/oauth/token \\d+ ms \\d+ bytes")),
                t.trace().toString());
        assertHas(t.trace(), "> GET " + api.itemsUrl());
        assertHas(t.trace(), ">   Authorization: ****");
        assertFalse(t.all().contains(api.clientSecret), t.all());
        assertFalse(api.issuedSecrets.isEmpty(), "the provider issued tokens");
        for (String issued : api.issuedSecrets) {
            assertFalse(t.all().contains(issued), issued);
        }
        return t;
    }

    @Test
    void withTheTraceLoggerAtInfoNoRequestIsLogged() throws Exception {
        api.guard = AuthServer.header("Authorization", "Bearer " + STATIC_TOKEN);
        tributary.add(items("quiet").auth("bearer").authSecret("{{test.static-token}}"));
        var logger =
                (ch.qos.logback.classic.Logger)
                        org.slf4j.LoggerFactory.getLogger(RequestTrace.LOGGER);
        var before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // as without --trace in production
        try (LogCapture logs = LogCapture.open()) {
            assertTrue(tributary.sync("quiet").success());
            assertEquals(List.of(), logs.linesContaining(RequestTrace.LOGGER));
        } finally {
            logger.setLevel(before);
        }
    }

    /** OAuth 2 client credentials with the provider's client, authenticated as given. */
    java.util.function.UnaryOperator<ConnectorSpec> clientCredentials(String clientAuth) {
        return s ->
                s.auth("oauth2-client-credentials")
                        .authTokenUrl(api.tokenUrl())
                        .authClientId(api.clientId)
                        .authClientSecret("{{test.client-secret}}")
                        .authClientAuth(clientAuth);
    }
}
