package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.util.Set;

/** For public APIs: sends no credentials. Route parameter {@code auth: none}. */
public final class NoAuth implements Authenticator {
    @Override
    public void authenticate(PageRequest request) {
        // nothing to add
    }

    @Override
    public Set<String> secrets() {
        return Set.of();
    }
}
