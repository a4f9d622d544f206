package io.tributary.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * 5xx          retry         (501 and 505 fail: asking again cannot help; so does a 500 whose SOAP
 *                            Fault blames the request, {@code Client...}: {@link SoapFault})
 * other 4xx    fail
 * I/O errors   retry         connection reset, timeout, a body cut off, the request deadline
 * permanent    fail          disk full, permission denied, database closed, an unusable charset ({@link PermanentFailures})
 * </pre>
 *
 * A connector overrides them with its {@code errorPolicy} parameter: comma-separated {@code
 * STATUS[:MATCH]=CLASS} rules, checked in order before the defaults. STATUS is a code or a class
 * such as {@code 5xx}; MATCH, when given, is one of
 *
 * <ul>
 *   <li>{@code /json/pointer}: the body has a value there (not null, not an empty array or object);
 *   <li>{@code /json/pointer==VALUE}: the value there is VALUE ({@code false}, {@code 0}, {@code
 *       ERROR}...);
 *   <li>any other text: the body contains it, case ignored.
 * </ul>
 *
 * Rules on {@code 2xx} need a MATCH (a success has no status to go by) and are applied inside the
 * HTTP call ({@link SuccessBodyRules}), so that {@code retry} asks again, e.g. for GraphQL {@code
 * 2xx:/errors=fail}, for {@code {"success":false}} {@code 2xx:/success==false=retry}, for GitHub
 * {@code 404=ignore,409=retry,403:secondary rate limit=rate-limited}.
 */
