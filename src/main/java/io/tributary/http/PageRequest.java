package io.tributary.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variable parts of one page request: query parameters and headers. Pagination, the cursor and
 * the authenticator each add theirs; the connector then hands them to camel-http as the
 * {@code CamelHttpQuery} header and plain headers, so secrets never become part of an endpoint URI.
 */
public final class PageRequest {
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public PageRequest queryParam(String name, String value) {
        query.put(name, value);
        return this;
    }

    public PageRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> query() {
        return Collections.unmodifiableMap(query);
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** The query string, form-encoded, without the leading '?'. */
    public String encodedQuery() {
        return query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
