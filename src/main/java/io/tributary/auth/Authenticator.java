package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/**
 * Adds credentials to each request a connector sends. One class per scheme; a connector picks one
 * by name ({@link Authenticators}, route parameter {@code auth}) or names a bean of this type
 * ({@code authRef}).
 *
 * <p>Token schemes (OAuth2, JWT bearer, session login) obtain a token before the first request and
 * again when it is about to expire. When the source still answers 401, the connector's error policy
 * calls {@link #refresh()} once and repeats the call ({@link RefreshOnUnauthorized}).
 *
 * <p>Thread safety: one authenticator serves every run of its connector, and token caches are
 * shared between connectors, so implementations must be safe for concurrent use.
 */
public interface Authenticator {

    /**
     * Exchange property under which a connector publishes its authenticator for the error policy.
     */
    String PROPERTY = "tributary.authenticator";

    /** Adds this scheme's credentials (a query parameter, a header...) to the request. */
    void authenticate(PageRequest request);

    /**
     * The secret values this scheme holds or has obtained (keys, passwords, issued tokens), so that
     * every text shown to people can mask them. Returns the same object while nothing changes.
     */
    Set<String> secrets();

    /** Whether a new credential can be obtained, so that a 401 is worth one more attempt. */
    default boolean canRefresh() {
        return false;
    }

    /** Forgets the current token (the source refused it) and obtains a new one. */
    default void refresh() {
        // static credentials cannot be renewed
    }
}
