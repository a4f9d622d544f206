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
import io.tributary.http.PageRequest;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.AuthServer;
import io.tributary.support.ConnectorHarness;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every authentication scheme drives a full sync through the http-to-jdbc template, against a
 * loopback API that requires it and a loopback identity provider ({@link AuthServer}). Secrets
 * reach the connectors through property placeholders, as in a real route file.
 */
class AuthenticationSyncTest {
    static final int PAGE_SIZE = 50;
    static final String API_KEY = "ak-51d0-9e77-api-key";
    static final String ZENDESK_TOKEN = "zd-Token-6b1f2c9a";
    static final String STATIC_TOKEN = "ghp_static0bearer0token77";
    static final String HS256_SECRET = "hs256-shared-secret-of-32-bytes-or-more";

    final AuthServer api = new AuthServer();
    final Database db = Database.h2();
    final ConnectorHarness tributary =
            new ConnectorHarness(db)
                    .set("tributary.retry.max-redeliveries", "2")
                    .set("tributary.retry.initial-delay-ms", "10")
                    .set("tributary.retry.max-delay-ms", "50")
                    .set("tributary.ratelimit.items-api.per-day", "100000")
                    .set("test.api-key", API_KEY)
                    .set("test.zendesk-token", ZENDESK_TOKEN)
                    .set("test.static-token", STATIC_TOKEN)
                    .set("test.client-secret", api.clientSecret)
                    .set("test.password", api.password)
                    .set("test.hs256", HS256_SECRET);

    @TempDir Path dir;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    // ---- helpers ----

    /** Connector {@code id} reading the protected items into a table of its own name. */
    ConnectorSpec items(String id) {
        return ConnectorSpec.named(id)
                .url(api.itemsUrl())
                .pageSize(PAGE_SIZE)
                .totalPagesPath("/total_pages")
                .recordsPath("/items")
                .schema("src/test/resources/auth/items.schema.yaml")
                .table(id.replace('-', '_'));
    }

    SyncOutcome sync(String id) {
        return tributary.sync(id);
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

    /** OAuth 2 client credentials with the provider's client, authenticated as given. */
    UnaryOperator<ConnectorSpec> clientCredentials(String clientAuth) {
        return s ->
                s.auth("oauth2-client-credentials")
                        .authTokenUrl(api.tokenUrl())
                        .authClientId(api.clientId)
                        .authClientSecret("{{test.client-secret}}")
                        .authClientAuth(clientAuth);
    }

    UnaryOperator<ConnectorSpec> refreshToken(String first) {
        return s ->
                s.auth("oauth2-refresh-token")
                        .authTokenUrl(api.tokenUrl())
                        .authClientId(api.clientId)
                        .authClientSecret("{{test.client-secret}}")
                        .authRefreshToken(first);
    }

    UnaryOperator<ConnectorSpec> jwtBearerRs256() throws Exception {
        api.assertionVerifier = new RSASSAVerifier(RsaKeys.publicKey());
        String keyFile = RsaKeys.pkcs8(dir).toString();
        return s ->
                s.auth("jwt-bearer")
                        .authTokenUrl(api.tokenUrl())
                        .authClientId("sync@project.iam.example.com")
                        .authUser("analyst@example.com")
                        .authScope("items.read")
                        .authKeyFile(keyFile);
    }

    UnaryOperator<ConnectorSpec> selfSignedJwt() throws Exception {
        api.guard =
                verifiedJwt(new RSASSAVerifier(RsaKeys.publicKey()), "https://items.example.com/");
        String keyFile = RsaKeys.pkcs1(dir).toString();
        return s ->
                s.auth("jwt-self-signed")
                        .authClientId("sync@project.iam.example.com")
                        .authAudience("https://items.example.com/")
                        .authKeyFile(keyFile)
                        .authKeyId("key-1");
    }

    UnaryOperator<ConnectorSpec> sessionLogin(String tokenPath, String header) {
        return s -> {
            s.auth("session-login")
                    .authLoginUrl(api.loginUrl())
                    .authUser(api.user)
                    .authSecret("{{test.password}}")
                    .authLoginFields("email,password")
                    .authTokenPath(tokenPath);
            return header == null ? s : s.authName(header);
        };
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
        tributary.add(
                items("items")
                        .auth("api-key-header")
                        .authName("X-API-Key")
                        .authSecret("{{test.api-key}}"));
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
        tributary.add(
                items("items")
                        .auth("basic")
                        .authUser("jane@example.com/token")
                        .authSecret("{{test.zendesk-token}}"));
        assertFullSync("items");
    }

    @Test
    void aStaticBearerTokenOpensTheApi() throws Exception {
        api.guard = AuthServer.header("Authorization", "Bearer " + STATIC_TOKEN);
        tributary.add(items("items").auth("bearer").authSecret("{{test.static-token}}"));
        assertFullSync("items");
    }

    @Test
    void clientCredentialsSendScopeAudienceAndExtraFieldsAndOneTokenServesEveryPageAndTheNextSync()
            throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        tributary.add(
                items("items")
                        .and(clientCredentials("basic"))
                        .authScope("items.read items.export")
                        .authAudience("https://items.example.com")
                        .authFormFields("resource=https://items.example.com/v1&tenant=acme"));

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
        tributary.add(items("items").and(clientCredentials("form")));
        assertFullSync("items");
        assertEquals(List.of("form"), api.clientAuthKinds);
    }

