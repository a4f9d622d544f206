package io.tributary.ratelimit;

import java.time.Instant;

/**
 * A budget's answer to one request: granted, or refused until {@code retryAt} because of {@code
 * limit}.
 */
public record Verdict(boolean granted, Instant retryAt, Limit limit) {
    public static final Verdict GRANTED = new Verdict(true, null, null);
}
