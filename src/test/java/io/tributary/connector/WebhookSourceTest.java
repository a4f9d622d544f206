package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.RunningTributary;
import io.tributary.support.WebhookSender;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook connectors in a running Tributary, on real HTTP on 127.0.0.1: GitHub, Stripe, Shopify and
 * a generic HMAC provider, each signed as the provider documents ({@link WebhookSender}), into
 * tables through a schema, in {@code append} (where an event written twice would show as a second
 * row). On H2 here; {@link WebhookSourceOnPostgresTest} on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSourceTest {
    static final String GITHUB_SECRET = "gh-secret-7f3a91c2";
    static final String STRIPE_SECRET = "whsec_test_5b1e04d9aa";
    static final String SHOPIFY_SECRET = "shpss_3c9e7d1f20";
    static final String HMAC_SECRET = "generic-secret-c0ffee42";

    Database db;
    RunningTributary tributary;
    LogCapture logs;

    Database database() {
        return Database.h2();
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = database();
        Files.writeString(
                dir.resolve("events.schema.yaml"),
                String.join(
                        "\n",
                        "# append creates no primary key: a retried event is kept out by its id alone",
                        "primaryKey: [event_id]",
                        "columns:",
                        "  event_id: {type: string, path: /id, required: true}",
                        "  amount:   {type: integer, path: /amount}",
                        "  kind:     {type: string}",
                        ""));
        route(
                dir,
                "github-events",
                "/hooks/github",
                "github",
                GITHUB_SECRET,
                Map.of("headerFields", "X-GitHub-Event:kind"));
        route(dir, "stripe-events", "/hooks/stripe", "stripe", STRIPE_SECRET, Map.of());
        route(
                dir,
                "shopify-orders",
                "/hooks/shopify",
                "shopify",
                SHOPIFY_SECRET,
                Map.of("headerFields", "X-Shopify-Topic:kind"));
        Map<String, String> hmac = new LinkedHashMap<>();
        hmac.put("signatureHeader", "X-Signature");
        hmac.put("signaturePrefix", "sha256=");
        hmac.put("eventIdHeader", "X-Event-Id");
        route(dir, "saas-events", "/hooks/saas", "hmac", HMAC_SECRET, hmac);
        route(
                dir,
                "tight-events",
                "/hooks/tight",
                "github",
                GITHUB_SECRET,
                Map.of("maxBodyBytes", "200", "rateLimit", "1"));
        route(dir, "fragile-events", "/hooks/fragile", "github", GITHUB_SECRET, Map.of());
        // a step that drops an event (a filter around the sink): it is never acknowledged
        Files.writeString(
                dir.resolve("filtered-events.camel.yaml"),
                String.join(
                        "\n",
                        "- route:",
                        "    id: filtered-events",
                        "    from:",
                        "      uri: kamelet:tributary-webhook-source",
                        "      parameters: {path: /hooks/filtered, provider: github, secret: \"{{github.secret}}\"}",
                        "      steps:",
                        "        - filter:",
                        "            simple: \"${exchangeProperty[tributary.messageId]} startsWith 'keep'\"",
                        "            steps:",
                        "              - to:",
                        "                  uri: kamelet:tributary-jdbc-sink",
                        "                  parameters: {schema: "
                                + dir.resolve("events.schema.yaml")
                                + ", table: filtered_events, writeMode: append}",
                        ""));
        logs = LogCapture.open();
        tributary =
                RunningTributary.start(
                        db,
                        dir,
                        "--github.secret=" + GITHUB_SECRET,
                        "--stripe.secret=" + STRIPE_SECRET,
                        "--shopify.secret=" + SHOPIFY_SECRET,
                        "--camel.server.maxBodySize=65536");
    }

    /** A webhook route into table {@code <connector with _>}, its secret from a placeholder. */
    static void route(
            Path dir,
            String id,
            String path,
            String provider,
            String secret,
            Map<String, String> more)
            throws Exception {
        String property = provider.equals("hmac") ? "saas" : provider;
        StringBuilder yaml = new StringBuilder();
        yaml.append("- route:\n    id: ").append(id).append('\n');
        yaml.append("    from:\n      uri: kamelet:tributary-webhook-source\n      parameters:\n");
        yaml.append("        path: ").append(path).append('\n');
        yaml.append("        provider: ").append(provider).append('\n');
        if (provider.equals("hmac")) {
            // a mounted secret file, as Kubernetes gives one
            Path file = dir.resolve("saas-webhook-secret");
            Files.writeString(file, secret + "\n");
            yaml.append("        secret: \"{{secretfile:").append(file).append("}}\"\n");
        } else {
            yaml.append("        secret: \"{{").append(property).append(".secret}}\"\n");
        }
        more.forEach(
                (k, v) ->
                        yaml.append("        ").append(k).append(": \"").append(v).append("\"\n"));
        yaml.append("      steps:\n        - to:\n            uri: kamelet:tributary-jdbc-sink\n");
        yaml.append("            parameters:\n              schema: ")
                .append(dir.resolve("events.schema.yaml"))
                .append("\n              table: ")
                .append(id.replace('-', '_'))
                .append("\n              writeMode: append\n");
        Files.writeString(dir.resolve(id + ".camel.yaml"), yaml);
    }

    @AfterAll
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    WebhookSender sender(String path, String provider, String secret) {
        return new WebhookSender(tributary.server(path), provider, secret);
    }

    static String id() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String event(String id) {
        return "{\"id\":\"" + id + "\",\"amount\":1999,\"object\":\"event\"}";
    }

    long rows(String table, String id) {
        return db.tableExists(table)
                ? db.count("SELECT COUNT(*) FROM " + table + " WHERE event_id = ?", id)
                : 0;
    }

    // ---- each provider: valid, invalid, missing ----

    @Test
    void aGithubDeliverySignedWithTheSecretIsStoredAndAnsweredOnlyThen() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String id = id();

        HttpResponse<String> r = github.send(id, event(id));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"status\":\"stored\"}", r.body());
        assertEquals(1, rows("github_events", id));
        assertEquals("issues", db.single("SELECT kind FROM github_events WHERE event_id = ?", id));
    }

    @Test
    void theEndpointIsOnTheMainServerAndNotOnTheManagementPort() throws Exception {
        String id = id();
        WebhookSender onManagement =
                new WebhookSender(tributary.management("/hooks/github"), "github", GITHUB_SECRET);

        assertEquals(404, onManagement.send(id, event(id)).statusCode());
        assertEquals(0, rows("github_events", id));
    }

    @Test
    void aGithubDeliverySignedWithAnotherSecretOrUnsignedIsRefusedWith401AndNothingIsStored()
            throws Exception {
        String forged = id();
        String unsigned = id();
        Map<String, String> wrong =
                sender("/hooks/github", "github", "not-the-secret")
                        .signed(forged, event(forged), Instant.now());
        Map<String, String> none =
                new LinkedHashMap<>(
                        sender("/hooks/github", "github", GITHUB_SECRET)
                                .signed(unsigned, event(unsigned), Instant.now()));
        none.remove("X-Hub-Signature-256");
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);

        assertEquals(401, github.send(forged, event(forged), wrong).statusCode());
        assertEquals(401, github.send(unsigned, event(unsigned), none).statusCode());
        assertEquals(0, rows("github_events", forged));
        assertEquals(0, rows("github_events", unsigned));
    }

    @Test
    void theSignatureIsCheckedOverTheBytesAsSentNotOverTheParsedJson() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String id = id();
        // spaces, a key order and an escape that parsing and writing again would change
        String asSent =
                "{ \"amount\" : 1999,\n  \"id\" : \"" + id + "\", \"note\": \"caf\\u00e9\" }";

        HttpResponse<String> r = github.send(id, asSent);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                1999L,
                ((Number) db.single("SELECT amount FROM github_events WHERE event_id = ?", id))
                        .longValue());
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String id = id();
        Map<String, String> headers = github.signed(id, event(id), Instant.now());

        HttpResponse<String> r = github.send(id, event(id).replace("1999", "1"), headers);

        assertEquals(401, r.statusCode());
        assertEquals(0, rows("github_events", id));
    }

    @Test
    void aStripeEventIsStoredByItsBodysIdAndAnyOfSeveralV1SignaturesMayMatch() throws Exception {
        WebhookSender stripe = sender("/hooks/stripe", "stripe", STRIPE_SECRET);
        String id = id();
        String rolled = id();
        Map<String, String> two = stripe.signed(rolled, event(rolled), Instant.now());
        // while a secret rolls Stripe signs with both: the old one's v1 first
        String header = two.get("Stripe-Signature");
        String t = header.substring(0, header.indexOf(','));
        two.put(
                "Stripe-Signature",
                t
                        + ",v1="
                        + "00".repeat(32)
                        + header.substring(header.indexOf(','))
                        + ",v0=ignored");

        assertEquals(200, stripe.send(id, event(id)).statusCode());
        assertEquals(200, stripe.send(rolled, event(rolled), two).statusCode());
        assertEquals(1, rows("stripe_events", id));
        assertEquals(1, rows("stripe_events", rolled));
    }

    @Test
    void aStripeEventSignedOutsideTheToleranceIsAReplayAndRefused() throws Exception {
        WebhookSender stripe = sender("/hooks/stripe", "stripe", STRIPE_SECRET);
        String old = id();
        String ahead = id();

        HttpResponse<String> replayed =
                stripe.send(
                        old,
                        event(old),
                        stripe.signed(old, event(old), Instant.now().minusSeconds(301 + 60)));
        HttpResponse<String> future =
                stripe.send(
                        ahead,
                        event(ahead),
                        stripe.signed(ahead, event(ahead), Instant.now().plusSeconds(3600)));

        assertEquals(401, replayed.statusCode());
        assertEquals(401, future.statusCode());
        assertEquals(0, rows("stripe_events", old));
        assertEquals(0, rows("stripe_events", ahead));
        assertFalse(
                logs.linesContaining("beyond the tolerance of 300 s").isEmpty(),
                "the log says why");
    }

    @Test
    void aStripeEventWithoutASignatureOrWithAWrongOneIsRefused() throws Exception {
        WebhookSender stripe = sender("/hooks/stripe", "stripe", STRIPE_SECRET);
        String id = id();
        Map<String, String> none = new LinkedHashMap<>(stripe.signed(id, event(id), Instant.now()));
        none.remove("Stripe-Signature");
        Map<String, String> wrong =
                sender("/hooks/stripe", "stripe", "whsec_other")
                        .signed(id, event(id), Instant.now());

        assertEquals(401, stripe.send(id, event(id), none).statusCode());
        assertEquals(401, stripe.send(id, event(id), wrong).statusCode());
        assertEquals(0, rows("stripe_events", id));
    }

    @Test
    void aShopifyWebhookIsVerifiedByItsBase64HmacAndStored() throws Exception {
        WebhookSender shopify = sender("/hooks/shopify", "shopify", SHOPIFY_SECRET);
        String ok = id();
        String forged = id();
        String unsigned = id();
        Map<String, String> none =
                new LinkedHashMap<>(shopify.signed(unsigned, event(unsigned), Instant.now()));
        none.remove("X-Shopify-Hmac-Sha256");

        assertEquals(200, shopify.send(ok, event(ok)).statusCode());
        assertEquals(
                401,
                shopify.send(
                                forged,
                                event(forged),
                                sender("/hooks/shopify", "shopify", "x")
                                        .signed(forged, event(forged), Instant.now()))
                        .statusCode());
        assertEquals(401, shopify.send(unsigned, event(unsigned), none).statusCode());
        assertEquals(1, rows("shopify_orders", ok));
        assertEquals(
                "orders/create",
                db.single("SELECT kind FROM shopify_orders WHERE event_id = ?", ok));
        assertEquals(0, rows("shopify_orders", forged) + rows("shopify_orders", unsigned));
    }

    /** Its secret from a file ({@code {{secretfile:PATH}}}, trailing newline dropped). */
    @Test
    void aGenericHmacProviderIsVerifiedByItsHeaderAndPrefix() throws Exception {
        WebhookSender saas = sender("/hooks/saas", "hmac", HMAC_SECRET);
        String ok = id();
        String forged = id();

        assertEquals(200, saas.send(ok, event(ok)).statusCode());
        assertEquals(
                401,
                saas.send(
                                forged,
                                event(forged),
                                sender("/hooks/saas", "hmac", "other")
                                        .signed(forged, event(forged), Instant.now()))
                        .statusCode());
        assertEquals(1, rows("saas_events", ok));
        assertEquals(0, rows("saas_events", forged));
    }

    // ---- duplicates ----

    @Test
    void aRetriedEventIsAcknowledgedAsADuplicateAndStoredOnceEvenInAppend() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        WebhookSender stripe = sender("/hooks/stripe", "stripe", STRIPE_SECRET);
        String delivery = id();
        String event = id();

        assertEquals("{\"status\":\"stored\"}", github.send(delivery, event(delivery)).body());
        HttpResponse<String> again = github.send(delivery, event(delivery));
        stripe.send(event, event(event));
        HttpResponse<String> stripeAgain = stripe.send(event, event(event));

        assertEquals(200, again.statusCode());
        assertEquals("{\"status\":\"duplicate\"}", again.body());
        assertEquals("{\"status\":\"duplicate\"}", stripeAgain.body());
        assertEquals(1, rows("github_events", delivery));
        assertEquals(1, rows("stripe_events", event));
    }

    @Test
    void aThousandConcurrentDeliveriesHalfOfThemRedeliveriesRacingTheirFirstAreStoredOnceEach()
            throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        List<String> ids =
                java.util.stream.Stream.generate(WebhookSourceTest::id).limit(500).toList();
        // each id twice, the two copies side by side: 16 senders take them in turn, so a
        // redelivery usually races its first delivery
        List<String> deliveries = new java.util.ArrayList<>();
        ids.forEach(id -> deliveries.addAll(List.of(id, id)));
        java.util.concurrent.ExecutorService senders =
                java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.Map<String, Integer> stored = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (String delivery : deliveries) {
                sent.add(
                        senders.submit(
                                () -> {
                                    HttpResponse<String> r =
                                            github.deliver(
                                                    delivery,
                                                    event(delivery),
                                                    java.time.Duration.ofSeconds(60));
                                    if (r.body().contains("stored")) {
                                        stored.merge(delivery, 1, Integer::sum);
                                    }
                                    return null;
                                }));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }

        String in = "'" + String.join("','", ids) + "'";
        assertEquals(
                500, db.count("SELECT COUNT(*) FROM github_events WHERE event_id IN (" + in + ")"));
        assertEquals(
                500,
                db.count(
                        "SELECT COUNT(DISTINCT event_id) FROM github_events WHERE event_id IN ("
                                + in
                                + ")"));
        assertEquals(500, stored.size(), "each id answered stored once, its copy duplicate");
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "none stored twice");
    }

    // ---- not stored: 503 ----

    @Test
    void whenTheSinkFailsTheAnswerIs503AndTheProviderMayRetry() throws Exception {
        WebhookSender fragile = sender("/hooks/fragile", "github", GITHUB_SECRET);
        String id = id();
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("DROP TABLE fragile_events"); // the write fails: a database gone wrong
        }

        HttpResponse<String> r = fragile.send(id, event(id));

        assertEquals(503, r.statusCode(), r.body());
        assertEquals("{\"status\":\"not stored\"}", r.body());
        assertFalse(
                logs.linesContaining("connector=fragile-events webhook event not stored status=503")
                        .isEmpty());
    }

    @Test
    void anEventAStepDropsIsNotAcknowledged() throws Exception {
        WebhookSender filtered = sender("/hooks/filtered", "github", GITHUB_SECRET);
        String dropped = id();
        String kept = "keep-" + id();

        HttpResponse<String> r = filtered.send(dropped, event(dropped));

        assertEquals(503, r.statusCode());
        assertEquals(200, filtered.send(kept, event(kept)).statusCode());
        assertEquals(0, rows("filtered_events", dropped));
        assertEquals(1, rows("filtered_events", kept));
    }

    // ---- limits ----

    @Test
    void aBodyOverMaxBodyBytesIsRefusedWith413() throws Exception {
        WebhookSender tight = sender("/hooks/tight", "github", GITHUB_SECRET);
        String id = id();
        String big = "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(300) + "\"}";

        HttpResponse<String> r = tight.send(id, big);

        assertEquals(413, r.statusCode());
        assertEquals(0, rows("tight_events", id));
    }

    @Test
    void aBodyOverTheServersCapIsRefusedWith413BeforeAnyRouteReadsIt() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String id = id();
        String huge = "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(100_000) + "\"}";

        HttpResponse<String> r = github.send(id, huge);

        assertEquals(413, r.statusCode());
        assertEquals(0, rows("github_events", id));
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsRefusedWith415AndOneThatIsNotJsonWith400() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String text = id();
        String broken = id();
        Map<String, String> asText = github.signed(text, event(text), Instant.now());
        asText.put("Content-Type", "text/plain");
        String notJson = "{\"id\":\"" + broken + "\",";

        assertEquals(415, github.send(text, event(text), asText).statusCode());
        assertEquals(400, github.send(broken, notJson).statusCode());
        assertEquals(0, rows("github_events", text) + rows("github_events", broken));
    }

    @Test
    void requestsOverTheRateLimitAreAnswered429WithRetryAfter() throws Exception {
        WebhookSender tight = sender("/hooks/tight", "github", GITHUB_SECRET);
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = id();
            answers.add(tight.send(id, "{\"id\":\"" + id + "\"}"));
        }

        List<HttpResponse<String>> limited =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertFalse(limited.isEmpty(), "five requests at once over a limit of one a second");
        assertTrue(limited.get(0).headers().firstValue("Retry-After").isPresent());
    }

    // ---- metrics, secrets ----

    @Test
    void theEventsAreCountedByOutcomeAndEveryOutcomeIsThereFromTheStart() throws Exception {
        WebhookSender saas = sender("/hooks/saas", "hmac", HMAC_SECRET);
        String id = id();
        saas.send(id, event(id));
        saas.send(id, event(id));

        String metrics = tributary.get("/observe/metrics");

        for (String outcome : List.of("received", "rejected", "duplicate", "stored")) {
            assertTrue(metric(metrics, "shopify-orders", outcome) >= 0, "registered: " + outcome);
        }
        assertTrue(metric(metrics, "saas-events", "duplicate") >= 1, metrics);
        assertTrue(metric(metrics, "saas-events", "stored") >= 1);
        assertTrue(metric(metrics, "saas-events", "received") >= 2);
    }

    @Test
    void theStatusPageShowsEachWebhookConnectorsCountsAndLastStoredEvent() throws Exception {
        WebhookSender shopify = sender("/hooks/shopify", "shopify", SHOPIFY_SECRET);
        String id = id();
        assertEquals(200, shopify.send(id, event(id)).statusCode());

        String page = tributary.get("/observe/status");

        String row = page.substring(page.indexOf("<tr id=\"webhook-shopify-orders\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("<time"), row); // the last stored event's time
        assertFalse(row.contains("none yet"), row);
        assertTrue(
                page.contains("<tr id=\"webhook-tight-events\""),
                "every webhook connector has a row");
    }

    static double metric(String text, String connector, String outcome) {
        for (String line : text.split("\n")) {
            if (line.startsWith("tributary_webhook_events_total{")
                    && line.contains("connector=\"" + connector + "\"")
                    && line.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void noSecretIsEverWrittenToTheLog() throws Exception {
        WebhookSender github = sender("/hooks/github", "github", GITHUB_SECRET);
        String id = id();
        github.send(
                id,
                event(id),
                sender("/hooks/github", "github", "not-the-secret")
                        .signed(id, event(id), Instant.now()));
        github.send(id, event(id));

        String all = logs.all();
        for (String secret : List.of(GITHUB_SECRET, STRIPE_SECRET, SHOPIFY_SECRET, HMAC_SECRET)) {
            assertFalse(all.contains(secret), "a secret in the log");
        }
        assertFalse(logs.linesContaining("webhook request refused status=401").isEmpty());
    }
}
