package io.tributary.ratelimit;

import java.time.Duration;

/**
 * Told about every wait for quota, so a metrics layer can count it (e.g. a Micrometer timer {@code
 * tributary.quota.wait} tagged by connector and budget). Register with {@link
 * RateLimits#addListener}.
 */
@FunctionalInterface
public interface QuotaWaitListener {

    /**
     * @param budget the budget's name, or "server" when the API's own headers asked for the wait
     */
    void waited(String connector, String budget, Duration wait);
}
