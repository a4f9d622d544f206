package io.tributary.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A request budget that refills at every UTC midnight, like the quotas of many public APIs. The
 * caller passes the time in, so tests can drive the day boundary with a fake clock.
 */
public final class DailyQuota {

    private static final long SECONDS_PER_DAY = 86_400;

    private final int limit;
    private long day = Long.MIN_VALUE;
    private int used;

    /**
     * @param limit requests allowed per UTC day; 0 refuses everything
     */
    public DailyQuota(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** Consumes one request if the current UTC day has any left. */
    public synchronized boolean tryAcquire(Instant now) {
        rollOver(now);
        if (used >= limit) {
            return false;
        }
        used++;
        return true;
    }

    /** Requests consumed so far on the UTC day of {@code now}. */
    public synchronized int used(Instant now) {
        rollOver(now);
        return used;
    }

    public int limit() {
        return limit;
    }

    /**
     * Whole seconds until the next UTC midnight, rounded up so a client that waits this long is
     * never early.
     */
    public long secondsUntilReset(Instant now) {
        long nextMidnight =
                (Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY;
        // Dropping the nanoseconds of now is what rounds the remaining time up.
        return nextMidnight - now.getEpochSecond();
    }

    private void rollOver(Instant now) {
        long today = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
        if (today != day) {
            day = today;
            used = 0;
        }
    }
}
