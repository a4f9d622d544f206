package io.tributary.http;

/**
 * A response that arrived but cannot be used (not JSON, no records where the connector expects
 * them). Not retried: asking again would get the same answer. The message is already masked.
 */
public final class SourceResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceResponseException(String message) {
        super(message, null, false, false);
    }
}
