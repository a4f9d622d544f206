package io.tributary.auth;

import io.tributary.config.ConnectorConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector's authentication parameters, by their route-template names, with the checks every
 * scheme shares. Adding a scheme adds a class and maybe a name here, never a constructor argument
 * to the connector. Values are already resolved ({@code {{env:CRM_CLIENT_SECRET}}} is the secret).
 */
public final class AuthSettings {
    /** Every parameter name, in the order the route template declares them. */
    public static final List<String> PARAMETERS =
            List.of(
                    "auth",
                    "authName",
                    "authSecret",
                    "authRef",
                    "authUser",
                    "authTokenUrl",
                    "authClientId",
                    "authClientSecret",
                    "authClientAuth",
                    "authScope",
                    "authAudience",
                    "authFormFields",
                    "authRefreshToken",
                    "authKeyFile",
                    "authKeyId",
                    "authLoginUrl",
                    "authLoginFields",
                    "authTokenPath",
                    "authTokenLifetime");

    /** Parameters whose value is a credential: never echoed in an error message. */
    static final List<String> SECRET_PARAMETERS =
            List.of("authSecret", "authClientSecret", "authRefreshToken");

    private final Map<String, String> values = new LinkedHashMap<>();
    private String connector = "?";

    public AuthSettings() {}

    /** Settings for one of the simple schemes, as the first connectors spelled them. */
    public static AuthSettings of(String scheme, String name, String secret) {
        return new AuthSettings()
                .set("auth", scheme)
                .set("authName", name)
                .set("authSecret", secret);
    }

    public AuthSettings set(String parameter, String value) {
        if (!PARAMETERS.contains(parameter)) {
            throw new IllegalArgumentException(
                    "unknown authentication parameter '" + parameter + "'; known: " + PARAMETERS);
        }
        values.put(parameter, value);
        return this;
    }

    AuthSettings forConnector(String connector) {
        this.connector = connector;
        return this;
    }

    String connector() {
        return connector;
    }

    /** The value, or null when missing or blank. */
    public String get(String parameter) {
        String v = values.get(parameter);
        return v == null || v.isBlank() ? null : v;
    }

    String get(String parameter, String fallback) {
        String v = get(parameter);
        return v == null ? fallback : v;
    }

    String required(String parameter, String why) {
        String v = get(parameter);
        if (v == null) {
            throw problem(parameter, why);
        }
        return v;
    }

    /**
     * A required credential; the message tells where it should come from and never shows a value.
     */
    String secret(String parameter) {
        String v = get(parameter);
        if (v == null) {
            throw new ConnectorConfigException(
                    connector,
                    parameter,
                    null,
                    "is empty: set it from an environment variable, a secret file or a property, e.g. \"{{env:MY_SECRET}}\"");
        }
        return v;
    }

    String url(String parameter, String why) {
        String v = required(parameter, why);
        try {
            URI uri = new URI(v);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw problem(parameter, "must be an absolute http:// or https:// URL");
    }

    /** An ISO-8601 duration ({@code PT30M}) or a number of seconds; null when not set. */
    Duration duration(String parameter) {
        String v = get(parameter);
        if (v == null) {
            return null;
        }
        try {
            Duration d =
                    v.trim().matches("\\d+")
                            ? Duration.ofSeconds(Long.parseLong(v.trim()))
                            : Duration.parse(v.trim());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw problem(
                parameter, "must be a positive duration such as PT30M or a number of seconds");
    }

    /** {@code a=1&b=2} as an ordered map (values as written, not yet encoded). */
    Map<String, String> formFields(String parameter) {
        Map<String, String> fields = new LinkedHashMap<>();
        String v = get(parameter);
        if (v == null) {
            return fields;
        }
        for (String pair : v.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw problem(
                        parameter,
                        "must be form fields such as resource=https://api.example.com&tenant=acme");
            }
            fields.put(
                    java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    String oneOf(String parameter, String fallback, List<String> allowed) {
        String v = get(parameter, fallback);
        if (!allowed.contains(v)) {
            throw problem(parameter, "must be one of " + allowed);
        }
        return v;
    }

    ConnectorConfigException problem(String parameter, String problem) {
        String shown = SECRET_PARAMETERS.contains(parameter) ? null : get(parameter);
        return new ConnectorConfigException(connector, parameter, shown, problem);
    }
}
