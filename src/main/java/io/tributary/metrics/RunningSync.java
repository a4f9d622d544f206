package io.tributary.metrics;

import java.time.Instant;

/**
 * A sync while it runs, as each source's run counts it (the same counters its summary line will
 * carry): told to {@link SyncOutcomes#started} when it begins, forgotten when its outcome is
 * recorded. The status page reads it from another thread, so a count may lag by a page.
 */
public interface RunningSync {
    Instant startedAt();

    /** Pages read so far. */
    long pages();

    /** Records read so far. */
    long records();

    /** Rows the sink has committed so far. */
    long written();

    /**
     * Whether it is still going on: false for a trigger's slices once its last run ended (an
     * outcome told late must not show it running again).
     */
    default boolean goesOn() {
        return true;
    }
}
