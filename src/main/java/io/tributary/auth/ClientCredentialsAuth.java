package io.tributary.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth2 client credentials (RFC 6749 §4.4), for machine-to-machine APIs such as Auth0, Okta or
 * Microsoft Entra ID: the token comes from the token URL, is cached until shortly before its {@code
 * expires_in}, and is shared by every connector of this process that uses the same token URL,
 * client, scope and audience.
 *
 * <pre>
 * auth: oauth2-client-credentials
 * authTokenUrl: https://login.microsoftonline.com/TENANT/oauth2/v2.0/token
 * authClientId: "{{env:CRM_CLIENT_ID}}"
 * authClientSecret: "{{env:CRM_CLIENT_SECRET}}"
 * authClientAuth: form                     # basic (default): Authorization header; form: client_id/client_secret fields
 * authScope: https://graph.microsoft.com/.default
 * authAudience: https://api.example.com    # Auth0-style audience, when the provider wants one
 * authFormFields: resource=https://crm.example.com   # any further form fields
 * </pre>
 */
public final class ClientCredentialsAuth extends TokenAuth {
    private final TokenEndpoint endpoint;
    private final ClientAuthentication client;
    private final String scope;
    private final String audience;
    private final Map<String, String> extra;
    private final Duration fallbackLifetime;

    ClientCredentialsAuth(AuthSettings s, Clock clock) {
        this(s, clock, ClientAuthentication.from(s, true));
    }

    private ClientCredentialsAuth(AuthSettings s, Clock clock, ClientAuthentication client) {
        super(s.connector(), null, clock, client.secret(), client.basicValue());
        this.client = client;
        this.scope = s.get("authScope");
        this.audience = s.get("authAudience");
        this.extra = s.formFields("authFormFields");
        this.fallbackLifetime = s.duration("authTokenLifetime");
        this.endpoint =
                new TokenEndpoint(
                        connector,
                        s.url("authTokenUrl", "is required by auth 'oauth2-client-credentials'"),
                        "token endpoint",
                        SecretMasker.following(this));
    }

    @Override
    String cacheKey() {
        return fingerprint(
                endpoint.url(),
                client.clientId(),
                client.secret(),
                scope,
                audience,
                extra.toString());
    }

    @Override
    AccessToken fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        if (audience != null) {
            form.put("audience", audience);
        }
        form.putAll(extra);
        client.apply(form, headers);
        return accept(
                endpoint.grant(form, headers),
                fallbackLifetime,
                clock.instant(),
                "obtained an access token",
                endpoint.url(),
                "");
    }
}
