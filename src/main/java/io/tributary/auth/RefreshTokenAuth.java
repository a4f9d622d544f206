package io.tributary.auth;

import io.tributary.state.JdbcTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth2 refresh token grant (RFC 6749 §6) with rotation, for APIs authorized once by a person,
 * e.g. Salesforce, HubSpot, Xero or QuickBooks (the last two invalidate a refresh token once it is
 * used). Each new access token comes from {@code grant_type=refresh_token}; a rotated refresh token
 * is committed to {@link JdbcTokenStore} before the access token is used, under a row lock, so
 * restarts, replicas and connectors sharing the grant never send a used one.
 *
 * <pre>
 * auth: oauth2-refresh-token
 * authTokenUrl: https://login.salesforce.com/services/oauth2/token
 * authClientId: "{{env:SF_CLIENT_ID}}"
 * authClientSecret: "{{env:SF_CLIENT_SECRET}}"
 * authRefreshToken: "{{env:SF_REFRESH_TOKEN}}"   # the first one; after that the stored one wins
 * </pre>
 */
public final class RefreshTokenAuth extends TokenAuth {
    private final TokenEndpoint endpoint;
    private final ClientAuthentication client;
    private final JdbcTokenStore store;
    private final String firstRefreshToken;
    private final String scope;
    private final Map<String, String> extra;
    private final Duration fallbackLifetime;
    private final String key;
    private final String description;

    RefreshTokenAuth(AuthSettings s, JdbcTokenStore store, Clock clock) {
        this(s, store, clock, ClientAuthentication.from(s, false));
    }

    private RefreshTokenAuth(
            AuthSettings s, JdbcTokenStore store, Clock clock, ClientAuthentication client) {
        super(
                s.connector(),
                null,
                clock,
                client.secret(),
                client.basicValue(),
                s.secret("authRefreshToken"));
        this.client = client;
        this.store = store;
        this.firstRefreshToken = s.secret("authRefreshToken");
        this.scope = s.get("authScope");
        this.extra = s.formFields("authFormFields");
        this.fallbackLifetime = s.duration("authTokenLifetime");
        String url = s.url("authTokenUrl", "is required by auth 'oauth2-refresh-token'");
        this.endpoint =
                new TokenEndpoint(connector, url, "token endpoint", SecretMasker.following(this));
        this.key = fingerprint(url, client.clientId(), firstRefreshToken);
        this.description = "client " + client.clientId() + " at " + url;
        store.warnIfClearText();
    }

    @Override
    String cacheKey() {
        return key;
    }

    @Override
    AccessToken fetch() {
        return store.rotate(
                key,
                description,
                firstRefreshToken,
                current -> {
                    known.learn(current);
                    Map<String, String> form = new LinkedHashMap<>();
                    Map<String, String> headers = new LinkedHashMap<>();
                    form.put("grant_type", "refresh_token");
                    form.put("refresh_token", current);
                    if (scope != null) {
                        form.put("scope", scope);
                    }
                    form.putAll(extra);
                    client.apply(form, headers);
                    TokenEndpoint.Grant grant;
                    try {
                        grant = endpoint.grant(form, headers);
                    } catch (AuthenticationException e) {
                        if (e.status() == 400 || e.status() == 401) {
                            throw new AuthenticationException(
                                    e.getMessage()
                                            + " (the refresh token was refused: authorize "
                                            + "again and set the new refresh token in authRefreshToken)",
                                    e.status(),
                                    e.getCause());
                        }
                        throw e;
                    }
                    known.learn(grant.refreshToken());
                    boolean rotated =
                            grant.refreshToken() != null && !grant.refreshToken().equals(current);
                    return new JdbcTokenStore.Rotation<>(
                            grant.refreshToken(),
                            accept(
                                    grant,
                                    fallbackLifetime,
                                    clock.instant(),
                                    "refreshed its access token",
                                    endpoint.url(),
                                    rotated ? "; the provider rotated the refresh token" : ""));
                });
    }
}
