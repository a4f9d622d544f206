package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.ConnectorConfigException;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {
    private static final String SECRET = "sk_live_9f8e7d6c";

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(
                    e.getMessage().contains(part),
                    () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void createsEachSchemeByName() {
        assertInstanceOf(NoAuth.class, Authenticators.create("c", "none", null, null));
        assertInstanceOf(NoAuth.class, Authenticators.create("c", null, null, null));
        assertInstanceOf(
                ApiKeyQueryAuth.class,
                Authenticators.create("c", "api-key-query", "appid", SECRET));
        assertInstanceOf(
                ApiKeyHeaderAuth.class,
                Authenticators.create("c", "api-key-header", "X-API-Key", SECRET));
        assertInstanceOf(BearerTokenAuth.class, Authenticators.create("c", "bearer", null, SECRET));
        assertInstanceOf(
                BasicAuth.class,
                Authenticators.create(
                        "c",
                        AuthSettings.of("basic", null, SECRET)
                                .set("authUser", "jane@example.com/token"),
                        null));
        assertInstanceOf(
                ClientCredentialsAuth.class,
                Authenticators.create(
                        "c",
                        new AuthSettings()
                                .set("auth", "oauth2-client-credentials")
                                .set("authTokenUrl", "https://login.example.com/token")
                                .set("authClientId", "id")
                                .set("authClientSecret", SECRET),
                        null));
        assertInstanceOf(
                SessionLoginAuth.class,
                Authenticators.create(
                        "c",
                        AuthSettings.of("session-login", null, SECRET)
                                .set("authUser", "u")
                                .set("authLoginUrl", "https://erp.example.com/login"),
                        null));
    }

    @Test
    void basicAuthMasksThePasswordAndTheEncodedHeader() {
        Authenticator basic =
                Authenticators.create(
                        "c", AuthSettings.of("basic", null, SECRET).set("authUser", "jane"), null);
        io.tributary.http.PageRequest request = new io.tributary.http.PageRequest();
        basic.authenticate(request);
        String header = request.headers().get("Authorization");

        assertTrue(header.startsWith("Basic "), header);
        org.junit.jupiter.api.Assertions.assertEquals(
                "Authorization: Basic ****",
                SecretMasker.following(basic).mask("Authorization: " + header));
    }

    @Test
    void aTokenIsRenewedATenthOfItsLifetimeBeforeItExpiresButAtMostThirtySecondsBefore() {
        java.time.Instant now = java.time.Instant.parse("2026-11-26T00:00:00Z");
        org.junit.jupiter.api.Assertions.assertEquals(
                now.plusSeconds(9),
                AccessToken.expiringIn("t", java.time.Duration.ofSeconds(10), now).refreshAt());
        org.junit.jupiter.api.Assertions.assertEquals(
                now.plusSeconds(3600 - 30),
                AccessToken.expiringIn("t", java.time.Duration.ofHours(1), now).refreshAt());
        assertTrue(
                AccessToken.expiringIn("t", null, now).usableAt(now.plusSeconds(1_000_000)),
                "no expiry: until refused");
        assertFalse(
                AccessToken.expiringIn("t", java.time.Duration.ofSeconds(10), now)
                        .toString()
                        .contains("t,"));
    }

    @Test
    void rejectsAnUnknownSchemeListingTheKnownOnes() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () -> Authenticators.create("weather", "oauth2", "token", SECRET));
        assertMentions(e, "'weather'", "'auth'", "'oauth2'", "api-key-query", "api-key-header");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void rejectsAMissingAuthNameWithoutShowingTheSecret() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () -> Authenticators.create("weather", "api-key-query", null, SECRET));
        assertMentions(e, "'weather'", "'authName'");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void rejectsAnEmptySecret() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () -> Authenticators.create("weather", "api-key-header", "X-API-Key", ""));
        assertMentions(e, "'weather'", "'authSecret'", "empty");
    }

    @Test
    void rejectsABlankSecretWithoutEchoingIt() {
        ConnectorConfigException e =
                assertThrows(
                        ConnectorConfigException.class,
                        () -> Authenticators.create("weather", "api-key-query", "appid", "   "));
        assertMentions(e, "'authSecret'");
        assertFalse(e.getMessage().contains("value '"), e.getMessage());
    }
}
