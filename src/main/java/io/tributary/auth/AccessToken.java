package io.tributary.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * A token and when to stop using it: {@code refreshAt} lies shortly before the provider's expiry
 * (10 % of the lifetime, at most 30 s), so a request never leaves with a token that expires on the
 * way. {@code refreshAt == null}: no known expiry, used until the source answers 401.
 */
record AccessToken(String value, Instant refreshAt) {
    static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    static AccessToken expiringIn(String value, Duration lifetime, Instant now) {
        if (lifetime == null) {
            return new AccessToken(value, null);
        }
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        return new AccessToken(value, now.plus(lifetime).minus(margin));
    }

    boolean usableAt(Instant now) {
        return refreshAt == null || now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
        return "AccessToken[****, refreshAt=" + refreshAt + "]"; // never the value
    }
}
