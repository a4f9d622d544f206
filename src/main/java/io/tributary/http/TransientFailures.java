package io.tributary.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Which failures are worth another attempt: connection errors and timeouts, 5xx, 408, and 429 when
 * the server's {@code Retry-After} is within the longest wait we accept. Everything else (400, 401,
 * 403, 404, an unusable body) fails the run at once: asking again would get the same answer.
 */
public final class TransientFailures {
    private final Duration maxRetryAfter;

    public TransientFailures(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public boolean isTransient(Throwable e) {
        if (e instanceof HttpOperationFailedException) {
            HttpOperationFailedException http = (HttpOperationFailedException) e;
            int status = http.getStatusCode();
            if (status == 429) {
                return RetryAfter.of(http, Instant.now()).map(d -> d.compareTo(maxRetryAfter) <= 0).orElse(true);
            }
            return status >= 500 || status == 408;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }
}
