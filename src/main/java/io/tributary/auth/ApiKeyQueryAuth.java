package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/**
 * An API key sent as a query parameter, as OpenWeatherMap does ({@code ?appid=KEY}).
 *
 * <pre>
 * auth: api-key-query
 * authName: appid
 * authSecret: "{{env:OPENWEATHER_API_KEY}}"
 * </pre>
 *
 * The key ends up in the request URL, so it is masked wherever a URL is shown.
 */
public final class ApiKeyQueryAuth implements Authenticator {
    private final String parameter;
    private final String key;

    public ApiKeyQueryAuth(String parameter, String key) {
        this.parameter = parameter;
        this.key = key;
    }

    @Override
    public void authenticate(PageRequest request) {
        request.queryParam(parameter, key);
    }

    @Override
    public Set<String> secrets() {
        return Set.of(key);
    }
}
