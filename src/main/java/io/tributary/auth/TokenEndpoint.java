package io.tributary.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.RequestTrace;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A POST to a token endpoint or login URL with the JDK HTTP client, bounded by timeouts. A refusal
 * becomes an {@link AuthenticationException} naming the connector, the URL, the status and the
 * start of the provider's answer ({@code {"error":"invalid_grant",...}}), masked with the
 * connector's secrets. Requests and answers are logged only under {@code --trace} ({@link
 * RequestTrace}), secrets masked, and an answer's body never: it is the token.
 */
final class TokenEndpoint {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int BODY_EXCERPT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(
                            HttpClient.Redirect
                                    .NEVER) // credentials go to this URL and nowhere else
                    .build();

    /** An answer in the 2xx range. */
    record Answer(int status, HttpHeaders headers, String body) {}

    /** The fields of an RFC 6749 token response that matter here. */
    record Grant(String accessToken, Duration expiresIn, String refreshToken) {}

    private final String connector;
    private final String url;
    private final String what;
    private final SecretMasker masker;

    TokenEndpoint(String connector, String url, String what, SecretMasker masker) {
        this.connector = connector;
        this.url = url;
        this.what = what;
        this.masker = masker;
    }

    String url() {
        return url;
    }

    /**
     * An RFC 6749 token request: form fields in, access token (and maybe a rotated refresh token)
     * out.
     */
    Grant grant(Map<String, String> form, Map<String, String> headers) {
        Answer answer = post("application/x-www-form-urlencoded", form(form), headers);
        JsonNode body = json(answer);
        String token = body.path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw failure(
                    "answered without an access_token: " + excerpt(answer.body()),
                    answer.status(),
                    null);
        }
        JsonNode expires = body.path("expires_in");
        Duration expiresIn =
                expires.canConvertToLong() && expires.asLong() > 0
                        ? Duration.ofSeconds(expires.asLong())
                        : expires.isTextual() && expires.asText().matches("\\d+")
                                ? Duration.ofSeconds(Long.parseLong(expires.asText()))
                                : null;
        String refresh = body.path("refresh_token").asText(null);
        return new Grant(token, expiresIn, refresh == null || refresh.isBlank() ? null : refresh);
    }

    Answer post(String contentType, String body, Map<String, String> headers) {
        // the test kit's tap: a recording keeps this exchange, a replay answers it on loopback
        io.tributary.http.CallTap tap = io.tributary.http.CallTap.active().orElse(null);
        URI target = tap == null ? URI.create(url) : tap.route(URI.create(url));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target)
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", contentType)
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        long start = System.nanoTime();
        trace(contentType, body, headers);
        try {
            response =
                    CLIENT.send(
                            request.build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (RequestTrace.enabled()) {
                // the answer's size only: its body is the token itself
                RequestTrace.LOG.debug(
                        RequestTrace.response(
                                masker,
                                response.statusCode(),
                                "POST",
                                URI.create(url),
                                (System.nanoTime() - start) / 1_000_000,
                                response.body() == null
                                        ? -1
                                        : response.body().getBytes(StandardCharsets.UTF_8).length));
            }
        } catch (IOException e) {
            // kept as the cause: the error policy retries I/O failures
            throw failure(
                    "could not be reached: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    0,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted", 0, e);
        }
        if (tap != null) {
            HttpRequest sent = request.build();
            tap.record(
                    new io.tributary.http.RecordedCall(
                            "POST",
                            url,
                            sent.headers().map(),
                            body,
                            response.statusCode(),
                            response.headers().map(),
                            response.body(),
                            true));
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(
                    "answered HTTP " + response.statusCode() + ": " + excerpt(response.body()),
                    response.statusCode(),
                    null);
        }
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** {@code --trace}: the token request as sent, its secrets masked by name and by value. */
    private void trace(String contentType, String body, Map<String, String> headers) {
        if (!RequestTrace.enabled()) {
            return;
        }
        java.util.List<Map.Entry<String, String>> sent = new java.util.ArrayList<>();
        sent.add(Map.entry("Content-Type", contentType));
        sent.add(Map.entry("Accept", "application/json"));
        sent.addAll(headers.entrySet());
        RequestTrace.LOG.debug(
                RequestTrace.request(
                        masker,
                        "POST",
                        URI.create(url),
                        sent,
                        body.getBytes(StandardCharsets.UTF_8),
                        contentType));
    }

    JsonNode json(Answer answer) {
        try {
            JsonNode node = JSON.readTree(answer.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw failure(
                "answered something that is not a JSON object: " + excerpt(answer.body()),
                answer.status(),
                null);
    }

    AuthenticationException failure(String problem, int status, Throwable cause) {
        return new AuthenticationException(
                masker.mask("the " + what + " " + url + " " + problem), status, cause);
    }

    private String excerpt(String body) {
        String masked =
                masker.mask(
                        body == null
                                ? ""
                                : body.strip().replaceAll("\\s+", " ")); // mask before cutting
        return masked.isEmpty()
                ? "(empty body)"
                : masked.length() > BODY_EXCERPT
                        ? masked.substring(0, BODY_EXCERPT) + "..."
                        : masked;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(
                        e ->
                                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
