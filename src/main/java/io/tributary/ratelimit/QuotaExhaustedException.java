package io.tributary.ratelimit;

/**
 * The quota will not be back within the longest wait allowed; the run ends, and the next scheduled
 * run tries again. Not retried. The message names the connector, the budget and when it resets.
 */
public final class QuotaExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuotaExhaustedException(String message) {
        super(message, null, false, false);
    }
}
