package io.tributary.http;

import io.tributary.auth.SecretMasker;
import java.time.Instant;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Turns a failure into one line a person can act on: status, masked URL and the start of the body
 * for HTTP errors; the exception type and message otherwise. Never a stack trace, never a secret.
 */
public final class FailureDescription {
    static final int BODY_EXCERPT = 300;

    private FailureDescription() {
    }

    public static String of(Throwable e, SecretMasker masker) {
        return of(e, masker, "GET");
    }

    /** @param method the request's method (POST for sources that page by POST), as the line names it */
    public static String of(Throwable e, SecretMasker masker, String method) {
        if (e == null) {
            return "unknown failure";
        }
        if (e instanceof HttpOperationFailedException) {
            HttpOperationFailedException http = (HttpOperationFailedException) e;
            StringBuilder b = new StringBuilder("HTTP ").append(http.getStatusCode());
            if (http.getStatusText() != null && !http.getStatusText().isBlank()) {
                b.append(' ').append(http.getStatusText());
            }
            b.append(" from ").append(method == null ? "GET" : method).append(' ').append(http.getUri());
            RetryAfter.of(http, Instant.now()).ifPresent(d -> b.append(" (Retry-After ").append(d.toSeconds()).append(" s)"));
            String body = masker.mask(http.getResponseBody()); // mask before cutting, or a cut key escapes the mask
            if (body != null && !body.isBlank()) {
                String oneLine = body.strip().replaceAll("\\s+", " ");
                b.append(": ").append(oneLine.length() > BODY_EXCERPT ? oneLine.substring(0, BODY_EXCERPT) + "..." : oneLine);
            }
            return masker.mask(b.toString());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return masker.mask(root.getClass().getSimpleName() + message);
    }
}
