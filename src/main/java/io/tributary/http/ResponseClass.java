package io.tributary.http;

/**
 * What a failed call means for the run, decided by {@link ErrorPolicy}:
 *
 * <ul>
 *   <li>{@code RETRY}: ask again after a back-off (5xx, 408, connection resets, timeouts, a cut-off
 *       body);
 *   <li>{@code RATE_LIMITED}: ask again once the server's limit resets (429, GitHub's 403 with
 *       {@code X-RateLimit-Remaining: 0}), or fail when that is longer than the longest wait
 *       allowed;
 *   <li>{@code REFRESH_AUTH}: the credentials were refused (401): an authenticator that can refresh
 *       them may do so and retry; otherwise the run fails;
 *   <li>{@code IGNORE}: treat the page as empty and the last one (e.g. {@code 404=ignore} for a
 *       parent's child list that was deleted meanwhile);
 *   <li>{@code REDIRECT}: a 3xx; followed by the connector itself, under the same host rule as next
 *       links;
 *   <li>{@code FAIL}: the run ends with one clear line (other 4xx, an unusable body).
 * </ul>
 */
public enum ResponseClass {
    RETRY,
    RATE_LIMITED,
    REFRESH_AUTH,
    IGNORE,
    REDIRECT,
    FAIL;

    /** The name used in an {@code errorPolicy} parameter, e.g. {@code rate-limited}. */
    public String parameterName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static ResponseClass ofParameterName(String name) {
        for (ResponseClass c : values()) {
            if (c.parameterName().equals(name.trim().toLowerCase(java.util.Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }
}
