package io.tributary.ratelimit;

import java.time.Instant;

/** Where budgets count their requests; atomic across threads and processes. */
public interface BudgetStore {

    /** Counts one request against every limit of the budget, or none of them when one is spent. */
    Verdict tryAcquire(Budget budget, Instant now);

    /** Requests counted in the current window of a limit (for tests and status pages). */
    long used(Budget budget, Limit limit, Instant now);
}
