package io.tributary.ratelimit;

import io.tributary.http.RateLimitHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector's gate before every request it sends, first attempts and retries alike: waits while
 * the server said its quota is spent ({@code X-RateLimit-Remaining: 0} until {@code
 * X-RateLimit-Reset}, or the IETF {@code RateLimit} field), then takes one request from the
 * connector's {@link Budget}. A wait longer than the budget's {@code max-wait} ends the run ({@link
 * QuotaExhaustedException}); a shorter one is logged, e.g. {@code connector=weather waiting for
 * quota 'weather' (1000 per day) until 00:00:00 UTC}.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final RateLimits limits;
    private final String connector;
    private final Budget budget;
    private final Duration maxWait;
    private final String serverKey;
    private final AtomicLong waitedMillis = new AtomicLong();

    RateLimiter(RateLimits limits, String connector, Budget budget, Duration maxWait) {
        this.limits = limits;
        this.connector = connector;
        this.budget = budget;
        this.maxWait = maxWait;
        this.serverKey =
                budget == null
                        ? "connector:" + connector
                        : "budget:" + budget.name(); // routes of one API share what its server said
    }

    /** Blocks until one more request may go out. */
    public void acquire() {
        while (true) {
            Instant now = limits.clock().instant();
            RateLimits.ServerBlock blocked = limits.serverBlock(serverKey);
            if (blocked != null && blocked.until().isAfter(now)) {
                pause(now, blocked.until(), "server", blocked.what(), true);
                continue;
            }
            if (budget == null) {
                return;
            }
            Verdict v = limits.store().tryAcquire(budget, limits.clock()::instant);
            now = limits.clock().instant(); // the store may have waited for the budget's row
            limits.counted(budget, v, v.sendAt() != null ? v.sendAt() : now); // its window
            if (v.granted() && v.sendAt() == null) {
                return;
            }
            if (!v.granted()) {
                pause(
                        now,
                        v.retryAt(),
                        budget.name(),
                        "quota '" + budget.name() + "' (" + v.limit() + ")",
                        true);
                continue;
            }
            // the slot the spacing reserved: the usual wait at a steady rate, so not logged at info
            try {
                pause(now, v.sendAt(), budget.name(), "quota '" + budget.name() + "'", false);
            } catch (QuotaExhaustedException interrupted) {
                limits.store().giveUp(budget, v); // the run ends: this request is never sent
                throw interrupted;
            }
            Instant sending = limits.clock().instant();
            if (sending.isAfter(v.sendAt().plus(Spacing.late(budget)))) {
                // woken, or back from the database, too late for the slot: sent now it would go
                // out close to the next slots, so it is given up (never sent, so it costs the
                // quota's windows nothing) for a new one
                limits.store().giveUp(budget, v);
                continue;
            }
            RateLimits.ServerBlock since = limits.serverBlock(serverKey);
            if (since == null || !since.until().isAfter(sending)) {
                return;
            }
            // the API said wait while this one waited for its slot: the slot is given up (not sent:
            // never more at the server, nor counted in the quota), and the request asks again after
            // the wait, so
            // the requests held by the API do not all go out at its end
            limits.store().giveUp(budget, v);
        }
    }

    /**
     * Reads the rate-limit headers of a response: a spent quota makes the next request wait for its
     * reset.
     */
    public void observe(Map<String, ?> headers) {
        Instant now = limits.clock().instant();
        RateLimitHeaders.exhaustedUntil(headers, now)
                .ifPresent(
                        until ->
                                limits.blockUntil(
                                        serverKey,
                                        until,
                                        "the API's rate limit (X-RateLimit-Remaining: 0)"));
    }

    /**
     * The server's last answer asked the next request to wait {@code wait} (e.g. Shopify's GraphQL
     * cost budget): it waits here, as for a spent quota, counted in the waits and their metrics.
     *
     * @param what what it waits for, shown in the log line
     */
    public void holdFor(Duration wait, String what) {
        limits.blockUntil(serverKey, limits.clock().instant().plus(wait), what);
    }

    /**
     * The API asked to wait ({@code Retry-After}): every request that shares what its server said
     * waits as long, not only the one that was answered so.
     */
    public void pauseFor(Duration wait) {
        limits.blockUntil(serverKey, limits.clock().instant().plus(wait), "the API's Retry-After");
    }

    /** Total time this connector has waited for quota since start-up. */
    public Duration waited() {
        return Duration.ofMillis(waitedMillis.get());
    }

    private void pause(Instant now, Instant until, String budgetName, String what, boolean logged) {
        Duration wait = Duration.between(now, until);
        if (wait.isNegative() || wait.isZero()) {
            // the budget's window ended while the store waited for its row (another slice held
            // it): nothing to wait for, ask again (a negative sleep would fail the run)
            return;
        }
        String when =
                (until.atZone(ZoneOffset.UTC)
                                        .toLocalDate()
                                        .equals(now.atZone(ZoneOffset.UTC).toLocalDate())
                                ? TIME
                                : DATE_TIME)
                        .format(until);
        if (wait.compareTo(maxWait) > 0) {
            throw new QuotaExhaustedException(
                    "connector '"
                            + connector
                            + "': "
                            + what
                            + " is spent until "
                            + when
                            + ", in "
                            + human(wait)
                            + ", longer than the longest wait allowed ("
                            + human(maxWait)
                            + "); the next scheduled run tries again");
        }
        if (logged) {
            LOG.info(
                    "connector={} waiting for {} until {} ({})",
                    connector,
                    what,
                    when,
                    human(wait));
        } else {
            LOG.debug("connector={} waiting for its slot of {} ({})", connector, what, human(wait));
        }
        waitedMillis.addAndGet(wait.toMillis());
        limits.waited(connector, budgetName, wait);
        try {
            limits.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuotaExhaustedException(
                    "connector '" + connector + "': interrupted while waiting for " + what);
        }
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return d.toMillis() < 1000 ? d.toMillis() + " ms" : s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
