package io.tributary.auth;

import io.tributary.config.ConnectorConfigException;
import io.tributary.state.JdbcTokenStore;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * The closed list of authentication scheme names a connector may use, each mapped to one class.
 * Adding a scheme is one class plus one line here. A connector may instead name an {@link
 * Authenticator} bean of its own with {@code authRef}.
 */
public final class Authenticators {
    public static final List<String> NAMES =
            List.of(
                    "none",
                    "api-key-query",
                    "api-key-header",
                    "basic",
                    "bearer",
                    "oauth2-client-credentials",
                    "oauth2-refresh-token",
                    "jwt-bearer",
                    "jwt-self-signed",
                    "session-login");

    private Authenticators() {}

    public static Authenticator create(
            String connector, String scheme, String name, String secret) {
        return create(connector, AuthSettings.of(scheme, name, secret), null);
    }

    /**
     * The connector's authenticator: the bean {@code authRef} names, or a new one for scheme {@code
     * auth}. Checks every parameter the scheme needs (key files are read now), so a mistake stops
     * start-up.
     *
     * @param context where {@code authRef} beans and the token store are found; may be null for
     *     schemes that need neither
     */
    public static Authenticator create(String connector, AuthSettings s, CamelContext context) {
        s.forConnector(connector);
        String ref = s.get("authRef");
        if (ref != null) {
            Authenticator bean =
                    context == null
                            ? null
                            : context.getRegistry().lookupByNameAndType(ref, Authenticator.class);
            if (bean == null) {
                throw new ConnectorConfigException(
                        connector,
                        "authRef",
                        ref,
                        "names no bean of type " + Authenticator.class.getName());
            }
            return bean;
        }
        String scheme = s.get("auth", "none");
        Clock clock = Clock.systemUTC();
        switch (scheme) {
            case "none":
                return new NoAuth();
            case "api-key-query":
                return new ApiKeyQueryAuth(
                        s.required("authName", "is required by this auth scheme"),
                        s.secret("authSecret"));
            case "api-key-header":
                return new ApiKeyHeaderAuth(
                        s.required("authName", "is required by this auth scheme"),
                        s.secret("authSecret"));
            case "basic":
                return new BasicAuth(
                        s.required("authUser", "is required by auth 'basic'"),
                        s.secret("authSecret"));
            case "bearer":
                return new BearerTokenAuth(s.secret("authSecret"));
            case "oauth2-client-credentials":
                return new ClientCredentialsAuth(s, clock);
            case "oauth2-refresh-token":
                return new RefreshTokenAuth(s, tokenStore(connector, context), clock);
            case "jwt-bearer":
                return new JwtBearerAuth(s, clock);
            case "jwt-self-signed":
                return new SelfSignedJwtAuth(s, clock);
            case "session-login":
                return new SessionLoginAuth(s, clock);
            default:
                throw new ConnectorConfigException(
                        connector, "auth", scheme, "must be one of " + NAMES);
        }
    }

    private static JdbcTokenStore tokenStore(String connector, CamelContext context) {
        if (context != null) {
            JdbcTokenStore store =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryTokenStore", JdbcTokenStore.class);
            if (store != null) {
                return store;
            }
            DataSource dataSource =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryDataSource", DataSource.class);
            if (dataSource != null) {
                return new JdbcTokenStore(dataSource);
            }
        }
        throw new ConnectorConfigException(
                connector,
                "auth",
                "oauth2-refresh-token",
                "needs the Tributary database (tributaryTokenStore) to keep rotated refresh tokens");
    }
}
