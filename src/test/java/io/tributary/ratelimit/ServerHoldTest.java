package io.tributary.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a server asks of the next request (a GraphQL cost hold, Retry-After) is kept per server key,
 * not per pager: the parallel slices of one connector, each with its pager, wait for a hold one of
 * them was given; a replay of a cassette waits for none.
 */
class ServerHoldTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    final List<Duration> slept = new ArrayList<>();
    final RateLimits limits =
            new RateLimits(
                    null,
                    clock,
                    d -> {
                        slept.add(d);
                        clock.advance(d);
                    });

    @Test
    void aCostHoldGivenToOneSliceHoldsTheNextRequestOfAnother() {
        RateLimiter slice1 = limits.limiter("orders", null, Duration.ofMinutes(1));
        RateLimiter slice2 = limits.limiter("orders", null, Duration.ofMinutes(1));

        slice1.holdFor(Duration.ofMillis(400), "the GraphQL cost budget");
        slice2.acquire();

        assertEquals(List.of(Duration.ofMillis(400)), slept);
    }

    @Test
    void aReplayWaitsForNoHoldTheRecordedServerGave() {
        limits.ignoreServerWaits();
        RateLimiter limiter = limits.limiter("orders", null, Duration.ofMinutes(1));

        limiter.holdFor(Duration.ofMillis(400), "the GraphQL cost budget");
        limiter.pauseFor(Duration.ofSeconds(2));
        limiter.acquire();

        assertEquals(List.of(), slept);
    }

    @Test
    void aBudgetWindowThatEndedWhileTheStoreWaitedForItsRowIsAskedAgainNotSleptNegatively() {
        // concurrency: the store waits for another slice's turn on the budget's row; by then the
        // window it refused for is over, so retryAt lies in the past of the clock read after it
        Limit perSecond = new Limit("per-second", Duration.ofSeconds(1), 5);
        Budget budget = new Budget("tracker", List.of(perSecond), Duration.ofMinutes(1));
        int[] asked = {0};
        BudgetStore store =
                new BudgetStore() {
                    @Override
                    public Verdict tryAcquire(Budget b, Instant now) {
                        if (asked[0]++ == 0) {
                            Instant retryAt = now.plusMillis(300);
                            clock.advance(Duration.ofMillis(500)); // waited for the row
                            return new Verdict(false, retryAt, perSecond);
                        }
                        return Verdict.GRANTED;
                    }

                    @Override
                    public long used(Budget b, Limit l, Instant now) {
                        return 0;
                    }
                };
        RateLimits shared = new RateLimits(store, clock, d -> slept.add(d));

        shared.limiter("all-issues", budget, Duration.ofMinutes(1)).acquire();

        assertEquals(2, asked[0], "asked the budget again");
        assertEquals(List.of(), slept, "no wait, and no negative one");
    }

    @Test
    void aSlotTheRequestCameBackTooLateForIsGivenUpAndANewOneTaken() {
        // the budget's commit took 100 ms: sent now, it would go out close to the next slots
        Limit perSecond = new Limit("second", Duration.ofSeconds(1), 20);
        Budget budget = new Budget("tracker", List.of(perSecond), Duration.ofMinutes(1));
        List<Instant> slots = new ArrayList<>();
        BudgetStore store =
                new BudgetStore() {
                    @Override
                    public Verdict tryAcquire(Budget b, Instant now) {
                        Instant slot = now.plusMillis(slots.isEmpty() ? 0 : 55);
                        slots.add(slot);
                        if (slots.size() == 1) {
                            clock.advance(Duration.ofMillis(100)); // back from the database late
                        }
                        return new Verdict(true, null, null, java.util.Map.of(), slot);
                    }

                    @Override
                    public long used(Budget b, Limit l, Instant now) {
                        return 0;
                    }
                };
        RateLimits shared =
                new RateLimits(
                        store,
                        clock,
                        d -> {
                            slept.add(d);
                            clock.advance(d);
                        });

        shared.limiter("all-issues", budget, Duration.ofMinutes(1)).acquire();

        assertEquals(2, slots.size(), "a second slot was taken");
        assertEquals(List.of(Duration.ofMillis(55)), slept, "and waited for");
        assertEquals(slots.get(1), clock.instant(), "it goes out at its slot");
    }
}
