package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Test
    void readsDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
    }

    @Test
    void readsAnHttpDateInTheFutureAsTheTimeUntilThen() {
        assertEquals(
                Optional.of(Duration.ofSeconds(90)),
                RetryAfter.parse(httpDate(NOW.plusSeconds(90)), NOW));
    }

    @Test
    void readsTheRfcExampleDate() {
        assertEquals(
                Optional.of(Duration.ofMinutes(1)),
                RetryAfter.parse("Wed, 21 Oct 2026 07:29:00 GMT", NOW));
    }

    @Test
    void readsAnHttpDateInThePastAsZero() {
        assertEquals(
                Optional.of(Duration.ZERO),
                RetryAfter.parse(httpDate(NOW.minusSeconds(3600)), NOW));
    }

    @Test
    void readsNegativeSecondsAsZero() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("-5", NOW));
    }

    @Test
    void ignoresGarbage() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    }

    @Test
    void findsTheHeaderWhateverItsCase() {
        HttpOperationFailedException e =
                new HttpOperationFailedException(
                        "http://h/x",
                        429,
                        "Too Many Requests",
                        null,
                        Map.of("retry-after", "30"),
                        "");
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.of(e, NOW));
    }

    @Test
    void isEmptyWhenTheResponseHasNoHeaders() {
        HttpOperationFailedException e =
                new HttpOperationFailedException(
                        "http://h/x", 429, "Too Many Requests", null, null, "");
        assertEquals(Optional.empty(), RetryAfter.of(e, NOW));
    }
}
