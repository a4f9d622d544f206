package io.tributary.ratelimit;

import java.time.Instant;

/** Where budgets count their requests; atomic across threads and processes. */
public interface BudgetStore {

    /** Counts one request against every limit of the budget, or none of them when one is spent. */
    Verdict tryAcquire(Budget budget, Instant now);

    /**
     * The same, with the time read once the budget is the caller's: a caller that waited for
     * another's turn (requests at once, {@code concurrency}) counts in the window it is sent in.
     */
    default Verdict tryAcquire(Budget budget, java.util.function.Supplier<Instant> clock) {
        return tryAcquire(budget, clock.get());
    }

    /**
     * A granted request that was not sent (it gave its spaced slot up, {@link RateLimiter}): its
     * count in the budget's windows is taken back, so a quota counts the requests that went out;
     * the slot itself stays taken, so the spacing never tightens.
     */
    default void giveUp(Budget budget, Verdict granted) {}

    /** Requests counted in the current window of a limit (for tests and status pages). */
    long used(Budget budget, Limit limit, Instant now);
}
