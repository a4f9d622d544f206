package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.auth.Authenticator;
import io.tributary.auth.SecretMasker;
import io.tributary.http.OriginPolicy;
import io.tributary.http.PageRequest;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.ratelimit.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one bulk connector to its provider, as Airbyte's {@code AsyncHttpJobRepository}
 * names them: {@link #create} (the creation requester), {@link #status} (the polling requester),
 * {@link #download} (the download requester) and {@link #delete} (the abort/delete requester).
 * Every call, in order: the host rule (credentials go only to {@code url}'s host and {@code
 * allowedHosts}), one request from the connector's rate budget ({@link RateLimiter}), the {@link
 * Authenticator}, the call, the rate-limit headers read back, the status counted in the metrics. A
 * non-2xx answer fails the call with its status and the first 300 characters of its body, masked.
 *
 * <p>java.net.http rather than camel-http: a download is one streamed body read a page at a time by
 * the bean between two sends to the sink, with the locator of the next part in its headers;
 * camel-http would hand the route the whole body (cached, spooled) and its headers as message
 * headers of the page exchange, which the sink and the user's steps would then carry.
 */
final class BulkJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connector;
    private final URI base;
    private final OriginPolicy origin;
    private final Authenticator authenticator;
    private final SecretMasker masker;
    private final RateLimiter limiter;
    private final ConnectorMetrics metrics;
    private final Duration deadline;
    private final BulkWire wire;

    BulkJob(
            String connector,
            URI base,
            OriginPolicy origin,
            Authenticator authenticator,
            RateLimiter limiter,
            ConnectorMetrics metrics,
            Duration deadline) {
        this.connector = connector;
        this.base = base;
        this.origin = origin;
        this.authenticator = authenticator;
        this.masker = SecretMasker.following(authenticator);
        this.limiter = limiter;
        this.metrics = metrics;
        this.deadline = deadline;
        this.wire =
                new BulkWire(
                        HttpClient.newBuilder()
                                .followRedirects(
                                        HttpClient.Redirect.NEVER) // each hop past the host rule
                                .connectTimeout(deadline)
                                .build(),
                        masker,
                        bytes -> metrics.answerBytes(connector, bytes));
    }

    SecretMasker masker() {
        return masker;
    }

    /** Creates the job; its id, read at {@code jobIdPath} of the answer. */
    String create(String method, String path, String body, String jobIdPath) throws IOException {
        JsonNode answer = json(call(method, resolve(path), body));
        JsonNode id = answer.at(jobIdPath);
        if (!id.isValueNode() || id.asText().isBlank()) {
            throw new IOException(
                    "connector '"
                            + connector
                            + "': parameter 'jobIdPath' value '"
                            + jobIdPath
                            + "': the job's creation answered no id there");
        }
        return id.asText();
    }

    /** The job's status answer. */
    JsonNode status(String path) throws IOException {
        return json(call("GET", resolve(path), null));
    }

    /**
     * One part of the results: its body, open (the caller closes it), and its headers. {@code
     * target} is a path under {@code url} or an absolute URL the status answer gave.
     */
    BulkWire.Answer download(String target, Map<String, String> query) throws IOException {
        StringBuilder url = new StringBuilder(resolve(target).toString());
        String sep = url.indexOf("?") < 0 ? "?" : "&";
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep)
                    .append(PageRequest.percentEncoded(q.getKey()))
                    .append('=')
                    .append(PageRequest.percentEncoded(q.getValue()));
            sep = "&";
        }
        return send("GET", URI.create(url.toString()), null);
    }

    /** Deletes the job at the provider. */
    void delete(String path) throws IOException {
        call("DELETE", resolve(path), null).close();
    }

    private URI resolve(String target) {
        URI given = URI.create(target);
        return given.isAbsolute() ? given : base.resolve(target);
    }

    private InputStream call(String method, URI uri, String body) throws IOException {
        return send(method, uri, body).body();
    }

    /**
     * One call, counted once in the requests by its status (a download's 2xx too, not per page).
     */
    private BulkWire.Answer send(String method, URI uri, String body) throws IOException {
        if (!origin.allows(uri)) {
            throw new IOException(
                    "connector '"
                            + connector
                            + "': "
                            + masker.mask(uri.getScheme() + "://" + uri.getAuthority())
                            + " is not the host of url and not on allowedHosts; nothing was sent");
        }
        limiter.acquire(); // every create, poll and download pays the budget
        PageRequest request = new PageRequest().url(uri.toString());
        authenticator.authenticate(request); // after the host rule, the one place credentials go
        URI target = uri;
        if (!request.query().isEmpty()) {
            target =
                    URI.create(
                            uri + (uri.getRawQuery() == null ? "?" : "&") + request.encodedQuery());
        }
        HttpRequest.Builder b =
                HttpRequest.newBuilder(target)
                        .timeout(deadline)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(
                                                body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        request.headers().forEach(b::header);
        BulkWire.Answer response;
        try {
            response = wire.send(method, target, b, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("connector '" + connector + "': interrupted", e);
        }
        limiter.observe(headers(response.headers()));
        if (response.status() / 100 != 2) {
            String excerpt;
            try (InputStream in = response.body()) {
                excerpt = new String(in.readNBytes(300), StandardCharsets.UTF_8);
            }
            IOException failed =
                    new CallFailed(
                            response.status(),
                            "connector '"
                                    + connector
                                    + "': "
                                    + method
                                    + " "
                                    + masker.mask(uri.getPath())
                                    + " answered HTTP "
                                    + response.status()
                                    + ": "
                                    + masker.mask(excerpt.strip()));
            metrics.passed(connector, response.status());
            throw failed;
        }
        metrics.passed(connector, response.status());
        return response;
    }

    /** A call the provider answered with a status other than 2xx. */
    static final class CallFailed extends io.tributary.http.HttpStatusFailure {
        private static final long serialVersionUID = 1L;
        final int status;

        CallFailed(int status, String message) {
            super(status, message);
            this.status = status;
        }
    }

    /** The first value of each header, for the rate limiter and the locator. */
    static Map<String, Object> headers(java.net.http.HttpHeaders answer) {
        Map<String, Object> headers = new LinkedHashMap<>();
        answer.map()
                .forEach(
                        (name, values) -> {
                            List<String> v = values;
                            if (!v.isEmpty()) {
                                headers.put(name, v.get(0));
                            }
                        });
        return headers;
    }

    private JsonNode json(InputStream body) throws IOException {
        try (InputStream in = body) {
            return JSON.readTree(in);
        }
    }
}
