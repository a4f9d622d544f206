package io.tributary.http;

import java.time.Duration;

/**
 * Which failures are worth another attempt under the default {@link ErrorPolicy}: connection errors
 * and timeouts, a cut-off body, 5xx, 408, and 429 when the server's wait is within the longest wait
 * we accept. Everything else (400, 401, 403, 404, an unusable body) fails the run at once.
 */
public final class TransientFailures {
    private final Duration maxRetryAfter;
    private final ErrorPolicy policy;

    public TransientFailures(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
        this.policy = ErrorPolicy.defaults(maxRetryAfter);
    }

    public boolean isTransient(Throwable e) {
        return e != null && policy.retries(e);
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }
}
