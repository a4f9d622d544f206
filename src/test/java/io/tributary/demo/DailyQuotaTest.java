package io.tributary.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DailyQuotaTest {

    private static final Instant EVENING = Instant.parse("2026-11-26T20:00:00Z");

    @Test
    void allowsExactlyTheLimitPerUtcDay() {
        DailyQuota quota = new DailyQuota(3);
        assertTrue(quota.tryAcquire(EVENING));
        assertTrue(quota.tryAcquire(EVENING));
        assertTrue(quota.tryAcquire(EVENING));
        assertFalse(quota.tryAcquire(EVENING));
        assertEquals(3, quota.used(EVENING));
    }

    @Test
    void refillsAtUtcMidnight() {
        DailyQuota quota = new DailyQuota(1);
        assertTrue(quota.tryAcquire(Instant.parse("2026-11-26T23:59:59Z")));
        assertFalse(quota.tryAcquire(Instant.parse("2026-11-26T23:59:59.999Z")));
        assertTrue(quota.tryAcquire(Instant.parse("2026-11-27T00:00:00Z")));
        assertEquals(1, quota.used(Instant.parse("2026-11-27T00:00:00Z")));
    }

    @Test
    void countsSecondsUntilTheNextUtcMidnightRoundedUp() {
        DailyQuota quota = new DailyQuota(1);
        assertEquals(4 * 3600, quota.secondsUntilReset(EVENING));
        assertEquals(4 * 3600, quota.secondsUntilReset(EVENING.minusMillis(500).plusSeconds(1)));
        assertEquals(86_400, quota.secondsUntilReset(Instant.parse("2026-11-27T00:00:00Z")));
        assertEquals(1, quota.secondsUntilReset(Instant.parse("2026-11-26T23:59:59Z")));
    }

    @Test
    void neverGrantsMoreThanTheLimitUnderConcurrency() throws InterruptedException {
        DailyQuota quota = new DailyQuota(500);
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 2000; i++) {
            pool.execute(
                    () -> {
                        if (quota.tryAcquire(EVENING)) {
                            granted.incrementAndGet();
                        }
                    });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(500, granted.get());
    }
}
