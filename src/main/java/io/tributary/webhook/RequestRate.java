package io.tributary.webhook;

/**
 * A token bucket of {@code perSecond} requests a second (as many at once): what a webhook endpoint
 * takes before it answers 429, per connector and process. Refills continuously.
 */
public final class RequestRate {
    private final int perSecond;
    private final java.util.function.LongSupplier nanos;
    private double tokens;
    private long last;

    public RequestRate(int perSecond, java.util.function.LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.tokens = perSecond;
        this.last = nanos.getAsLong();
    }

    /**
     * Takes one request.
     *
     * @return 0 when it may go on; else the whole seconds until one would be free (Retry-After)
     */
    public synchronized long take() {
        long now = nanos.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
}
