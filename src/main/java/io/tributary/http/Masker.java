package io.tributary.http;

/**
 * Replaces secret values in text shown to people (log lines, error messages). The one in use is
 * {@code auth.SecretMasker}, which knows the connector's credentials; {@code http} masks through
 * this so it never depends on {@code auth}.
 */
@FunctionalInterface
public interface Masker {
    /** Masks nothing: for text outside any run, which holds no connector's credentials. */
    Masker NONE = text -> text;

    String mask(String text);
}
