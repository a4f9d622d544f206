package io.tributary.auth;

import io.tributary.connector.ConnectorConfigException;
import java.util.List;

/**
 * The closed list of authentication scheme names a connector may use, each mapped to one class.
 * Adding a scheme is one class plus one line here.
 */
public final class Authenticators {
    public static final List<String> NAMES = List.of("none", "api-key-query", "api-key-header");

    private Authenticators() {
    }

    public static Authenticator create(String connector, String scheme, String name, String secret) {
        switch (scheme == null ? "none" : scheme) {
            case "none":
                return new NoAuth();
            case "api-key-query":
                return new ApiKeyQueryAuth(required(connector, "authName", name), requiredSecret(connector, secret));
            case "api-key-header":
                return new ApiKeyHeaderAuth(required(connector, "authName", name), requiredSecret(connector, secret));
            default:
                throw new ConnectorConfigException(connector, "auth", scheme, "must be one of " + NAMES);
        }
    }

    private static String required(String connector, String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new ConnectorConfigException(connector, parameter, value, "is required by this auth scheme");
        }
        return value;
    }

    private static String requiredSecret(String connector, String secret) {
        if (secret == null || secret.isBlank()) {
            // never echo the value: it is a secret, and an empty one at that
            throw new ConnectorConfigException(connector, "authSecret", null,
                    "is empty: set it from an environment variable or a property, e.g. \"{{env:MY_API_KEY}}\"");
        }
        return secret;
    }
}
