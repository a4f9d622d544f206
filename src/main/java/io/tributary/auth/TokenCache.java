package io.tributary.auth;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * One cached token, fetched when missing or about to expire. Callers that find it stale at the same
 * moment wait for one fetch and share its result, so a provider sees one token request, not one per
 * route.
 */
final class TokenCache {
    private final Clock clock;
    private AccessToken current;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    synchronized AccessToken get(Supplier<AccessToken> fetch) {
        if (current == null || !current.usableAt(clock.instant())) {
            current = null; // a failed fetch must not leave the stale token in place
            current = fetch.get();
        }
        return current;
    }

    /** Forgets the current token (the source refused it) and fetches a new one. */
    synchronized AccessToken renew(Supplier<AccessToken> fetch) {
        current = null;
        current = fetch.get();
        return current;
    }

    synchronized AccessToken peek() {
        return current;
    }
}
