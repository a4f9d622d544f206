package io.tributary.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.http.CallListener;
import io.tributary.ratelimit.BudgetListener;
import io.tributary.ratelimit.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Every connector's meters, in the Micrometer registry that Camel scrapes on the management server
 * ({@code /observe/metrics}, Prometheus text). Tags are only {@code connector} and small closed
 * sets ({@code outcome}, {@code stage}, {@code status}, {@code type}): never a URL, a key or a
 * record id. {@code outcome} takes the summary line's words ({@link SyncOutcome#outcome()}); every
 * tag value of a closed set is registered at 0 with the connector, so {@code increase()} sees the
 * first one.
 *
 * <pre>
 * tributary.syncs{connector,outcome=success|failed}              tributary_syncs_total
 * tributary.sync.duration{connector,outcome}                     tributary_sync_duration_seconds
 * tributary.sync.records{connector,stage=read|written|unchanged|dead_lettered}  tributary_sync_records_total
 * tributary.cursor.anomalies{connector,kind=out_of_order|future} tributary_cursor_anomalies_total
 * tributary.sync.pages{connector}                                tributary_sync_pages_total
 * tributary.sync.bytes{connector}                                tributary_sync_bytes_total
 * tributary.http.requests{connector,status=2xx|3xx|4xx|5xx|none} tributary_http_requests_total
 * tributary.retries{connector}                                   tributary_retries_total
 * tributary.rate.limit.wait{connector}                           tributary_rate_limit_wait_seconds
 * tributary.errors{connector,type=network|auth|rate_limit|schema|sink|other}  tributary_errors_total
 * tributary.sync.last.success.timestamp{connector}               tributary_sync_last_success_timestamp_seconds (epoch)
 * tributary.sync.last.success{connector}                         tributary_sync_last_success_seconds (deprecated: the same)
 * tributary.cursor.lag{connector}                                tributary_cursor_lag_seconds (time cursors)
 * tributary.sync.consecutive.failures{connector}                 tributary_sync_consecutive_failures
 * tributary.quota.remaining / tributary.quota.limit{connector}   from X-RateLimit-Remaining / -Limit
 * tributary.budget.remaining / tributary.budget.limit{budget,window=second|minute|hour|day}
 *                                                                Tributary's own budgets (rateLimit)
 * tributary.connector.healthy{connector}                         1 UP / 0 DOWN ({@link ConnectorHealth})
 * tributary.schema.drift{connector,kind=new_field|missing_field|changed_type}  tributary_schema_drift_total
 * tributary.sync.suspect.end{connector,pagination}               tributary_sync_suspect_end_total (full last page, no end said)
 * </pre>
 *
 * Bound as {@value #BEAN}; code that sees an exchange reports through {@code
 * ConnectorMetrics.of(exchange.getContext()).rateLimitWait("inventory-items", wait)}.
 */
public final class ConnectorMetrics implements SyncOutcomes.Listener, CallListener, BudgetListener {
    public static final String BEAN = CallListener.BEAN;

    /** The {@code status} tag of {@code tributary.http.requests}: none = no response. */
    static final java.util.List<String> STATUS_CLASSES =
            java.util.List.of("2xx", "3xx", "4xx", "5xx", "none");

    private static final ConnectorMetrics DETACHED =
            new ConnectorMetrics(new SimpleMeterRegistry(), Clock.systemUTC());

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, State> connectors = new ConcurrentHashMap<>();
    private final Map<String, BudgetWindow> budgets = new ConcurrentHashMap<>();

