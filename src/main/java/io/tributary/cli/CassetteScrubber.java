package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.http.Masker;
import io.tributary.http.RecordedCall;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes the secrets out of a recorded call before it is written to a cassette, in three passes:
 *
 * <ol>
 *   <li>by name: credential headers ({@code Authorization}, {@code Cookie}, {@code X-Api-Key}, any
 *       name with token, secret, key, session, signature, password) and credential query parameters
 *       ({@code api_key}, {@code key}, {@code token}, {@code access_token}, ...) get {@value
 *       #SCRUBBED};
 *   <li>a token endpoint's exchange: every form field of the request but {@code grant_type} and
 *       {@code scope} (a login's JSON body whole), and every answered field named like a token,
 *       become {@value #SCRUBBED}, so the tokens it issued are gone with the request that got them;
 *   <li>every value the connector's {@code SecretMasker} knows (its settings' secrets, the tokens
 *       it obtained) is masked wherever it is left: URL, header, body.
 * </ol>
 *
 * A scrubbed value matches any value when the cassette is replayed ({@link CassetteServer}).
 */
final class CassetteScrubber {
    static final String SCRUBBED = "<scrubbed>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRET_HEADER =
            Pattern.compile(
                    "(?i)authorization|proxy-authorization|cookie|set-cookie|.*(token|secret|api-?key"
                            + "|session|signature|password|credential).*");
    private static final Pattern SECRET_PARAM =
            Pattern.compile(
                    "(?i)key|token|access_token|id_token|auth|sig|code|client_secret"
                            + "|.*(api[-_]?key|secret|password|signature|credential).*");
    private static final Set<String> KEPT_FORM_FIELDS = Set.of("grant_type", "scope");
    private static final Pattern TOKEN_FIELD = Pattern.compile("(?i).*(token|secret|password).*");

    private final Masker masker;

    CassetteScrubber(Masker masker) {
        this.masker = masker;
    }

    RecordedCall scrub(RecordedCall call) {
        return new RecordedCall(
                call.method(),
                masker.mask(url(call.url())),
                headers(call.requestHeaders()),
                masker.mask(call.tokenEndpoint() ? form(call.requestBody()) : call.requestBody()),
                call.status(),
                headers(call.responseHeaders()),
                masker.mask(
                        call.tokenEndpoint() ? tokens(call.responseBody()) : call.responseBody()),
                call.tokenEndpoint());
    }

    private Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach(
                (name, values) -> {
                    List<String> kept = new ArrayList<>();
                    for (String v : values) {
                        kept.add(SECRET_HEADER.matcher(name).matches() ? SCRUBBED : masker.mask(v));
                    }
                    out.put(name, kept);
                });
        return out;
    }

    /** A URL (or path and query) with its credential query parameters scrubbed. */
    static String url(String url) {
        URI uri = URI.create(url);
        if (uri.getRawQuery() == null) {
            return url;
        }
        List<String> parts = new ArrayList<>();
        for (String pair : uri.getRawQuery().split("&", -1)) {
            int eq = pair.indexOf('=');
            String name =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            parts.add(
                    eq >= 0 && SECRET_PARAM.matcher(name).matches()
                            ? pair.substring(0, eq + 1)
                                    + java.net.URLEncoder.encode(SCRUBBED, StandardCharsets.UTF_8)
                            : pair);
        }
        return url.substring(0, url.indexOf('?') + 1) + String.join("&", parts);
    }

    /** A token request's form: only the grant type and scope stay; a JSON login goes whole. */
    private static String form(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        if (body.strip().startsWith("{") || !body.contains("=")) {
            return SCRUBBED;
        }
        List<String> parts = new ArrayList<>();
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            parts.add(eq < 0 || KEPT_FORM_FIELDS.contains(name) ? pair : name + "=" + SCRUBBED);
        }
        return String.join("&", parts);
    }

    /** A token answer: every field named like a token (at any depth) is scrubbed. */
    private static String tokens(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                scrubFields((ObjectNode) node);
                return JSON.writeValueAsString(node);
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // below
        }
        return body == null || body.isEmpty() ? body : SCRUBBED;
    }

    private static void scrubFields(ObjectNode node) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getValue().isObject()) {
                scrubFields((ObjectNode) field.getValue());
            } else if (TOKEN_FIELD.matcher(field.getKey()).matches()
                    && !"token_type".equalsIgnoreCase(field.getKey())
                    && field.getValue().isValueNode()) {
                field.setValue(TextNode.valueOf(SCRUBBED));
            }
        }
    }
}
