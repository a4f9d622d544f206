package io.tributary.ratelimit;

/**
 * Told how much of a budget's window is used each time a request asks it, so a metrics layer can
 * show Tributary's own budgets beside the source's {@code X-RateLimit-*} quota (e.g. a gauge {@code
 * tributary_budget_remaining{budget,window}}). Register with {@link RateLimits#addBudgetListener}.
 */
@FunctionalInterface
public interface BudgetListener {

    /**
     * @param windowStart the window's start, in epoch seconds: a later window starts unused
     * @param used requests counted in that window, this one included; {@code limit.max()} when the
     *     request was refused
     */
    void counted(String budget, Limit limit, long windowStart, long used);
}
