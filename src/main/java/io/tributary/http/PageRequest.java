package io.tributary.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variable parts of one page request: query parameters and headers. Pagination, the cursor and
 * the authenticator each add theirs; the connector then hands them to camel-http as the {@code
 * CamelHttpQuery} header and plain headers, so secrets never become part of an endpoint URI.
 */
public final class PageRequest {
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String url;
    private String method = "GET";
    private String body;

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

    /**
     * Sends this request to a whole URL instead of the connector's {@code url}: a next link from a
     * {@code Link} header or a body, already resolved to an absolute URL. Its own query is kept as
     * is and the query parameters added here follow it. The connector checks its host before any
     * credentials are added.
     */
    public PageRequest url(String absoluteUrl) {
        this.url = absoluteUrl;
        return this;
    }

    /** Drops the query parameters added so far (a next URL carries its own). */
    public PageRequest clearQuery() {
        query.clear();
        return this;
    }

    /** The whole URL this request goes to, or null for the connector's own {@code url}. */
    public String url() {
        return url;
    }

    /** A JSON body, sent with POST: for APIs that page by POST (the token in the body). */
    public PageRequest jsonBody(String json) {
        this.method = "POST";
        this.body = json;
        return this;
    }

    public String method() {
        return method;
    }

    public String body() {
        return body;
    }

    /**
     * What identifies this request apart from credentials: the loop guard compares it between
     * pages.
     */
    public String signature() {
        return method
                + " "
                + (url == null ? "" : url)
                + "?"
                + encodedQuery()
                + (body == null ? "" : " " + body);
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
