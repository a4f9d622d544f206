package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP Basic authentication ({@code Authorization: Basic base64(user:password)}), e.g. Jira Cloud
 * (e-mail and API token) or Zendesk, whose API tokens use the user name {@code email/token}:
 *
 * <pre>
 * auth: basic
 * authUser: jane@example.com/token
 * authSecret: "{{env:ZENDESK_API_TOKEN}}"
 * </pre>
 */
public final class BasicAuth implements Authenticator {
    private final String header;
    private final Set<String> secrets;

    public BasicAuth(String user, String password) {
        String encoded =
                Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.header = "Basic " + encoded;
        this.secrets = Set.of(password, encoded); // the Base64 form carries the password too
    }

    @Override
    public void authenticate(PageRequest request) {
        request.header("Authorization", header);
    }

    @Override
    public Set<String> secrets() {
        return secrets;
    }
}
