package io.tributary.ratelimit;

import java.time.Instant;
import java.util.Map;

/**
 * A budget's answer to one request: granted, or refused until {@code retryAt} because of {@code
 * limit}; {@code used} holds each limit's count in its current window after the answer (empty when
 * the store does not say). A granted request goes out at {@code sendAt}, the slot the per-second
 * spacing reserved for it, and not much later (null: no spacing, at once).
 */
public record Verdict(
        boolean granted, Instant retryAt, Limit limit, Map<Limit, Long> used, Instant sendAt) {
    public static final Verdict GRANTED = new Verdict(true, null, null);

    public Verdict(boolean granted, Instant retryAt, Limit limit) {
        this(granted, retryAt, limit, Map.of());
    }

    public Verdict(boolean granted, Instant retryAt, Limit limit, Map<Limit, Long> used) {
        this(granted, retryAt, limit, used, null);
    }

    public Verdict {
        used = Map.copyOf(used);
    }
}
