package io.tributary.auth;

import io.tributary.http.PageRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every token scheme shares: a cached token sent as {@code Authorization: Bearer TOKEN} (or in
 * the header {@code authName} names), fetched before the first request and again shortly before it
 * expires, renewed when the source answers 401, and masked everywhere once obtained.
 *
 * <p>The cache is shared by every connector in the process whose {@link #cacheKey()} is equal (same
 * token URL, client and scope), so forty connectors on one client ask the provider for one token.
 */
abstract class TokenAuth implements Authenticator {
    static final Logger LOG = LoggerFactory.getLogger(TokenAuth.class);
    private static final Map<String, TokenCache> SHARED = new ConcurrentHashMap<>();

    final String connector;
    final Clock clock;
    final KnownSecrets known;
    private final String header;
    private volatile TokenCache cache;

    TokenAuth(String connector, String header, Clock clock, String... configuredSecrets) {
        this.connector = connector;
        this.header = header == null ? "Authorization" : header;
        this.clock = clock;
        this.known = new KnownSecrets(configuredSecrets);
    }

    /**
     * Identifies the credential: connectors with equal keys share one token. Never contains a
     * secret in clear.
     */
    abstract String cacheKey();

    /** Obtains a new token from the provider. */
    abstract AccessToken fetch();

    @Override
    public void authenticate(PageRequest request) {
        AccessToken token = cache().get(this::fetchAndLearn);
        known.learn(token.value()); // another connector's instance may have fetched it
        request.header(
                header,
                "Authorization".equalsIgnoreCase(header)
                        ? "Bearer " + token.value()
                        : token.value());
    }

    @Override
    public boolean canRefresh() {
        return true;
    }

    @Override
    public void refresh() {
        known.learn(cache().renew(this::fetchAndLearn).value());
    }

    @Override
    public Set<String> secrets() {
        return known.snapshot();
    }

    /**
     * A token endpoint's grant as a cached token: learned for masking, logged (without the token),
     * timed.
     */
    AccessToken accept(
            TokenEndpoint.Grant grant,
            java.time.Duration fallbackLifetime,
            java.time.Instant now,
            String what,
            String url,
            String note) {
        known.learn(grant.accessToken());
        java.time.Duration lifetime =
                grant.expiresIn() != null ? grant.expiresIn() : fallbackLifetime;
        LOG.info(
                "connector={} {} at {} ({}{})",
                connector,
                what,
                url,
                lifetime == null
                        ? "no expiry given: used until refused"
                        : "expires in " + lifetime.toSeconds() + " s",
                note);
        return AccessToken.expiringIn(grant.accessToken(), lifetime, now);
    }

    private AccessToken fetchAndLearn() {
        AccessToken token = fetch();
        known.learn(token.value());
        return token;
    }

    private TokenCache cache() {
        TokenCache c = cache;
        if (c == null) {
            c =
                    SHARED.computeIfAbsent(
                            getClass().getSimpleName() + "\n" + cacheKey(),
                            k -> new TokenCache(clock));
            cache = c;
        }
        return c;
    }

    /** A hash that tells credentials apart without keeping them in a map key. */
    static String fingerprint(String... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update((p == null ? "" : p).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