    public ConnectorMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The process's metrics, or a detached set when none are bound (a bare CamelContext in a test).
     */
    public static ConnectorMetrics of(CamelContext context) {
        ConnectorMetrics bound =
                context == null
                        ? null
                        : context.getRegistry().lookupByNameAndType(BEAN, ConnectorMetrics.class);
        return bound != null ? bound : DETACHED;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Creates the connector's meters at zero, so rules and dashboards see it before its first sync.
     */
    @Override
    public void registered(String connector) {
        state(connector);
    }

    /** A schema-drift finding (reported once per field and kind per process). */
    /** Records read again that were already written: not written twice. */
    public void unchanged(String connector, long records) {
        state(connector).unchanged.increment(records);
    }

    /**
     * Records whose cursor went backwards inside a page, or lies beyond now + the tolerance:
     * neither moves the cursor.
     */
    public void cursorAnomaly(String connector, String kind, long records) {
        Counter.builder("tributary.cursor.anomalies")
                .description(
                        "Records whose cursor value cannot move the cursor: "
                                + "out of order in their page, or in the future")
                .tag("connector", connector)
                .tag("kind", kind)
                .register(registry)
                .increment(records);
    }

    public void schemaDrift(String connector, String kind) {
        Counter.builder("tributary.schema.drift")
                .description("Schema drift findings: new, missing or retyped source fields")
                .tag("connector", connector)
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /**
     * Paging stopped after a full page without the source saying it was the last (no next link or
     * token, no flag, no total): the sync may have left records behind. {@code pagination} is the
     * style name.
     */
    public void suspectEnd(String connector, String pagination) {
        Counter.builder("tributary.sync.suspect.end")
                .description(
                        "Syncs whose paging stopped after a full page the source did not call the last")
                .tags("connector", connector, "pagination", pagination)
                .register(registry)
                .increment();
    }

    /**
     * One page arrived: its size on the wire, its records, the 2xx, and any quota the source
     * reported.
     */
    public void pageFetched(
            String connector, long bytes, int records, Map<String, Object> headers) {
        State s = pageRead(connector, bytes, records);
        s.requests("2xx").increment();
        if (headers != null) {
            Long remaining = number(headers.get("X-RateLimit-Remaining"));
            Long limit = number(headers.get("X-RateLimit-Limit"));
            if (remaining != null && limit != null) {
                quota(connector, remaining, limit);
            }
        }
    }

    /**
     * One page of an answer read, its request counted where it was made (a bulk download: one
     * answer, many pages, one 2xx).
     */
    public void pageOfAnAnswer(String connector, long bytes, int records) {
        pageRead(connector, bytes, records);
    }

    /**
     * Bytes of an answer read outside camel-http (the bulk source's create, polls and result
     * parts), counted as they stream in {@code tributary_sync_bytes_total}.
     */
    public void answerBytes(String connector, long bytes) {
        state(connector).bytes.increment(bytes);
    }

    private State pageRead(String connector, long bytes, int records) {
        State s = state(connector);
        synchronized (s) {
            if (s.livePages++ == 0) {
                s.liveStartNanos = System.nanoTime();
            }
            s.liveRecords += records;
        }
        s.pages.increment();
        s.bytes.increment(bytes);
        s.read.increment(records);
        return s;
    }

    /**
     * A response the error policy lets pass (an ignored 404, a redirect followed): a request, not
     * an error.
     */
    @Override
    public void passed(String connector, int status) {
        state(connector).requests(status <= 0 ? "none" : status / 100 + "xx").increment();
    }

    /** One page committed: its rows and dead letters. */
    public void pageCommitted(String connector, long rows, long deadLetters) {
        State s = state(connector);
        s.written.increment(rows);
        s.deadLettered.increment(deadLetters);
    }

    /**
     * Rows deleted or marked because the source deleted their records, once committed: {@code kind}
     * is how the deletion was found ({@code flag}, {@code endpoint}, {@code scan}).
     */
    public void recordsDeleted(String connector, String kind, long rows) {
        deleted(connector, kind).increment(rows);
    }

    private Counter deleted(String connector, String kind) {
        return Counter.builder("tributary.records.deleted")
                .description(
                        "Rows deleted or marked because the source deleted their records, by how it said so")
                .tags("connector", connector, "kind", kind)
                .register(registry);
    }

    /** A request or step failed (each attempt counts): its HTTP status class and its error type. */
    @Override
    public void failure(String connector, Throwable cause) {
        State s = state(connector);
        if (cause instanceof HttpOperationFailedException) {
            s.requests(((HttpOperationFailedException) cause).getStatusCode() / 100 + "xx")
                    .increment();
        } else if (ErrorType.of(cause) == ErrorType.NETWORK) {
            s.requests("none").increment();
        }
        error(connector, ErrorType.of(cause));
    }

    public void error(String connector, ErrorType type) {
        Counter.builder("tributary.errors")
                .description("Failures met by syncs, by kind")
                .tags("connector", connector, "type", type.tag())
                .register(registry)
                .increment();
    }

    @Override
    public void retry(String connector) {
        state(connector).retries.increment();
    }

    /** Time a connector waits because the source asked it to (Retry-After, a rate limiter). */
    @Override
    public void rateLimitWait(String connector, Duration wait) {
        state(connector).rateLimitWait.record(wait);
    }

    /** What is left of the source's quota, when it says. */
    public void quota(String connector, long remaining, long limit) {
        State s = state(connector);
        s.quotaRemaining.set(remaining);
        s.quotaLimit.set(limit);
        if (s.quotaRegistered.compareAndSet(0, 1)) {
            Gauge.builder("tributary.quota.remaining", s.quotaRemaining, AtomicLong::get)
                    .description("Requests left in the source's current quota window")
                    .tag("connector", connector)
                    .register(registry);
            Gauge.builder("tributary.quota.limit", s.quotaLimit, AtomicLong::get)
                    .description("Requests allowed in the source's quota window")
                    .tag("connector", connector)
                    .register(registry);
        }
    }

    /**
     * What a request left of one window of a budget (registered as a listener of the rate limits).
     * The gauge reads the whole limit again once that window is over, without waiting for the next
     * request.
     */
    @Override
    public void counted(String budget, Limit limit, long windowStart, long used) {
        BudgetWindow w =
                budgets.computeIfAbsent(
                        budget + "/" + limit.name(), k -> new BudgetWindow(budget, limit));
        synchronized (w) {
            w.windowStart = windowStart;
            w.used = used;
        }
    }

    /** One window of a named budget, as the last request in this process saw it. */
    private final class BudgetWindow {
        final Limit limit;
        long windowStart;
        long used;

        BudgetWindow(String budget, Limit limit) {
            this.limit = limit;
            Gauge.builder("tributary.budget.remaining", this, BudgetWindow::remaining)
                    .description("Requests left in the current window of Tributary's own budget")
                    .tags("budget", budget, "window", limit.name())
                    .register(registry);
            Gauge.builder("tributary.budget.limit", limit, Limit::max)
                    .description("Requests Tributary's own budget allows per window")
                    .tags("budget", budget, "window", limit.name())
                    .register(registry);
        }

        synchronized double remaining() {
            return limit.windowStart(clock.instant().getEpochSecond()) == windowStart
                    ? Math.max(0, limit.max() - used)
                    : limit.max();
        }
    }

    /** The end of a sync (registered as a listener of the sync outcomes). */
    @Override
    public void finished(SyncOutcome outcome) {
        finished(outcome, false);
    }

    /**
     * A run's end; while other runs of its trigger go on, the live progress keeps counting the
     * trigger's pages and records from its first page.
     */
    @Override
    public void finished(SyncOutcome outcome, boolean triggerGoesOn) {
        State s = state(outcome.connector());
        if (!triggerGoesOn) {
            synchronized (s) {
                s.livePages = 0;
                s.liveRecords = 0;
            }
        }
        String result = outcome.outcome();
        Counter.builder("tributary.syncs")
                .description("Syncs by outcome")
                .tags("connector", outcome.connector(), "outcome", result)
                .register(registry)
                .increment();
        Timer.builder("tributary.sync.duration")
                .description("How long a sync took")
                .tags("connector", outcome.connector(), "outcome", result)
                .register(registry)
                .record(outcome.duration());
        if (outcome.success()) {
            s.consecutiveFailures.set(0);
            s.lastSuccessMillis.set(outcome.startedAt().plus(outcome.duration()).toEpochMilli());
        } else {
            s.consecutiveFailures.incrementAndGet();
        }
        Instant cursor = timeCursor(outcome.cursor());
        if (cursor != null) {
            s.cursorMillis.set(cursor.toEpochMilli());
        }
    }

    /** A sync in progress: pages and records so far, seconds since its first page. */
    public record Live(long pages, long records, double seconds) {}

    /** The sync of this connector in progress, if one has fetched a page. */
    public java.util.Optional<Live> live(String connector) {
        State s = state(connector);
        synchronized (s) {
            return s.livePages == 0
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(
                            new Live(
                                    s.livePages,
                                    s.liveRecords,
                                    (System.nanoTime() - s.liveStartNanos) / 1e9));
        }
    }

    public java.util.Set<String> connectors() {
        return new java.util.TreeSet<>(connectors.keySet());
    }

    /** Totals since start, for the status page and live progress. */
    public double total(String connector, String stage) {
        State s = state(connector);
        switch (stage) {
            case "read":
                return s.read.count();
            case "written":
                return s.written.count();
            case "dead_lettered":
                return s.deadLettered.count();
            case "pages":
                return s.pages.count();
            default:
                throw new IllegalArgumentException(stage);
        }
    }

    static Instant timeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(cursor).toInstant();
        } catch (DateTimeParseException e) {
            return null; // not a time cursor (an id, a page token): no lag to show
        }
    }

