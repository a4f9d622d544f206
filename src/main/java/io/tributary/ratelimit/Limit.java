package io.tributary.ratelimit;

import java.time.Duration;

/**
 * At most {@code max} requests in each fixed window of {@code window}, windows aligned to the UTC
 * epoch (a day is a UTC calendar day, as most daily API quotas count it).
 *
 * @param name the window's name in settings and logs: second, minute, hour or day
 */
public record Limit(String name, Duration window, long max) {

    /** Start of the window holding {@code epochSecond}, in epoch seconds. */
    public long windowStart(long epochSecond) {
        long w = window.toSeconds();
        return Math.floorDiv(epochSecond, w) * w;
    }

    @Override
    public String toString() {
        return max + " per " + name;
    }
}
