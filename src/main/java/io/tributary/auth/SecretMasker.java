package io.tributary.auth;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Replaces known secret values in any text shown to people: log lines, error messages, dead
 * letters. Works on whole values, so a key is masked wherever it appears (URL, body excerpt,
 * exception text), including its URL-encoded form.
 *
 * <p>A masker {@link #following(Authenticator) following} an authenticator also learns the secrets
 * it obtains while running (access tokens, rotated refresh tokens, signed assertions).
 */
public final class SecretMasker implements io.tributary.http.Masker {
    static final String MASK = "****";
    private final Supplier<? extends Collection<String>> source;
    private volatile Collection<String> seen;
    private volatile List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        this.source = null;
        this.secrets = patterns(secrets);
    }

    private SecretMasker(Supplier<? extends Collection<String>> source) {
        this.source = source;
        this.seen = source.get();
        this.secrets = patterns(seen);
    }

    /**
     * A masker that always masks what the authenticator's {@code secrets()} holds at that moment.
     */
    public static SecretMasker following(Authenticator authenticator) {
        return new SecretMasker(authenticator::secrets);
    }

    @Override
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : current()) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private List<String> current() {
        if (source != null) {
            Collection<String> now = source.get();
            if (!now.equals(seen)) {
                secrets = patterns(now);
                seen = now;
            }
        }
        return secrets;
    }

    private static List<String> patterns(Collection<String> secrets) {
        return secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 3) // masking one or two characters would shred ordinary
                // text
                .flatMap(
                        s ->
                                java.util.stream.Stream.of(
                                        s,
                                        java.net.URLEncoder.encode(
                                                s, java.nio.charset.StandardCharsets.UTF_8)))
                .distinct()
                .sorted(
                        java.util.Comparator.comparingInt(String::length)
                                .reversed()) // "abcdef" before its prefix "abc"
                .collect(Collectors.toList());
    }
}
