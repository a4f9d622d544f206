package io.tributary.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WeatherApiServer} behaves.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free ephemeral port
 * @param apiKey the only key the server accepts
 * @param dailyQuota authenticated requests allowed per UTC day
 * @param interval how often each station reports; whole seconds
 * @param history how much history already exists when the server is constructed
 */
public record WeatherApiSettings(
        int port, String apiKey, int dailyQuota, Duration interval, Duration history) {

    public WeatherApiSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (dailyQuota < 0) {
            throw new IllegalArgumentException("dailyQuota must not be negative: " + dailyQuota);
        }
        Objects.requireNonNull(interval, "interval");
        if (history == null || history.isNegative()) {
            throw new IllegalArgumentException("history must not be negative: " + history);
        }
    }

    /**
     * Port 0, key {@code demo-key}, 1000 requests a day, one report a minute, 24 hours of history.
     */
    public static WeatherApiSettings defaults() {
        return new WeatherApiSettings(
                0, "demo-key", 1000, Duration.ofSeconds(60), Duration.ofHours(24));
    }
}
