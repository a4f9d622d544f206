package io.tributary.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * How an OAuth2 client proves its identity at the token endpoint (RFC 6749 §2.3.1): an {@code
 * Authorization: Basic} header ({@code authClientAuth: basic}, the default, e.g. Okta, Salesforce)
 * or {@code client_id} / {@code client_secret} form fields ({@code authClientAuth: form}, e.g.
 * Microsoft Entra ID, HubSpot).
 */
final class ClientAuthentication {
    static final java.util.List<String> KINDS = java.util.List.of("basic", "form");
    private final String clientId;
    private final String clientSecret;
    private final boolean basic;

    ClientAuthentication(String clientId, String clientSecret, String kind) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.basic = "basic".equals(kind);
    }

    static ClientAuthentication from(AuthSettings s, boolean secretRequired) {
        String id = s.required("authClientId", "is required by auth '" + s.get("auth") + "'");
        String secret = secretRequired ? s.secret("authClientSecret") : s.get("authClientSecret");
        return new ClientAuthentication(id, secret, s.oneOf("authClientAuth", "basic", KINDS));
    }

    void apply(Map<String, String> form, Map<String, String> headers) {
        if (basic && clientSecret != null) {
            String pair =
                    URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                            + ":"
                            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            headers.put(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId); // a public client (no secret) names itself in the form
            if (clientSecret != null) {
                form.put("client_secret", clientSecret);
            }
        }
    }

    String clientId() {
        return clientId;
    }

    String secret() {
        return clientSecret;
    }

    /** The Base64 header value, which carries the secret and must be masked too. */
    String basicValue() {
        if (!basic || clientSecret == null) {
            return null;
        }
        java.util.Map<String, String> h = new java.util.HashMap<>();
        apply(new java.util.HashMap<>(), h);
        return h.get("Authorization").substring("Basic ".length());
    }
}
