package io.tributary.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A per-second limit kept as a spacing of its grants, the generic cell rate algorithm with no burst
 * (as redis-cell and Guava's {@code SmoothRateLimiter} keep one "theoretical arrival time"): each
 * grant takes the slot {@code max(now, next)} and moves {@code next} on by {@code (1 s + MARGIN) /
 * N}. Any N + 1 grants then span at least 1 s + MARGIN, so no one-second interval, sliding, holds
 * more than N of them, and the server sees no more than N in any of its seconds as long as two
 * requests' way from their slot to the server differs by less than {@link #MARGIN}.
 */
final class Spacing {
    /**
     * 50 ms: a thread woken late, the HTTP client's own work and the server's dispatch differ by a
     * few ms between two requests on a loaded host, a GC pause by tens; NTP keeps hosts sharing a
     * budget within a few ms of each other. It costs 5 % of the rate.
     */
    static final Duration MARGIN = Duration.ofMillis(50);

    /** The row (period) holding a budget's next free slot, in epoch microseconds. */
    static final String ROW = "spacing";

    private Spacing() {}

    /** The budget's per-second limit, which is spaced, or null. */
    static Limit of(Budget budget) {
        List<Limit> limits = budget.limits();
        for (Limit l : limits) {
            if (l.window().equals(Duration.ofSeconds(1))) {
                return l;
            }
        }
        return null;
    }

    /** Microseconds between two grants, rounded up: N of them never fit in 1 s + MARGIN. */
    static long intervalMicros(Limit perSecond) {
        long span = 1_000_000L + MARGIN.toNanos() / 1000;
        return (span + perSecond.max() - 1) / perSecond.max();
    }

    static long micros(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
