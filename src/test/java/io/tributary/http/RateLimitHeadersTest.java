package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    static final Instant NOW = Instant.parse("2026-11-26T13:59:00Z");

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(
                Optional.of(Duration.ofSeconds(120)),
                RateLimitHeaders.waitFor(Map.of("Retry-After", "120"), NOW));
        assertEquals(
                Optional.of(Duration.ofSeconds(60)),
                RateLimitHeaders.waitFor(
                        Map.of("retry-after", "Thu, 26 Nov 2026 14:00:00 GMT"), NOW));
    }

    @Test
    void gitHubsResetInEpochSecondsWhenNoRequestsRemain() {
        String reset = Long.toString(NOW.plusSeconds(61).getEpochSecond());
        assertEquals(
                Optional.of(Duration.ofSeconds(61)),
                RateLimitHeaders.waitFor(
                        Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), NOW));
        assertEquals(
                Optional.empty(),
                RateLimitHeaders.waitFor(
                        Map.of("X-RateLimit-Remaining", "12", "X-RateLimit-Reset", reset), NOW));
    }

    @Test
    void aResetInMillisecondsAsOctokitFixturesRecordItIsReadToo() {
        String reset = Long.toString(NOW.plusSeconds(30).toEpochMilli());
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                RateLimitHeaders.waitFor(
                        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", reset), NOW));
    }

    @Test
    void theIetfRateLimitFieldsCurrentAndOlderDraft() {
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                RateLimitHeaders.waitFor(
                        Map.of(
                                "RateLimit",
                                "\"default\";r=0;t=30",
                                "RateLimit-Policy",
                                "\"default\";q=100;w=60"),
                        NOW));
        assertEquals(
                Optional.empty(),
                RateLimitHeaders.waitFor(Map.of("RateLimit", "\"default\";r=5;t=30"), NOW));
        assertEquals(
                Optional.of(Duration.ofSeconds(17)),
                RateLimitHeaders.waitFor(
                        Map.of("RateLimit-Remaining", "0", "RateLimit-Reset", "17"), NOW));
    }
}
