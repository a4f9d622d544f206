package io.tributary.demo;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as the {@link WeatherApiServer} received it, so tests can check what a connector
 * actually sent (which pages, which since, whether it retried).
 *
 * @param method HTTP method
 * @param path decoded path, without the query
 * @param query decoded query parameters; the first value wins when a name repeats
 * @param headers first value of each header; names are case-insensitive
 */
public record RecordedRequest(
        String method, String path, Map<String, String> query, Map<String, String> headers) {

    /**
     * Reads an exchange without consuming its body; fault-injecting filters can use it to look at
     * the query.
     */
    public static RecordedRequest of(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) -> {
                            if (!values.isEmpty()) {
                                headers.put(name, values.get(0));
                            }
                        });
        URI uri = exchange.getRequestURI();
        return new RecordedRequest(
                exchange.getRequestMethod(),
                uri.getPath(),
                queryParameters(uri),
                Collections.unmodifiableMap(headers));
    }

    /**
     * Decodes the query of a URI; {@code +} means a space, as browsers and most HTTP clients encode
     * it.
     */
    public static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return Collections.unmodifiableMap(parameters);
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!name.isEmpty()) {
                parameters.putIfAbsent(decode(name), decode(value));
            }
        }
        return Collections.unmodifiableMap(parameters);
    }

    // A broken escape must not stop the request from being recorded and answered, so it is kept as
    // sent.
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The first value of a header, or null; the name is case-insensitive. */
    public String header(String name) {
        return headers.get(name);
    }
}
