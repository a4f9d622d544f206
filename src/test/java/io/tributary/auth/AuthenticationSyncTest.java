package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.TributaryBeans;
import io.tributary.connector.ConnectorErrorPolicy;
import io.tributary.connector.HttpToJdbcTemplate;
import io.tributary.http.PageRequest;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.AuthServer;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.RsaKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every authentication scheme drives a full sync through the http-to-jdbc template, against a
 * loopback API that requires it and a loopback identity provider ({@link AuthServer}). Secrets
 * reach the connectors through property placeholders, as in a real route file.
 */
class AuthenticationSyncTest extends CamelTestSupport {
    static final int PAGE_SIZE = 50;
    static final String API_KEY = "ak-51d0-9e77-api-key";
    static final String ZENDESK_TOKEN = "zd-Token-6b1f2c9a";
    static final String STATIC_TOKEN = "ghp_static0bearer0token77";
    static final String HS256_SECRET = "hs256-shared-secret-of-32-bytes-or-more";

    final AuthServer api = new AuthServer();
    Database db;
    HikariDataSource dataSource;

    @TempDir Path dir;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        db = Database.h2();
        CamelContext context = super.createCamelContext();
        Properties p = new Properties();
        p.setProperty("tributary.db.url", db.url);
        p.setProperty("tributary.db.user", db.user);
        p.setProperty("tributary.db.password", db.password);
        p.setProperty("tributary.retry.max-redeliveries", "2");
        p.setProperty("tributary.retry.initial-delay-ms", "10");
        p.setProperty("tributary.retry.max-delay-ms", "50");
        p.setProperty("tributary.ratelimit.items-api.per-day", "100000");
        p.setProperty("test.api-key", API_KEY);
        p.setProperty("test.zendesk-token", ZENDESK_TOKEN);
        p.setProperty("test.static-token", STATIC_TOKEN);
        p.setProperty("test.client-secret", api.clientSecret);
        p.setProperty("test.password", api.password);
        p.setProperty("test.hs256", HS256_SECRET);
        context.getPropertiesComponent().setOverrideProperties(p);
        dataSource = TributaryBeans.bind(context);
        return context;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ConnectorErrorPolicy(), new HttpToJdbcTemplate()};
    }

    @AfterEach
    void closeServerAndPool() {
        api.close();
        dataSource.close();
    }

    // ---- helpers ----

    void addConnector(String id, Map<String, String> auth) throws Exception {
        ConnectorSpec spec =
                ConnectorSpec.named(id)
                        .with("connector", id)
                        .with("schedule", "direct:" + id)
                        .url(api.itemsUrl())
                        .pageSize(PAGE_SIZE)
                        .totalPagesPath("/total_pages")
                        .recordsPath("/items")
                        .schema("src/test/resources/auth/items.schema.yaml")
                        .table(id.replace('-', '_'))
                        .withAll(auth);
        TemplatedRouteBuilder builder =
                TemplatedRouteBuilder.builder(context, HttpToJdbcTemplate.ID).routeId(id);
        spec.parameters().forEach(builder::parameter);
        builder.add();
    }

    SyncOutcome sync(String id) {
        template.sendBody("direct:" + id, null);
        return outcome(id);
    }

    SyncOutcome outcome(String id) {
        return context.getRegistry()
                .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest(id)
                .orElseThrow();
    }

    long rows(String id) {
        return db.count("SELECT COUNT(*) FROM " + id.replace('-', '_'));
    }

    void assertFullSync(String id) {
        SyncOutcome outcome = sync(id);
        assertTrue(outcome.success(), outcome.summary());
        assertEquals(api.items, rows(id));
        assertEquals(api.pages(PAGE_SIZE), outcome.pages());
    }

    Map<String, String> clientCredentials(String clientAuth) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("auth", "oauth2-client-credentials");
        m.put("authTokenUrl", api.tokenUrl());
        m.put("authClientId", api.clientId);
        m.put("authClientSecret", "{{test.client-secret}}");
        m.put("authClientAuth", clientAuth);
        return m;
    }

    Map<String, String> refreshToken(String first) {
        return Map.of(
                "auth",
                "oauth2-refresh-token",
                "authTokenUrl",
                api.tokenUrl(),
                "authClientId",
                api.clientId,
                "authClientSecret",
                "{{test.client-secret}}",
                "authRefreshToken",
                first);
    }

    Map<String, String> jwtBearerRs256() throws Exception {
        api.assertionVerifier = new RSASSAVerifier(RsaKeys.publicKey());
        return Map.of(
                "auth",
                "jwt-bearer",
                "authTokenUrl",
                api.tokenUrl(),
                "authClientId",
                "sync@project.iam.example.com",
                "authUser",
                "analyst@example.com",
                "authScope",
                "items.read",
                "authKeyFile",
                RsaKeys.pkcs8(dir).toString());
    }

    Map<String, String> selfSignedJwt() throws Exception {
        api.guard =
                verifiedJwt(new RSASSAVerifier(RsaKeys.publicKey()), "https://items.example.com/");
        return Map.of(
                "auth",
                "jwt-self-signed",
                "authClientId",
                "sync@project.iam.example.com",
                "authAudience",
                "https://items.example.com/",
                "authKeyFile",
                RsaKeys.pkcs1(dir).toString(),
                "authKeyId",
                "key-1");
    }

    Map<String, String> sessionLogin(String tokenPath, String header) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("auth", "session-login");
        m.put("authLoginUrl", api.loginUrl());
        m.put("authUser", api.user);
        m.put("authSecret", "{{test.password}}");
        m.put("authLoginFields", "email,password");
        m.put("authTokenPath", tokenPath);
        if (header != null) {
            m.put("authName", header);
        }
        return m;
    }

    static Predicate<AuthServer.Request> verifiedJwt(
            com.nimbusds.jose.JWSVerifier verifier, String audience) {
        return r -> {
            String h = r.header("Authorization");
            try {
                SignedJWT jwt = SignedJWT.parse(h.substring("Bearer ".length()));
                JWTClaimsSet c = jwt.getJWTClaimsSet();
                return jwt.verify(verifier)
                        && c.getAudience().contains(audience)
                        && c.getExpirationTime().after(new Date());
            } catch (Exception e) {
                return false;
            }
        };
    }

    // ---- one full sync per scheme ----

    @Test
    void anApiKeyInAHeaderOpensTheApi() throws Exception {
        api.guard = AuthServer.header("X-API-Key", API_KEY);
        addConnector(
                "items",
                Map.of(
                        "auth",
                        "api-key-header",
                        "authName",
                        "X-API-Key",
                        "authSecret",
                        "{{test.api-key}}"));
        assertFullSync("items");
    }

    @Test
    void basicAuthenticationWithAZendeskStyleTokenUserOpensTheApi() throws Exception {
        String expected =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        ("jane@example.com/token:" + ZENDESK_TOKEN)
                                                .getBytes(StandardCharsets.UTF_8));
        api.guard = AuthServer.header("Authorization", expected);
        addConnector(
                "items",
                Map.of(
                        "auth",
                        "basic",
                        "authUser",
                        "jane@example.com/token",
                        "authSecret",
                        "{{test.zendesk-token}}"));
        assertFullSync("items");
    }

    @Test
    void aStaticBearerTokenOpensTheApi() throws Exception {
        api.guard = AuthServer.header("Authorization", "Bearer " + STATIC_TOKEN);
        addConnector("items", Map.of("auth", "bearer", "authSecret", "{{test.static-token}}"));
        assertFullSync("items");
    }

    @Test
    void clientCredentialsSendScopeAudienceAndExtraFieldsAndOneTokenServesEveryPageAndTheNextSync()
            throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        Map<String, String> auth = clientCredentials("basic");
        auth.put("authScope", "items.read items.export");
        auth.put("authAudience", "https://items.example.com");
        auth.put("authFormFields", "resource=https://items.example.com/v1&tenant=acme");
        addConnector("items", auth);

        assertFullSync("items");
        assertFullSync("items");

        assertEquals(
                1, api.tokenRequests.get(), "the token is cached until shortly before it expires");
        Map<String, String> form =
                api.requests.stream()
                        .filter(r -> r.path().equals("/oauth/token"))
                        .findFirst()
                        .orElseThrow()
                        .form();
        assertEquals("client_credentials", form.get("grant_type"));
        assertEquals("items.read items.export", form.get("scope"));
        assertEquals("https://items.example.com", form.get("audience"));
        assertEquals("https://items.example.com/v1", form.get("resource"));
        assertEquals("acme", form.get("tenant"));
        assertEquals(List.of("basic"), api.clientAuthKinds);
        assertFalse(
                form.containsKey("client_secret"),
                "with Basic client authentication the secret is not in the form");
    }

    @Test
    void clientCredentialsCanAuthenticateTheClientWithFormFields() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector("items", clientCredentials("form"));
        assertFullSync("items");
        assertEquals(List.of("form"), api.clientAuthKinds);
    }

    @Test
    void anExpiredClientCredentialsTokenIsFetchedAgainBeforeTheNextRequest() throws Exception {
        api.tokenLifetimeSeconds = 2;
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector("items", clientCredentials("basic"));
        assertFullSync("items");
        Thread.sleep(2_100);

        assertFullSync("items");

        assertEquals(2, api.tokenRequests.get());
        assertTrue(
                api.itemRequests().stream()
                        .noneMatch(
                                r ->
                                        !api.isValidAccessToken(
                                                        r.header("Authorization").substring(7))
                                                && r.equals(
                                                        api.itemRequests()
                                                                .get(
                                                                        api.itemRequests().size()
                                                                                - 1))),
                "the last call carried a live token");
    }

    @Test
    void twoConnectorsOnTheSameClientShareOneToken() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector("items-a", clientCredentials("basic"));
        addConnector("items-b", clientCredentials("basic"));

        assertFullSync("items-a");
        assertFullSync("items-b");

        assertEquals(1, api.tokenRequests.get());
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndUsedForTheNextRefresh() throws Exception {
        api.tokenLifetimeSeconds = 2;
        api.guard = AuthServer.bearerIssuedBy(api);
        String first = api.authorize();
        addConnector("items", refreshToken(first));

        assertFullSync("items");
        String stored = (String) db.single("SELECT refresh_token FROM tributary_tokens");
        assertFalse(first.equals(stored), "the rotated token replaced the first one");
        Thread.sleep(2_100);
        assertFullSync("items");

        assertEquals(2, api.refreshRequests.get());
        assertEquals(0, api.reusedRefreshTokens.get(), "no refresh token was sent twice");
        assertFalse(stored.equals(db.single("SELECT refresh_token FROM tributary_tokens")));
        assertEquals(
                1,
                db.count("SELECT COUNT(*) FROM tributary_tokens"),
                "only the refresh token is stored");
    }

    @Test
    void twoConnectorsRefreshingAtOnceMakeOneRefreshCall() throws Exception {
        api.tokenDelayMs = 500; // both runs reach the token step while the first call is still open
        api.guard = AuthServer.bearerIssuedBy(api);
        String first = api.authorize();
        addConnector("items-a", refreshToken(first));
        addConnector("items-b", refreshToken(first));

        CompletableFuture<Object> a = template.asyncSendBody("direct:items-a", null);
        CompletableFuture<Object> b = template.asyncSendBody("direct:items-b", null);
        a.get();
        b.get();

        assertTrue(outcome("items-a").success(), outcome("items-a").summary());
        assertTrue(outcome("items-b").success(), outcome("items-b").summary());
        assertEquals(1, api.refreshRequests.get());
        assertEquals(1, api.maxConcurrentTokenRequests.get());
        assertEquals(0, api.reusedRefreshTokens.get());
        assertEquals(api.items, rows("items-a"));
        assertEquals(api.items, rows("items-b"));
    }

    @Test
    void aJwtBearerAssertionSignedWithRs256IsVerifiedWithThePublicKeyAndCarriesTheClaims()
            throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector("items", jwtBearerRs256());

        assertFullSync("items");

        JWTClaimsSet claims = api.lastAssertion;
        assertNotNull(claims, "the token endpoint verified an assertion");
        assertEquals("sync@project.iam.example.com", claims.getIssuer());
        assertEquals("analyst@example.com", claims.getSubject());
        assertEquals(List.of(api.tokenUrl()), claims.getAudience());
        assertEquals("items.read", claims.getStringClaim("scope"));
        assertTrue(claims.getExpirationTime().after(claims.getIssueTime()));
        assertEquals(1, api.tokenRequests.get());
    }

    @Test
    void aJwtBearerAssertionCanBeSignedWithAnHs256SharedSecret() throws Exception {
        api.assertionVerifier = new MACVerifier(HS256_SECRET.getBytes(StandardCharsets.UTF_8));
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector(
                "items",
                Map.of(
                        "auth",
                        "jwt-bearer",
                        "authTokenUrl",
                        api.tokenUrl(),
                        "authClientId",
                        "sync-service",
                        "authSecret",
                        "{{test.hs256}}"));
        assertFullSync("items");
        assertEquals("sync-service", api.lastAssertion.getSubject(), "sub defaults to the issuer");
    }

    @Test
    void aSelfSignedJwtFromAPkcs1KeyOpensTheApiOnEveryPage() throws Exception {
        addConnector("items", selfSignedJwt());
        assertFullSync("items");
        SignedJWT sent =
                SignedJWT.parse(api.itemRequests().get(0).header("Authorization").substring(7));
        assertEquals("key-1", sent.getHeader().getKeyID());
        assertEquals("sync@project.iam.example.com", sent.getJWTClaimsSet().getIssuer());
    }

    @Test
    void aSessionTokenReadByJsonPathTravelsInItsHeaderAndAnExpiredSessionLogsInAgain()
            throws Exception {
        api.guard = r -> api.isValidAccessToken(r.header("X-Session-Token"));
        addConnector("items", sessionLogin("$.session.token", "X-Session-Token"));
        assertFullSync("items");
        assertEquals(1, api.logins.get());
        api.revokeAccessTokens(); // the server ends every session

        assertFullSync("items");

        assertEquals(2, api.logins.get(), "one new login after the 401");
    }

    @Test
    void aSessionPastItsLifetimeIsRenewedByLoggingInAgainBeforeTheNextRequest() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        Map<String, String> auth = sessionLogin("/session/token", null);
        auth.put("authTokenLifetime", "PT1S");
        addConnector("items", auth);
        assertFullSync("items");
        Thread.sleep(1_100);

        assertFullSync("items");

        assertEquals(2, api.logins.get());
        assertEquals(
                2 * api.pages(PAGE_SIZE),
                api.itemRequests().size(),
                "no request was refused on the way");
    }

    @Test
    void aSessionTokenCanComeFromAResponseHeaderAndTravelAsABearerToken() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        addConnector("items", sessionLogin("header:X-Session-Token", null));
        assertFullSync("items");
        assertEquals(1, api.logins.get());
    }

    @Test
    void anAuthenticatorBeanNamedByAuthRefIsUsed() throws Exception {
        context.getRegistry().bind("itemsAuth", new ApiKeyHeaderAuth("X-Items-Key", API_KEY));
        api.guard = AuthServer.header("X-Items-Key", API_KEY);
        addConnector("items", Map.of("authRef", "itemsAuth"));
        assertFullSync("items");
    }

    // ---- 401 under a token scheme ----

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallRepeated() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        Map<String, String> auth = new LinkedHashMap<>(clientCredentials("basic"));
        auth.put("rateLimit", "items-api");
        addConnector("items", auth);
        assertFullSync("items");
        api.revokeAccessTokens();
        int before = api.itemRequests().size();

        assertFullSync("items");

        assertEquals(2, api.tokenRequests.get());
        assertEquals(
                api.pages(PAGE_SIZE) + 1,
                api.itemRequests().size() - before,
                "one refused call, repeated once");
        assertEquals(
                api.itemRequests().size(),
                db.count("SELECT SUM(used) FROM tributary_rate_limits WHERE period = 'day'"),
                "every call the API saw was paid from the budget, the repeated one too");
    }

    @Test
    void aSecond401FailsTheRunWithTheProvidersErrorTextAndNoToken() throws Exception {
        api.guard = r -> false;
        addConnector("items", clientCredentials("basic"));

        SyncOutcome outcome = sync("items");

        assertFalse(outcome.success());
        String error = outcome.error();
        assertTrue(error.contains("HTTP 401") && error.contains("again, with a new token"), error);
        assertTrue(error.contains("invalid_token"), "the provider's error text: " + error);
        assertEquals(2, api.tokenRequests.get());
        assertEquals(2, api.itemRequests().size());
        for (String secret : api.secrets()) {
            assertFalse(error.contains(secret), error);
        }
    }

    @Test
    void aRefreshTokenTheProviderRefusesFailsTheRunWithInvalidGrantAndTheTokenMasked()
            throws Exception {
        String unknown = "rt-never-issued-0c7e1d";
        addConnector("items", refreshToken(unknown));

        SyncOutcome outcome = sync("items");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("invalid_grant")
                        && outcome.error().contains("authorize again"),
                outcome.error());
        assertTrue(outcome.error().contains(api.tokenUrl()), outcome.error());
        assertFalse(outcome.error().contains(unknown), outcome.error());
        assertEquals(0, api.itemRequests().size());
    }

    @Test
    void aClientSecretTheProviderRefusesFailsTheRunWithInvalidClient() throws Exception {
        api.clientSecret = "a-different-secret";
        addConnector("items", clientCredentials("form"));

        SyncOutcome outcome = sync("items");

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("HTTP 401") && outcome.error().contains("invalid_client"),
                outcome.error());
    }

    @Test
    void aTokenEndpointThatCannotBeReachedIsRetriedLikeAnyIoFailureThenFailsTheRun()
            throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> auth = clientCredentials("basic");
        auth.put("authTokenUrl", "http://127.0.0.1:" + closedPort + "/oauth/token");
        addConnector("items", auth);

        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = sync("items");
            assertEquals(
                    2,
                    logs.linesContaining("could not be reached").stream()
                            .filter(l -> l.contains("retry"))
                            .count(),
                    logs.all());
        }

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("could not be reached")
                        && outcome.error().contains("gave up after retries"),
                outcome.error());
        assertEquals(0, api.itemRequests().size());
    }

    // ---- start-up checks ----

    @Test
    void settingsASchemeCannotWorkWithStopStartUpNamingTheParameter() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        List<Object[]> cases =
                List.of(
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "oauth2-client-credentials",
                                    "authClientId",
                                    "c",
                                    "authClientSecret",
                                    "s"),
                            "'authTokenUrl'"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "oauth2-client-credentials",
                                    "authTokenUrl",
                                    "login.example.com/token",
                                    "authClientId",
                                    "c",
                                    "authClientSecret",
                                    "s"),
                            "must be an absolute http"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "oauth2-client-credentials",
                                    "authTokenUrl",
                                    api.tokenUrl(),
                                    "authClientId",
                                    "c",
                                    "authClientSecret",
                                    "s",
                                    "authClientAuth",
                                    "header"),
                            "'authClientAuth' value 'header'"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "oauth2-refresh-token",
                                    "authTokenUrl",
                                    api.tokenUrl(),
                                    "authClientId",
                                    "c"),
                            "'authRefreshToken'"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "jwt-bearer",
                                    "authTokenUrl",
                                    api.tokenUrl(),
                                    "authClientId",
                                    "c",
                                    "authKeyFile",
                                    dir.resolve("missing.pem").toString()),
                            "cannot be read"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "jwt-self-signed",
                                    "authClientId",
                                    "c",
                                    "authAudience",
                                    "a",
                                    "authKeyFile",
                                    notAKey.toString()),
                            "holds no unencrypted RSA private key"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "jwt-self-signed",
                                    "authClientId",
                                    "c",
                                    "authAudience",
                                    "a",
                                    "authSecret",
                                    "short-secret"),
                            "at least 32 bytes"
                        },
                        new Object[] {
                            Map.of(
                                    "auth",
                                    "session-login",
                                    "authLoginUrl",
                                    api.loginUrl(),
                                    "authUser",
                                    "u",
                                    "authSecret",
                                    "p",
                                    "authTokenLifetime",
                                    "soon"),
                            "'authTokenLifetime' value 'soon'"
                        },
                        new Object[] {Map.of("auth", "basic", "authSecret", "p"), "'authUser'"},
                        new Object[] {
                            Map.of("authRef", "noSuchBean"), "'authRef' value 'noSuchBean'"
                        });
        int n = 0;
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, String> auth = (Map<String, String>) c[0];
            String id = "bad-" + n++;
            Exception e =
                    assertThrows(Exception.class, () -> addConnector(id, auth), auth.toString());
            String messages = messages(e);
            assertTrue(
                    messages.contains("connector '" + id + "'") && messages.contains((String) c[1]),
                    messages);
            assertFalse(messages.contains("short-secret"), messages);
        }
    }

    // ---- secrets ----

    @Test
    void noSecretOfAnySchemeAppearsInAnyLogLineOrOutcome() throws Exception {
        List<String> secrets =
                new ArrayList<>(
                        List.of(
                                API_KEY,
                                ZENDESK_TOKEN,
                                STATIC_TOKEN,
                                HS256_SECRET,
                                api.password,
                                api.clientSecret));
        Path pkcs8 = RsaKeys.pkcs8(dir);
        secrets.addAll(RsaKeys.base64Lines(pkcs8));
        secrets.add(
                Base64.getEncoder()
                        .encodeToString(
                                ("jane@example.com/token:" + ZENDESK_TOKEN)
                                        .getBytes(StandardCharsets.UTF_8)));
        api.tokenLifetimeSeconds = 1; // several tokens per scheme
        String firstRefresh = api.authorize();
        List<String> outcomes = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            // a 401 for every request makes each scheme log its refusals, retries and failure lines
            Map<String, Map<String, String>> schemes = new LinkedHashMap<>();
            schemes.put(
                    "s-api-key",
                    Map.of(
                            "auth",
                            "api-key-query",
                            "authName",
                            "key",
                            "authSecret",
                            "{{test.api-key}}"));
            schemes.put(
                    "s-basic",
                    Map.of(
                            "auth",
                            "basic",
                            "authUser",
                            "jane@example.com/token",
                            "authSecret",
                            "{{test.zendesk-token}}"));
            schemes.put(
                    "s-bearer", Map.of("auth", "bearer", "authSecret", "{{test.static-token}}"));
            schemes.put("s-client", clientCredentials("form"));
            schemes.put("s-refresh", refreshToken(firstRefresh));
            schemes.put("s-jwt-bearer", jwtBearerRs256());
            schemes.put(
                    "s-jwt-hs",
                    Map.of(
                            "auth",
                            "jwt-self-signed",
                            "authClientId",
                            "sync-service",
                            "authAudience",
                            "aud",
                            "authSecret",
                            "{{test.hs256}}"));
            schemes.put("s-session", sessionLogin("/session/token", null));
            for (var e : schemes.entrySet()) {
                addConnector(e.getKey(), e.getValue());
            }
            for (boolean open : new boolean[] {true, false}) {
                api.guard = open ? r -> true : r -> false;
                for (String id : schemes.keySet()) {
                    SyncOutcome o = sync(id);
                    assertEquals(open, o.success(), o.summary());
                    outcomes.add(o.summary());
                }
                Thread.sleep(1_100); // every token expires: the next round fetches new ones
            }
            // the token endpoint refusing a token must not show it either
            api.authorize();
            addConnector("s-refused", refreshToken("rt-refused-secret-value-1"));
            secrets.add("rt-refused-secret-value-1");
            outcomes.add(sync("s-refused").summary());
            secrets.addAll(api.secrets());
            for (String secret : secrets) {
                assertTrue(
                        logs.linesContaining(secret).isEmpty(),
                        "secret leaked into the log:\n" + logs.linesContaining(secret));
                for (String o : outcomes) {
                    assertFalse(o.contains(secret), o);
                }
            }
            assertTrue(
                    api.issuedSecrets.size() >= 10,
                    "tokens were issued: " + api.issuedSecrets.size());
            assertFalse(logs.linesContaining("HTTP 401").isEmpty(), "the failures were logged");
        }
        Object cursors =
                db.tableExists("tributary_cursors")
                        ? db.column("SELECT cursor_value FROM tributary_cursors")
                        : List.of();
        for (String secret : secrets) {
            assertFalse(String.valueOf(cursors).contains(secret));
        }
    }

    @Test
    void aMaskerFollowingAnAuthenticatorMasksTokensObtainedAtRunTime() {
        api.guard = AuthServer.bearerIssuedBy(api);
        AuthSettings s =
                new AuthSettings()
                        .set("auth", "oauth2-client-credentials")
                        .set("authTokenUrl", api.tokenUrl())
                        .set("authClientId", api.clientId)
                        .set("authClientSecret", api.clientSecret);
        Authenticator auth = Authenticators.create("c", s, context);
        SecretMasker masker = SecretMasker.following(auth);
        PageRequest request = new PageRequest();
        auth.authenticate(request);
        String token = request.headers().get("Authorization").substring(7);

        assertEquals("Authorization: Bearer ****", masker.mask("Authorization: Bearer " + token));
        assertEquals(
                Set.of(),
                Set.of(masker.mask(api.clientSecret)).stream()
                        .filter(x -> x.contains(api.clientSecret))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
