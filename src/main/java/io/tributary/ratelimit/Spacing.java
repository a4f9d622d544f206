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
 * requests' way from their slot to the server differs by less than the budget's margin. There is no
 * burst: a burst of B would let the server count N + B - 1 in one second.
 */
final class Spacing {
    /**
     * 100 ms by default ({@code tributary.ratelimit.NAME.margin}), which costs 9 % of the rate: a
     * request goes out within {@link #LATE} of its slot or not at all, and the other 60 ms cover
     * its way from there to the server (the HTTP client's work, a first connection, the server's
     * dispatch: a few ms on a quiet host, 50 measured on a loaded 2-core one) and the offset
     * between hosts sharing a budget (NTP: a few ms).
     */
    static final Duration MARGIN = Duration.ofMillis(100);

    /**
     * How late after its slot a request may still go out, 40 % of the margin (40 ms by default): a
     * thread woken late, or back late from the database's commit (40 ms measured on a loaded host),
     * would send close to the next slots' requests.
     */
    static Duration late(Budget budget) {
        return budget.margin().multipliedBy(2).dividedBy(5);
    }

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

    /** Microseconds between two grants, rounded up: N of them never fit in 1 s + margin. */
    static long intervalMicros(Budget budget, Limit perSecond) {
        long span = 1_000_000L + budget.margin().toNanos() / 1000;
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
