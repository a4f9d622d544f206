package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connector.ConnectorConfigException;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {
    private static final String SECRET = "sk_live_9f8e7d6c";

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void createsEachSchemeByName() {
        assertInstanceOf(NoAuth.class, Authenticators.create("c", "none", null, null));
        assertInstanceOf(NoAuth.class, Authenticators.create("c", null, null, null));
        assertInstanceOf(ApiKeyQueryAuth.class, Authenticators.create("c", "api-key-query", "appid", SECRET));
        assertInstanceOf(ApiKeyHeaderAuth.class, Authenticators.create("c", "api-key-header", "X-API-Key", SECRET));
    }

    @Test
    void rejectsAnUnknownSchemeListingTheKnownOnes() {
        ConnectorConfigException e = assertThrows(ConnectorConfigException.class,
                () -> Authenticators.create("weather", "oauth2", "token", SECRET));
        assertMentions(e, "'weather'", "'auth'", "'oauth2'", "api-key-query", "api-key-header");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void rejectsAMissingAuthNameWithoutShowingTheSecret() {
        ConnectorConfigException e = assertThrows(ConnectorConfigException.class,
                () -> Authenticators.create("weather", "api-key-query", null, SECRET));
        assertMentions(e, "'weather'", "'authName'");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void rejectsAnEmptySecret() {
        ConnectorConfigException e = assertThrows(ConnectorConfigException.class,
                () -> Authenticators.create("weather", "api-key-header", "X-API-Key", ""));
        assertMentions(e, "'weather'", "'authSecret'", "empty");
    }

    @Test
    void rejectsABlankSecretWithoutEchoingIt() {
        ConnectorConfigException e = assertThrows(ConnectorConfigException.class,
                () -> Authenticators.create("weather", "api-key-query", "appid", "   "));
        assertMentions(e, "'authSecret'");
        assertFalse(e.getMessage().contains("value '"), e.getMessage());
    }
}