    @Test
    void anExpiredClientCredentialsTokenIsFetchedAgainBeforeTheNextRequest() throws Exception {
        api.tokenLifetimeSeconds = 2;
        api.guard = AuthServer.bearerIssuedBy(api);
        tributary.add(items("items").and(clientCredentials("basic")));
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
        tributary.add(items("items-a").and(clientCredentials("basic")));
        tributary.add(items("items-b").and(clientCredentials("basic")));

        assertFullSync("items-a");
        assertFullSync("items-b");

        assertEquals(1, api.tokenRequests.get());
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndUsedForTheNextRefresh() throws Exception {
        api.tokenLifetimeSeconds = 2;
        api.guard = AuthServer.bearerIssuedBy(api);
        String first = api.authorize();
        tributary.add(items("items").and(refreshToken(first)));

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
        tributary.add(items("items-a").and(refreshToken(first)));
        tributary.add(items("items-b").and(refreshToken(first)));

        CompletableFuture<SyncOutcome> a = tributary.syncInBackground("items-a");
        CompletableFuture<SyncOutcome> b = tributary.syncInBackground("items-b");
        a.get();
        b.get();

        assertTrue(tributary.outcome("items-a").success(), tributary.outcome("items-a").summary());
        assertTrue(tributary.outcome("items-b").success(), tributary.outcome("items-b").summary());
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
        tributary.add(items("items").and(jwtBearerRs256()));

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
        tributary.add(
                items("items")
                        .auth("jwt-bearer")
                        .authTokenUrl(api.tokenUrl())
                        .authClientId("sync-service")
                        .authSecret("{{test.hs256}}"));
        assertFullSync("items");
        assertEquals("sync-service", api.lastAssertion.getSubject(), "sub defaults to the issuer");
    }

    @Test
    void aSelfSignedJwtFromAPkcs1KeyOpensTheApiOnEveryPage() throws Exception {
        tributary.add(items("items").and(selfSignedJwt()));
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
        tributary.add(items("items").and(sessionLogin("$.session.token", "X-Session-Token")));
        assertFullSync("items");
        assertEquals(1, api.logins.get());
        api.revokeAccessTokens(); // the server ends every session

        assertFullSync("items");

        assertEquals(2, api.logins.get(), "one new login after the 401");
    }

    @Test
    void aSessionPastItsLifetimeIsRenewedByLoggingInAgainBeforeTheNextRequest() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        tributary.add(
                items("items").and(sessionLogin("/session/token", null)).authTokenLifetime("PT1S"));
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
        tributary.add(items("items").and(sessionLogin("header:X-Session-Token", null)));
        assertFullSync("items");
        assertEquals(1, api.logins.get());
    }

    @Test
    void anAuthenticatorBeanNamedByAuthRefIsUsed() throws Exception {
        tributary
                .context()
                .getRegistry()
                .bind("itemsAuth", new ApiKeyHeaderAuth("X-Items-Key", API_KEY));
        api.guard = AuthServer.header("X-Items-Key", API_KEY);
        tributary.add(items("items").authRef("itemsAuth"));
        assertFullSync("items");
    }

