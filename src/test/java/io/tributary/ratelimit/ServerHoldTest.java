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
}
