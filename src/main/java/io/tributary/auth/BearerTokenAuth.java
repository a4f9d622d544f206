package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/**
 * A static bearer token, e.g. a GitHub personal access token or a Stripe secret key: {@code
 * Authorization: Bearer TOKEN}.
 *
 * <pre>
 * auth: bearer
 * authSecret: "{{env:GITHUB_TOKEN}}"
 * </pre>
 */
public final class BearerTokenAuth implements Authenticator {
    private final String token;
    private final Set<String> secrets;

    public BearerTokenAuth(String token) {
        this.token = token;
        this.secrets = Set.of(token);
    }

    @Override
    public void authenticate(PageRequest request) {
        request.header("Authorization", "Bearer " + token);
    }

    @Override
    public Set<String> secrets() {
        return secrets;
    }
}