    private static Long number(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private State state(String connector) {
        return connectors.computeIfAbsent(connector, State::new);
    }

    private final class State {
        final String connector;
        final Counter pages;
        final Counter bytes;
        final Counter read;
        final Counter written;
        final Counter deadLettered;
        final Counter unchanged;
        final Counter retries;
        final Timer rateLimitWait;
        final AtomicLong lastSuccessMillis = new AtomicLong();
        final AtomicLong cursorMillis = new AtomicLong();
        final AtomicLong consecutiveFailures = new AtomicLong();
        final AtomicLong quotaRemaining = new AtomicLong();
        final AtomicLong quotaLimit = new AtomicLong();
        final AtomicLong quotaRegistered = new AtomicLong();
        long livePages;
        long liveRecords;
        long liveStartNanos;

        State(String connector) {
            this.connector = connector;
            pages =
                    Counter.builder("tributary.sync.pages")
                            .description("Pages fetched")
                            .tag("connector", connector)
                            .register(registry);
            bytes =
                    Counter.builder("tributary.sync.bytes")
                            .baseUnit("bytes")
                            .description("Response bytes fetched")
                            .tag("connector", connector)
                            .register(registry);
            read = records("read");
            written = records("written");
            deadLettered = records("dead_lettered");
            unchanged = records("unchanged");
            for (String kind :
                    new String[] {"out_of_order", "future"}) { // at 0, so increase() sees the first
                Counter.builder("tributary.cursor.anomalies")
                        .description(
                                "Records whose cursor value cannot move the cursor: "
                                        + "out of order in their page, or in the future")
                        .tag("connector", connector)
                        .tag("kind", kind)
                        .register(registry);
            }
            retries =
                    Counter.builder("tributary.retries")
                            .description("Retried requests and writes")
                            .tag("connector", connector)
                            .register(registry);
            rateLimitWait =
                    Timer.builder("tributary.rate.limit.wait")
                            .description("Time spent waiting for the source's rate limit")
                            .tag("connector", connector)
                            .register(registry);
            for (String outcome : new String[] {"success", "failed"}) {
                Counter.builder("tributary.syncs")
                        .description("Syncs by outcome")
                        .tags("connector", connector, "outcome", outcome)
                        .register(registry);
                Timer.builder("tributary.sync.duration")
                        .description("How long a sync took")
                        .tags("connector", connector, "outcome", outcome)
                        .register(registry);
            }
            for (ErrorType type : ErrorType.values()) {
                Counter.builder("tributary.errors")
                        .description("Failures met by syncs, by kind")
                        .tags("connector", connector, "type", type.tag())
                        .register(registry);
            }
            for (String statusClass : STATUS_CLASSES) {
                requests(statusClass);
            }
            for (String kind : io.tributary.sink.SourceDeletes.KINDS) {
                deleted(connector, kind);
            }
            Gauge.builder(
                            "tributary.sync.last.success.timestamp",
                            lastSuccessMillis,
                            m -> m.get() / 1000.0)
                    .baseUnit("seconds")
                    .description(
                            "When the last successful sync ended (Unix time; 0: none since start)")
                    .tag("connector", connector)
                    .register(registry);
            // the 0.1.0 name: kept one release so rules and dashboards can move to the new one
            Gauge.builder("tributary.sync.last.success", lastSuccessMillis, m -> m.get() / 1000.0)
                    .baseUnit("seconds")
                    .description(
                            "Deprecated, kept for one release after 0.1.0: use"
                                    + " tributary_sync_last_success_timestamp_seconds (the same value)")
                    .tag("connector", connector)
                    .register(registry);
            Gauge.builder(
                            "tributary.cursor.lag",
                            cursorMillis,
                            m -> m.get() == 0 ? Double.NaN : (clock.millis() - m.get()) / 1000.0)
                    .baseUnit("seconds")
                    .description("Now minus the committed cursor, for time cursors")
                    .tag("connector", connector)
                    .register(registry);
            Gauge.builder(
                            "tributary.sync.consecutive.failures",
                            consecutiveFailures,
                            AtomicLong::get)
                    .description("Syncs failed in a row")
                    .tag("connector", connector)
                    .register(registry);
        }

        Counter records(String stage) {
            return Counter.builder("tributary.sync.records")
                    .description("Records read, written and dead-lettered")
                    .tags("connector", connector, "stage", stage)
                    .register(registry);
        }

        Counter requests(String statusClass) {
            return Counter.builder("tributary.http.requests")
                    .description("HTTP requests by status class")
                    .tags("connector", connector, "status", statusClass)
                    .register(registry);
        }
    }
}