    // ---- 401 under a token scheme ----

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallRepeated() throws Exception {
        api.guard = AuthServer.bearerIssuedBy(api);
        tributary.add(items("items").and(clientCredentials("basic")).rateLimit("items-api"));
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
        tributary.add(items("items").and(clientCredentials("basic")));

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
        tributary.add(items("items").and(refreshToken(unknown)));

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
        tributary.add(items("items").and(clientCredentials("form")));

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
        tributary.add(
                items("items")
                        .and(clientCredentials("basic"))
                        .authTokenUrl("http://127.0.0.1:" + closedPort + "/oauth/token"));

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
        record Case(UnaryOperator<ConnectorSpec> auth, String named) {}
        List<Case> cases =
                List.of(
                        new Case(
                                s ->
                                        s.auth("oauth2-client-credentials")
                                                .authClientId("c")
                                                .authClientSecret("s"),
                                "'authTokenUrl'"),
                        new Case(
                                s ->
                                        s.auth("oauth2-client-credentials")
                                                .authTokenUrl("login.example.com/token")
                                                .authClientId("c")
                                                .authClientSecret("s"),
                                "must be an absolute http"),
                        new Case(
                                s ->
                                        s.auth("oauth2-client-credentials")
                                                .authTokenUrl(api.tokenUrl())
                                                .authClientId("c")
                                                .authClientSecret("s")
                                                .authClientAuth("header"),
                                "'authClientAuth' value 'header'"),
                        new Case(
                                s ->
                                        s.auth("oauth2-refresh-token")
                                                .authTokenUrl(api.tokenUrl())
                                                .authClientId("c"),
                                "'authRefreshToken'"),
                        new Case(
                                s ->
                                        s.auth("jwt-bearer")
                                                .authTokenUrl(api.tokenUrl())
                                                .authClientId("c")
                                                .authKeyFile(dir.resolve("missing.pem").toString()),
                                "cannot be read"),
                        new Case(
                                s ->
                                        s.auth("jwt-self-signed")
                                                .authClientId("c")
                                                .authAudience("a")
                                                .authKeyFile(notAKey.toString()),
                                "holds no unencrypted RSA private key"),
                        new Case(
                                s ->
                                        s.auth("jwt-self-signed")
                                                .authClientId("c")
                                                .authAudience("a")
                                                .authSecret("short-secret"),
                                "at least 32 bytes"),
                        new Case(
                                s ->
                                        s.auth("session-login")
                                                .authLoginUrl(api.loginUrl())
                                                .authUser("u")
                                                .authSecret("p")
                                                .authTokenLifetime("soon"),
                                "'authTokenLifetime' value 'soon'"),
                        new Case(s -> s.auth("basic").authSecret("p"), "'authUser'"),
                        new Case(s -> s.authRef("noSuchBean"), "'authRef' value 'noSuchBean'"));
        int n = 0;
        for (Case c : cases) {
            String id = "bad-" + n++;
            ConnectorSpec spec = items(id).and(c.auth());
            Exception e =
                    assertThrows(
                            Exception.class,
                            () -> tributary.add(spec),
                            spec.parameters().toString());
            String messages = messages(e);
            assertTrue(
                    messages.contains("connector '" + id + "'") && messages.contains(c.named()),
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
            List<ConnectorSpec> schemes =
                    List.of(
                            items("s-api-key")
                                    .auth("api-key-query")
                                    .authName("key")
                                    .authSecret("{{test.api-key}}"),
                            items("s-basic")
                                    .auth("basic")
                                    .authUser("jane@example.com/token")
                                    .authSecret("{{test.zendesk-token}}"),
                            items("s-bearer").auth("bearer").authSecret("{{test.static-token}}"),
                            items("s-client").and(clientCredentials("form")),
                            items("s-refresh").and(refreshToken(firstRefresh)),
                            items("s-jwt-bearer").and(jwtBearerRs256()),
                            items("s-jwt-hs")
                                    .auth("jwt-self-signed")
                                    .authClientId("sync-service")
                                    .authAudience("aud")
                                    .authSecret("{{test.hs256}}"),
                            items("s-session").and(sessionLogin("/session/token", null)));
            for (ConnectorSpec scheme : schemes) {
                tributary.add(scheme);
            }
            for (boolean open : new boolean[] {true, false}) {
                api.guard = open ? r -> true : r -> false;
                for (ConnectorSpec scheme : schemes) {
                    SyncOutcome o = sync(scheme.name());
                    assertEquals(open, o.success(), o.summary());
                    outcomes.add(o.summary());
                }
                Thread.sleep(1_100); // every token expires: the next round fetches new ones
            }
            // the token endpoint refusing a token must not show it either
            api.authorize();
            tributary.add(items("s-refused").and(refreshToken("rt-refused-secret-value-1")));
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
        Authenticator auth = Authenticators.create("c", s, tributary.context());
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
