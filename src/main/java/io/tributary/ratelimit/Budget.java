package io.tributary.ratelimit;

import java.time.Duration;
import java.util.List;

/**
 * A proactive request budget for one API, shared by every connector that names it and persisted in
 * the database, so that two processes, or one restarted during the day, never overspend it.
 * Declared in settings and named by a connector's {@code rateLimit} parameter:
 *
 * <pre>
 * # the demo weather API: 1000 requests a day (its key's quota)
 * tributary.ratelimit.weather.per-day=1000
 * tributary.ratelimit.weather.per-second=20
 * tributary.ratelimit.weather.max-wait=PT5M
 * </pre>
 *
 * @param maxWait the longest a request may wait for quota; longer ends the run with a clear message
 * @param margin what a per-second budget adds to each second it spaces ({@code margin}, 100 ms by
 *     default): the most two requests' way from their slot to the API may differ by, see {@link
 *     Spacing}
 */
public record Budget(String name, List<Limit> limits, Duration maxWait, Duration margin) {

    public Budget(String name, List<Limit> limits, Duration maxWait) {
        this(name, limits, maxWait, Spacing.MARGIN);
    }
}
