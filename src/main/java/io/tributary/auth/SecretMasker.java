package io.tributary.auth;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Replaces known secret values in any text shown to people: log lines, error messages, dead letters.
 * Works on whole values, so a key is masked wherever it appears (URL, body excerpt, exception text),
 * including its URL-encoded form.
 */
public final class SecretMasker {
    static final String MASK = "****";
    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 3) // masking one or two characters would shred ordinary text
                .flatMap(s -> java.util.stream.Stream.of(s, java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)))
                .distinct()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()) // "abcdef" before its prefix "abc"
                .collect(Collectors.toList());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
