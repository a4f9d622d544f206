package io.tributary.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a server asks us to wait, from whichever of its rate-limit headers it sends:
 *
 * <ul>
 *   <li>{@code Retry-After: 120} or an HTTP date (RFC 9110), e.g. Shopify, Zendesk, GitHub's
 *       secondary limits;
 *   <li>{@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset: 1700000000} (UTC epoch
 *       seconds), GitHub;
 *   <li>the IETF fields {@code RateLimit: "default";r=0;t=30} ({@code RateLimit-Policy} names the
 *       quota), and the older draft's {@code RateLimit-Remaining: 0} with {@code RateLimit-Reset:
 *       30} (seconds from now).
 * </ul>
 */
public final class RateLimitHeaders {
    private static final Pattern IETF = Pattern.compile("(?i)(?:^|;)\\s*([rt])\\s*=\\s*(\\d+)");
    private static final long EPOCH_MILLIS_THRESHOLD =
            100_000_000_000L; // seconds until the year 5138

    private RateLimitHeaders() {}

    /** The wait the headers ask for, or empty when they ask for none. */
    public static Optional<Duration> waitFor(Map<String, ?> headers, Instant now) {
        if (headers == null) {
            return Optional.empty();
        }
        Optional<Duration> retryAfter = RetryAfter.parse(get(headers, "Retry-After"), now);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        return exhaustedUntil(headers, now).map(until -> nonNegative(Duration.between(now, until)));
    }

    /**
     * When the server says the quota is spent (remaining 0), the instant it resets; empty when
     * requests remain or the server does not say.
     */
    public static Optional<Instant> exhaustedUntil(Map<String, ?> headers, Instant now) {
        if (headers == null) {
            return Optional.empty();
        }
        String remaining = get(headers, "X-RateLimit-Remaining");
        String reset = get(headers, "X-RateLimit-Reset");
        if (isZero(remaining) && reset != null) {
            try {
                long value = Long.parseLong(reset.trim());
                // GitHub sends epoch seconds; some recordings (octokit/fixtures) hold milliseconds
                return Optional.of(
                        value > EPOCH_MILLIS_THRESHOLD
                                ? Instant.ofEpochMilli(value)
                                : Instant.ofEpochSecond(value));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String ietf = get(headers, "RateLimit");
        if (ietf != null) {
            Long r = null;
            Long t = null;
            Matcher m = IETF.matcher(ietf);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase("r")) {
                    r = Long.parseLong(m.group(2));
                } else {
                    t = Long.parseLong(m.group(2));
                }
            }
            if (r != null && r == 0 && t != null) {
                return Optional.of(now.plusSeconds(t));
            }
            if (r != null) {
                return Optional.empty();
            }
        }
        if (isZero(get(headers, "RateLimit-Remaining"))
                && get(headers, "RateLimit-Reset") != null) {
            try {
                return Optional.of(
                        now.plusSeconds(Long.parseLong(get(headers, "RateLimit-Reset").trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String get(Map<String, ?> headers, String name) {
        for (Map.Entry<String, ?> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && h.getValue() != null) {
                Object v = h.getValue();
                return v instanceof java.util.Collection<?> c
                        ? (c.isEmpty() ? null : String.valueOf(c.iterator().next()))
                        : String.valueOf(v);
            }
        }
        return null;
    }

    private static boolean isZero(String value) {
        return value != null && value.trim().equals("0");
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
