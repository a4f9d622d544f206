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
    private String endpoint;
    private String method = "GET";
    private String body;
    private String contentType;

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

    /**
     * The connector's url without its query, with the placeholders of its path filled for this
     * request ({@code /projects/P%201/issues}); null when its path has none.
     */
    public PageRequest endpoint(String urlWithoutQuery) {
        this.endpoint = urlWithoutQuery;
        return this;
    }

    /** See {@link #endpoint(String)}. */
    public String endpoint() {
        return endpoint;
    }

    /** A JSON body, sent with POST: for APIs that page by POST (the token in the body). */
    public PageRequest jsonBody(String json) {
        this.method = "POST";
        this.body = json;
        this.contentType = "application/json";
        return this;
    }

    /** A form body ({@code a=1&b=2}, already form-encoded), sent with POST. */
    public PageRequest formBody(String encoded) {
        this.method = "POST";
        this.body = encoded;
        this.contentType = "application/x-www-form-urlencoded";
        return this;
    }

    /**
     * An XML body (a SOAP envelope), sent with POST as SOAP 1.1's {@code text/xml; charset=utf-8}
     * unless {@link #contentType(String)} says otherwise (SOAP 1.2's {@code application/soap+xml}).
     */
    public PageRequest xmlBody(String xml) {
        this.method = "POST";
        this.body = xml;
        this.contentType = "text/xml; charset=utf-8";
        return this;
    }

    /** The body's media type as the connector's {@code requestHeaders} set it. */
    public PageRequest contentType(String mediaType) {
        this.contentType = mediaType;
        return this;
    }

    /** The body's media type, null without a body. */
    public String contentType() {
        return contentType;
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
                + (url == null ? (endpoint == null ? "" : endpoint) : url)
                + "?"
                + encodedQuery()
                + (body == null ? "" : " " + body);
    }

    /** The query string without the leading '?', each name and value {@link #percentEncoded}. */
    public String encodedQuery() {
        return query.entrySet().stream()
                .map(e -> percentEncoded(e.getKey()) + "=" + percentEncoded(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * The one encoder of a value in a URL, a query value or a path segment: UTF-8, every character
     * but letters, digits and {@code . - * _} percent-encoded, a space as {@code %20} (a {@code +}
     * would be a space to form decoders but a plus to a path); so {@code "}, {@code =}, {@code &},
     * {@code +} and {@code /} inside a value stay inside it.
     */
    public static String percentEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value of an {@code application/x-www-form-urlencoded} body: a space as {@code +}. */
    public static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
