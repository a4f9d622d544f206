package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spaced request that gives its slot up (woken too late for it, or held by the API's Retry-After
 * while it waited) is not sent, so its slot must not cost the budget's other windows: a per-day
 * quota counts the requests that went out, or every slot given up on a loaded host (about one in
 * ten, docs/concurrency.md) is a request of the day's quota lost.
 */
class GivenUpSlotTest {
    static final Limit PER_SECOND = new Limit("second", Duration.ofSeconds(1), 5);
    static final Limit PER_DAY = new Limit("day", Duration.ofDays(1), 1000);
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T13:59:58.000Z"));
    final Budget budget =
            new Budget("weather", List.of(PER_SECOND, PER_DAY), Duration.ofMinutes(5));
    final List<Duration> slept = new ArrayList<>();
    HikariDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    JdbcBudgetStore store(String kind) {
        pool = Database.of(kind).pool(2);
        return new JdbcBudgetStore(pool);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "duckdb"})
    void aSlotWokenTooLateForCountsNothingInTheDaysQuota(String kind) {
        JdbcBudgetStore store = store(kind);
        store.tryAcquire(budget, clock.instant()); // the next request waits for a slot
        RateLimits limits =
                new RateLimits(
                        store,
                        clock,
                        d -> {
                            slept.add(d);
                            // the first wait ends 100 ms late: the slot is given up
                            clock.advance(slept.size() == 1 ? d.plusMillis(100) : d);
                        });

        limits.limiter("weather", budget, Duration.ofMinutes(5)).acquire();

        assertEquals(2, slept.size(), "the late slot given up, a new one waited for");
        assertEquals(2, store.used(budget, PER_DAY, clock.instant()), "the two requests sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "duckdb"})
    void aSlotHeldByTheApisRetryAfterCountsNothingInTheDaysQuota(String kind) {
        JdbcBudgetStore store = store(kind);
        store.tryAcquire(budget, clock.instant());
        RateLimiter[] limiter = new RateLimiter[1];
        RateLimits limits =
                new RateLimits(
                        store,
                        clock,
                        d -> {
                            slept.add(d);
                            clock.advance(d);
                            if (slept.size() == 1) {
                                // another window was answered 429 Retry-After: 2 meanwhile
                                limiter[0].pauseFor(Duration.ofSeconds(2));
                            }
                        });
        limiter[0] = limits.limiter("weather", budget, Duration.ofMinutes(5));

        limiter[0].acquire();

        assertEquals(Duration.ofSeconds(2), slept.get(1), "it waited for the API");
        assertEquals(2, store.used(budget, PER_DAY, clock.instant()), "the two requests sent");
    }
}
