package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/**
 * An API key sent in a request header, as many internal APIs do ({@code X-API-Key: KEY}).
 *
 * <pre>
 * auth: api-key-header
 * authName: X-API-Key
 * authSecret: "{{env:INVENTORY_API_KEY}}"
 * </pre>
 */
public final class ApiKeyHeaderAuth implements Authenticator {
    private final String header;
    private final String key;

    public ApiKeyHeaderAuth(String header, String key) {
        this.header = header;
        this.key = key;
    }

    @Override
    public void authenticate(PageRequest request) {
        request.header(header, key);
    }

    @Override
    public Set<String> secrets() {
        return Set.of(key);
    }
}
