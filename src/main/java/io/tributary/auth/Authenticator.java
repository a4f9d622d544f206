package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/**
 * Adds credentials to each request a connector sends. One class per scheme; a connector picks one
 * by name ({@link Authenticators}).
 */
public interface Authenticator {

    /** Adds this scheme's credentials (a query parameter, a header...) to the request. */
    void authenticate(PageRequest request);

    /** The secret values this scheme sends, so that every text shown to people can mask them. */
    Set<String> secrets();
}
