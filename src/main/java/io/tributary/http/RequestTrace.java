package io.tributary.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines of {@code --trace} (DEBUG on logger {@value #LOGGER}): each request as sent and each
 * answer's status, time and size, for the API's calls ({@link HttpTrace}) and the token endpoint's
 * alike. Secrets are masked twice: by the connector's {@link Masker} (the credentials it knows and
 * the tokens it was issued), and by name, so a header, query parameter, form field or JSON member
 * called like a secret ({@code Authorization}, {@code api_key}, {@code client_secret}, {@code
 * access_token}...) never shows its value, even one the masker has not learnt yet.
 *
 * <pre>
 * &gt; GET https://api.example.com/v1/deals?start=0&amp;limit=100&amp;api_token=****
 * &gt;   Accept: application/json
 * &gt;   Authorization: ****
 * &lt; 200 GET https://api.example.com/v1/deals?start=0&amp;limit=100&amp;api_token=**** 142 ms 18234 bytes
 * </pre>
 */
public final class RequestTrace {
    public static final String LOGGER = "io.tributary.trace";
    public static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    static final String MASK = "****";

    /** A body longer than this is cut in the trace (a GraphQL query is a few KB). */
    static final int BODY_LIMIT = 4096;

    // a name that holds a credential: header, query parameter, form field or JSON member
    private static final Pattern SECRET_NAME =
            Pattern.compile(
                    "(?i).*(authorization|token|secret|password|passwd|pwd|api[-_]?key|apikey"
                            + "|key|signature|assertion|cookie|session|credential|code_verifier).*");
    private static final Pattern FORM_PAIR = Pattern.compile("([^&=]+)=([^&]*)");
    private static final Pattern JSON_MEMBER =
            Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RequestTrace() {}

    public static boolean enabled() {
        return LOG.isDebugEnabled();
    }

    /** Whether a header, parameter or field of this name holds a credential. */
    static boolean secretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** The request line and its headers, one per line, and the body when there is one. */
    public static String request(
            Masker masker,
            String method,
            URI url,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            String contentType) {
        StringBuilder b = new StringBuilder("> ").append(method).append(' ').append(url(url));
        for (Map.Entry<String, String> h : headers) {
            b.append("\n>   ")
                    .append(h.getKey())
                    .append(": ")
                    .append(secretName(h.getKey()) ? MASK : h.getValue());
        }
        if (body != null && body.length > 0) {
            b.append("\n>   (body, ")
                    .append(body.length)
                    .append(" bytes) ")
                    .append(body(body, contentType));
        }
        return masker.mask(b.toString());
    }

    /** The answer: status, the request it answers, elapsed milliseconds and size in bytes. */
    public static String response(
            Masker masker, int status, String method, URI url, long elapsedMs, long bytes) {
        return masker.mask(
                "< "
                        + status
                        + ' '
                        + method
                        + ' '
                        + url(url)
                        + ' '
                        + elapsedMs
                        + " ms "
                        + (bytes < 0 ? "no body" : bytes + " bytes"));
    }

    /** The URL with the values of its secret-named query parameters masked. */
    static String url(URI url) {
        if (url == null) {
            return "(no url)";
        }
        String text = url.toString();
        int q = text.indexOf('?');
        if (q < 0) {
            return text;
        }
        String userInfo = url.getRawUserInfo();
        String head =
                userInfo == null
                        ? text.substring(0, q)
                        : text.substring(0, q).replace(userInfo, MASK);
        return head + '?' + form(text.substring(q + 1));
    }

    /** A form (or query string) with the values of its secret-named fields masked. */
    static String form(String form) {
        Matcher m = FORM_PAIR.matcher(form);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            m.group(1) + '=' + (secretName(name) ? MASK : m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A request body as text: a form or JSON with secret-named values masked, cut when long. */
    static String body(byte[] body, String contentType) {
        String text = new String(body, StandardCharsets.UTF_8);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("x-www-form-urlencoded")) {
            text = form(text);
        } else {
            Matcher m = JSON_MEMBER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(
                        out,
                        Matcher.quoteReplacement(
                                secretName(m.group(1))
                                        ? '"' + m.group(1) + "\":\"" + MASK + '"'
                                        : m.group()));
            }
            m.appendTail(out);
            text = out.toString();
        }
        return text.length() > BODY_LIMIT ? text.substring(0, BODY_LIMIT) + "..." : text;
    }
}
