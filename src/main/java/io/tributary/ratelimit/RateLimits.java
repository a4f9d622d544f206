package io.tributary.ratelimit;

import io.tributary.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;

/**
 * The budgets of this process, read from settings ({@code tributary.ratelimit.<name>.per-second},
 * {@code per-minute}, {@code per-hour}, {@code per-day}, {@code max-wait}, {@code margin}), their
 * store, the waits servers asked for, and the listeners told about waits. Bound as {@code
 * tributaryRateLimits}.
 */
public final class RateLimits {
    public static final String BEAN = "tributaryRateLimits";
    private static final Map<String, Duration> WINDOWS =
            Map.of(
                    "second",
                    Duration.ofSeconds(1),
                    "minute",
                    Duration.ofMinutes(1),
                    "hour",
                    Duration.ofHours(1),
                    "day",
                    Duration.ofDays(1));

    private final BudgetStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, ServerBlock> serverBlocks = new ConcurrentHashMap<>();
    private final List<QuotaWaitListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BudgetListener> budgetListeners = new CopyOnWriteArrayList<>();
    private volatile boolean serverWaitsIgnored;

    public RateLimits(BudgetStore store, Clock clock, Sleeper sleeper) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** How a limiter waits; tests pass one that moves a clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000); // not early
    }

    public void addListener(QuotaWaitListener listener) {
        listeners.add(listener);
    }

    public void addBudgetListener(BudgetListener listener) {
        budgetListeners.add(listener);
    }

    public BudgetStore store() {
        return store;
    }

    /**
     * The budget named {@code name}, from settings.
     *
     * @throws IllegalArgumentException when no limit is set for it
     */
    public static Budget budget(CamelContext context, String name, Duration defaultMaxWait) {
        Settings settings = new Settings(context);
        String prefix = "tributary.ratelimit." + name + ".";
        List<Limit> limits = new ArrayList<>();
        for (String window : List.of("second", "minute", "hour", "day")) {
            long max = settings.number(prefix + "per-" + window, 0);
            if (max < 0) {
                throw new Settings.SettingException(
                        prefix + "per-" + window,
                        Long.toString(max),
                        "must be 0 (no limit) or more");
            }
            if (max > 0) {
                limits.add(new Limit(window, WINDOWS.get(window), max));
            }
        }
        if (limits.isEmpty()) {
            throw new IllegalArgumentException(
                    "no budget is set: add e.g. "
                            + prefix
                            + "per-day=1000 (or per-second, "
                            + "per-minute, per-hour) to application.properties");
        }
        Duration margin = settings.duration(prefix + "margin", Spacing.MARGIN);
        if (margin.isNegative() || margin.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new Settings.SettingException(
                    prefix + "margin", margin.toString(), "must be between PT0S and PT1S");
        }
        return new Budget(
                name,
                List.copyOf(limits),
                settings.duration(prefix + "max-wait", defaultMaxWait),
                margin);
    }

    /**
     * A limiter for one connector; {@code budget} may be null (then only the server's headers
     * count).
     */
    public RateLimiter limiter(String connector, Budget budget, Duration maxWait) {
        return new RateLimiter(
                this, connector, budget, budget == null ? maxWait : budget.maxWait());
    }

    Clock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** Until when a server asked the requests of one API to wait, and what for. */
    record ServerBlock(Instant until, String what) {}

    ServerBlock serverBlock(String key) {
        return serverBlocks.get(key);
    }

    /**
     * {@code tributary test}: the answers come from a cassette on loopback, so what the recorded
     * server said of its own load (Retry-After, a spent {@code X-RateLimit-Remaining}, a GraphQL
     * cost bucket) is history, not a wait; the connector's own budget still applies.
     */
    public void ignoreServerWaits() {
        serverWaitsIgnored = true;
    }

    void blockUntil(String key, Instant until, String what) {
        if (serverWaitsIgnored) {
            return;
        }
        serverBlocks.merge(
                key, new ServerBlock(until, what), (a, b) -> a.until().isAfter(b.until()) ? a : b);
    }

    void waited(String connector, String budget, Duration wait) {
        for (QuotaWaitListener l : listeners) {
            l.waited(connector, budget, wait);
        }
    }

    /** Tells the budget listeners what a verdict left of each window of {@code budget}. */
    void counted(Budget budget, Verdict verdict, Instant now) {
        long second = now.getEpochSecond();
        for (Limit l : budget.limits()) {
            Long used = verdict.used().get(l);
            if (!verdict.granted() && l.equals(verdict.limit())) {
                used = l.max(); // spent until retryAt
            }
            if (used == null) {
                continue;
            }
            for (BudgetListener listener : budgetListeners) {
                listener.counted(budget.name(), l, l.windowStart(second), used);
            }
        }
    }
}
