package io.tributary.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Classifies each failed call by status and body into a {@link ResponseClass}. The defaults:
 *
 * <pre>
 * 3xx          redirect      followed by the connector, same host only (see allowedHosts)
 * 401          refresh-auth  the run fails unless the authenticator can refresh its credentials
 * 403 + X-RateLimit-Remaining: 0, or a body saying "rate limit"   rate-limited (GitHub)
 * 408, 425     retry
 * 429          rate-limited  wait for Retry-After / X-RateLimit-Reset / RateLimit, up to the longest wait
 * 5xx          retry         (501 and 505 fail: asking again cannot help)
 * other 4xx    fail
 * I/O errors   retry         connection reset, timeout, a body cut off or not parseable as JSON
 * </pre>
 *
 * A connector overrides them with its {@code errorPolicy} parameter: comma-separated
 * {@code STATUS[:BODY TEXT]=CLASS} rules, checked before the defaults, where STATUS is a code or a
 * class such as {@code 5xx} and BODY TEXT, when given, must appear in the body (case ignored), e.g.
 * for GitHub: {@code errorPolicy: "404=ignore,409=retry,403:secondary rate limit=rate-limited"}.
 */
public final class ErrorPolicy {
    private final List<Rule> rules;
    private final Duration maxWait;

    private ErrorPolicy(List<Rule> rules, Duration maxWait) {
        this.rules = rules;
        this.maxWait = maxWait;
    }

    /** The defaults, waiting at most {@code maxWait} for a rate limit to reset. */
    public static ErrorPolicy defaults(Duration maxWait) {
        return new ErrorPolicy(List.of(), maxWait);
    }

    /**
     * The defaults with a connector's overrides.
     *
     * @throws IllegalArgumentException naming the rule that cannot be read
     */
    public static ErrorPolicy parse(String overrides, Duration maxWait) {
        List<Rule> rules = new ArrayList<>();
        if (overrides != null) {
            for (String part : overrides.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.lastIndexOf('=');
                ResponseClass action = eq < 0 ? null : ResponseClass.ofParameterName(part.substring(eq + 1));
                String left = eq < 0 ? part : part.substring(0, eq).trim();
                int colon = left.indexOf(':');
                String status = (colon < 0 ? left : left.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
                if (action == null || action == ResponseClass.REDIRECT || !status.matches("[1-5](\\d\\d|xx)")) {
                    throw new IllegalArgumentException("rule '" + part.trim() + "' must look like 404=ignore or 5xx=retry or "
                            + "403:rate limit=rate-limited, with one of retry, fail, ignore, refresh-auth, rate-limited");
                }
                rules.add(new Rule(status, colon < 0 ? null : left.substring(colon + 1).trim().toLowerCase(Locale.ROOT), action));
            }
        }
        return new ErrorPolicy(List.copyOf(rules), maxWait);
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** What a failure means; {@code FAIL} for null. */
    public ResponseClass classify(Throwable e) {
        if (e instanceof HttpOperationFailedException http) {
            return classify(http.getStatusCode(), http.getResponseBody(), http.getResponseHeaders());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return ResponseClass.RETRY;
            }
        }
        return ResponseClass.FAIL;
    }

    public ResponseClass classify(int status, String body, Map<String, String> headers) {
        String lowerBody = body == null ? "" : body.toLowerCase(Locale.ROOT);
        for (Rule r : rules) {
            if (r.matches(status, lowerBody)) {
                return r.action;
            }
        }
        if (status >= 300 && status < 400) {
            return ResponseClass.REDIRECT;
        }
        if (status == 401) {
            return ResponseClass.REFRESH_AUTH;
        }
        if (status == 403 && (RateLimitHeaders.exhaustedUntil(headers, Instant.now()).isPresent() || lowerBody.contains("rate limit"))) {
            return ResponseClass.RATE_LIMITED;
        }
        if (status == 429) {
            return ResponseClass.RATE_LIMITED;
        }
        if (status == 408 || status == 425 || status >= 500 && status != 501 && status != 505) {
            return ResponseClass.RETRY;
        }
        return ResponseClass.FAIL;
    }

    /**
     * Whether Camel's redelivery should try again: {@code RETRY}, and {@code RATE_LIMITED} when the
     * server's wait (if it names one) is within the longest wait allowed.
     */
    public boolean retries(Throwable e) {
        ResponseClass c = classify(e);
        if (c == ResponseClass.RETRY) {
            return true;
        }
        return c == ResponseClass.RATE_LIMITED && serverWait(e).map(d -> d.compareTo(maxWait) <= 0).orElse(true);
    }

    /** The wait the server asked for in its rate-limit headers, if it did. */
    public static Optional<Duration> serverWait(Throwable e) {
        if (e instanceof HttpOperationFailedException http) {
            return RateLimitHeaders.waitFor(http.getResponseHeaders(), Instant.now());
        }
        return Optional.empty();
    }

    private record Rule(String status, String bodyText, ResponseClass action) {
        boolean matches(int code, String lowerBody) {
            String s = Integer.toString(code);
            boolean statusMatches = status.endsWith("xx") ? s.charAt(0) == status.charAt(0) : s.equals(status);
            return statusMatches && (bodyText == null || lowerBody.contains(bodyText));
        }
    }
}