public final class ErrorPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Rule> rules;
    private final Duration maxWait;
    private final boolean graphql;

    private ErrorPolicy(List<Rule> rules, Duration maxWait, boolean graphql) {
        this.rules = rules;
        this.maxWait = maxWait;
        this.graphql = graphql;
    }

    /** The defaults, waiting at most {@code maxWait} for a rate limit to reset. */
    public static ErrorPolicy defaults(Duration maxWait) {
        return new ErrorPolicy(List.of(), maxWait, false);
    }

    /**
     * The defaults with a connector's overrides.
     *
     * @throws IllegalArgumentException naming the rule that cannot be read or never applies
     */
    public static ErrorPolicy parse(String overrides, Duration maxWait) {
        List<Rule> rules = new ArrayList<>();
        if (overrides != null) {
            for (String part : overrides.split(",")) {
                if (!part.isBlank()) {
                    rules.add(Rule.parse(part.trim()));
                }
            }
        }
        return new ErrorPolicy(List.copyOf(rules), maxWait, false);
    }

    /**
     * The same rules, then GraphQL's defaults for a 2xx answer with an {@code errors} array ({@link
     * GraphqlErrors}: throttled is rate-limited, anything else fails).
     */
    public ErrorPolicy withGraphqlErrors() {
        return new ErrorPolicy(rules, maxWait, true);
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** Whether any rule looks at successful responses, so that their bodies must be checked. */
    public boolean hasSuccessRules() {
        return graphql || rules.stream().anyMatch(r -> r.status.charAt(0) == '2');
    }

    /**
     * The first rule matching a successful response's body, with what it matched; empty when none
     * does.
     *
     * @param json the body parsed as JSON, or null when it is not JSON
     */
    public Optional<Match> matchSuccess(int status, String text, JsonNode json) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (Rule r : rules) {
            if (r.status.charAt(0) == '2') {
                String found = r.matched(status, lower, () -> json);
                if (found != null) {
                    return Optional.of(new Match(r.text, r.action, found));
                }
            }
        }
        return graphql && status >= 200 && status < 300
                ? GraphqlErrors.match(json)
                : Optional.empty();
    }

    /**
     * A rule that matched a successful response: the rule as written, its class, what it found (an
     * excerpt), and the wait the body asked for (Shopify's throttle), or null.
     */
    public record Match(String rule, ResponseClass action, String found, Duration askedWait) {
        public Match(String rule, ResponseClass action, String found) {
            this(rule, action, found, null);
        }
    }

    /** What a failure means; {@code FAIL} for null. */
    public ResponseClass classify(Throwable e) {
        if (e instanceof BodyRuleFailure rule) {
            return rule
                    .action(); // matched inside the call, on a body this exception no longer holds
        }
        if (e instanceof HttpOperationFailedException http) {
            return classify(
                    http.getStatusCode(), http.getResponseBody(), http.getResponseHeaders());
        }
        if (PermanentFailures.of(e).isPresent()) {
            return ResponseClass
                    .FAIL; // asking again cannot free disk space or reopen a closed database
        }
        for (Throwable t : causes(e)) {
            if (t instanceof IOException) {
                return ResponseClass.RETRY;
            }
        }
        return ResponseClass.FAIL;
    }

    /**
     * A failure and its causes, and for a database's failure the exceptions it chains with {@code
     * getNextException} (a failed batch's real cause hides there).
     */
    static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        java.util.Set<Throwable> seen =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
        if (e != null) {
            todo.add(e);
        }
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof java.sql.SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return all;
    }

    public ResponseClass classify(int status, String body, Map<String, String> headers) {
        String lowerBody = body == null ? "" : body.toLowerCase(Locale.ROOT);
        JsonNode[] parsed = new JsonNode[1];
        for (Rule r : rules) {
            if (r.matched(
                            status,
                            lowerBody,
                            () -> {
                                if (parsed[0] == null) {
                                    parsed[0] = parseQuietly(body);
                                }
                                return parsed[0];
                            })
                    != null) {
                return r.action;
            }
        }
        if (status >= 300 && status < 400) {
            return ResponseClass.REDIRECT;
        }
        if (status == 401) {
            return ResponseClass.REFRESH_AUTH;
        }
        if (status == 403
                && (RateLimitHeaders.exhaustedUntil(headers, Instant.now()).isPresent()
                        || lowerBody.contains("rate limit"))) {
            return ResponseClass.RATE_LIMITED;
        }
        if (status == 429) {
            return ResponseClass.RATE_LIMITED;
        }
        if (status == 500 && SoapFault.of(body).map(SoapFault::blamesTheRequest).orElse(false)) {
            return ResponseClass.FAIL; // SOAP: a Client fault "should not be resent without change"
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
        return c == ResponseClass.RATE_LIMITED
                && serverWait(e).map(d -> d.compareTo(maxWait) <= 0).orElse(true);
    }

    /** The wait the server asked for in its rate-limit headers, if it did. */
    public static Optional<Duration> serverWait(Throwable e) {
        if (e instanceof BodyRuleFailure rule && rule.askedWait() != null) {
            return Optional.of(rule.askedWait()); // the body said it, e.g. Shopify's throttleStatus
        }
        if (e instanceof HttpOperationFailedException http) {
            return RateLimitHeaders.waitFor(http.getResponseHeaders(), Instant.now());
        }
        return Optional.empty();
    }

    private static JsonNode parseQuietly(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null; // a pointer rule then does not match
        }
    }

    /** One {@code STATUS[:MATCH]=CLASS} rule. */
    private record Rule(
            String text,
            String status,
            String bodyText,
            JsonPointer pointer,
            String value,
            ResponseClass action) {
        private static final String SYNTAX =
                " must look like 404=ignore, 5xx=retry, 403:rate limit=rate-limited, "
                        + "2xx:/errors=fail or 2xx:/success==false=retry, with one of retry, fail, ignore, refresh-auth, rate-limited";

        static Rule parse(String part) {
            int eq = part.lastIndexOf('=');
            ResponseClass action =
                    eq < 0 ? null : ResponseClass.ofParameterName(part.substring(eq + 1));
            String left = eq < 0 ? part : part.substring(0, eq).trim();
            if (left.endsWith("=")) { // "/x==" : the value was left out
                action = null;
            }
            int colon = left.indexOf(':');
            String status =
                    (colon < 0 ? left : left.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            if (action == null
                    || action == ResponseClass.REDIRECT
                    || !status.matches("[1-5](\\d\\d|xx)")) {
                throw new IllegalArgumentException("rule '" + part + "'" + SYNTAX);
            }
            if (status.charAt(0) == '1') {
                throw new IllegalArgumentException(
                        "rule '"
                                + part
                                + "' can never apply: Tributary never receives a 1xx as an answer");
            }
            String match = colon < 0 ? null : left.substring(colon + 1).trim();
            if (status.charAt(0) == '2' && (match == null || match.isEmpty())) {
                throw new IllegalArgumentException(
                        "rule '"
                                + part
                                + "' would apply to every successful page: a rule on "
                                + status
                                + " needs a body match, e.g. "
                                + status
                                + ":/errors="
                                + action.parameterName()
                                + " or "
                                + status
                                + ":/success==false="
                                + action.parameterName());
            }
            if (match == null || !match.startsWith("/")) {
                return new Rule(
                        part,
                        status,
                        match == null ? null : match.toLowerCase(Locale.ROOT),
                        null,
                        null,
                        action);
            }
            int equals = match.indexOf("==");
            String path = equals < 0 ? match : match.substring(0, equals).trim();
            try {
                return new Rule(
                        part,
                        status,
                        null,
                        JsonPointer.compile(path),
                        equals < 0 ? null : match.substring(equals + 2).trim(),
                        action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "rule '"
                                + part
                                + "': '"
                                + path
                                + "' is not a JSON pointer such as /errors");
            }
        }

        /**
         * What the rule found in a response (an excerpt for the failure line), or null when it does
         * not match.
         */
        String matched(int code, String lowerBody, java.util.function.Supplier<JsonNode> json) {
            String s = Integer.toString(code);
            if (!(status.endsWith("xx") ? s.charAt(0) == status.charAt(0) : s.equals(status))) {
                return null;
            }
            if (pointer != null) {
                JsonNode body = json.get();
                JsonNode n = body == null ? null : body.at(pointer);
                if (n == null
                        || n.isMissingNode()
                        || n.isNull()
                        || n.isContainerNode() && n.isEmpty()) {
                    return null;
                }
                if (value != null && !(n.isValueNode() && n.asText().equals(unquote(value)))) {
                    return null;
                }
                return pointer + " = " + n;
            }
            if (bodyText != null && !lowerBody.contains(bodyText)) {
                return null;
            }
            return bodyText == null ? "status " + code : "the body contains \"" + bodyText + "\"";
        }

        private static String unquote(String v) {
            return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                    ? v.substring(1, v.length() - 1)
                    : v;
        }
    }
}
