package io.tributary.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Reads {@code Retry-After} (RFC 9110 §10.2.3): either delay-seconds ({@code Retry-After: 120}) or
 * an HTTP date ({@code Retry-After: Wed, 21 Oct 2026 07:28:00 GMT}).
 */
public final class RetryAfter {
    private RetryAfter() {}

    public static Optional<Duration> of(HttpOperationFailedException e, Instant now) {
        Map<String, String> headers = e.getResponseHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String value =
                headers.entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("Retry-After"))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
        return parse(value, now);
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
