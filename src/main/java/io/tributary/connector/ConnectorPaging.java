package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.config.ConnectorConfigException;
import io.tributary.config.Settings;
import io.tributary.http.ContinuePage;
import io.tributary.http.ErrorPolicy;
import io.tributary.http.OriginPolicy;
import io.tributary.http.PageRequest;
import io.tributary.http.ResponseClass;
import io.tributary.http.SourceResponseException;
import io.tributary.ratelimit.Budget;
import io.tributary.ratelimit.JdbcBudgetStore;
import io.tributary.ratelimit.RateLimiter;
import io.tributary.ratelimit.RateLimits;
import io.tributary.schema.Column;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.sink.PageBatch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a connector's request cycle beyond the page itself, kept out of {@link Connector} so
 * each stays readable: where a request may go (host rule, redirects, loop guard, page limit), how
 * failures are classified, the rate limiter, and the incremental details (descending order,
 * client-side filter, lookback, parent streams).
 *
 * <p>Parent -> child streams ({@link ParentSlices}): a route that calls the connector with header
 * {@value #PARENT_HEADER} set (e.g. a project id) runs one sync for that parent: {@code {parent}}
 * in the connector's {@code url} becomes the id, and the cursor is kept under {@code
 * <connector>/<parent>}.
 */
final class ConnectorPaging {
    /** One run's date windows: the window being read, whether its last page has arrived. */
    static final class Windows {
        OffsetDateTime start;
        OffsetDateTime end;
        boolean done;
        OffsetDateTime until; // where "now" was when the sync began
    }

    static final String PARENT_HEADER = "TributaryParent";
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    private static final int MAX_REDIRECTS = 5;

    private final String id;
    private final URI base;
    private final Column cursorColumn;
    private final OriginPolicy origin;
    private ErrorPolicy errorPolicy;
    private final Duration maxWait;
    private final Budget budget; // null: only the API's own limit headers count
    private Duration deadline;
    private RateLimiter limiter; // from open: the process's rate limits are a shared bean
    private final boolean descending;
    private java.util.function.Function<Object, String> cursorText;
    private final boolean clientFilter;
    private final Duration lookback;
    private final int maxPages;
    private boolean jsonBodies = true;
    private final SecretMasker masker;
    private Duration window;
    private String windowStartParam;
    private String windowEndParam;
    private Clock clock = Clock.systemUTC();

    ConnectorPaging(
            String id,
            URI base,
            CamelContext context,
            Column cursorColumn,
            boolean hasCursor,
            String allowedHosts,
            String errorPolicyText,
            String rateLimit,
            String order,
            String clientFilterText,
            String lookbackText,
            int maxPages,
            SecretMasker masker) {
        this.id = id;
        this.base = base;
        this.cursorColumn = cursorColumn;
        this.cursorText = v -> SchemaRecordMapper.formatText(cursorColumn, v);
        this.masker = masker;
        this.maxPages = maxPages;
        try {
            this.origin = new OriginPolicy(base, allowedHosts);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, "allowedHosts", allowedHosts, e.getMessage());
        }
        this.maxWait =
                Duration.ofSeconds(
                        new Settings(context).number("tributary.http.max-retry-after", 300));
        try {
            this.errorPolicy = ErrorPolicy.parse(errorPolicyText, maxWait);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, "errorPolicy", errorPolicyText, e.getMessage());
        }
        String o = order == null || order.isBlank() ? "ascending" : order.trim();
        if (!o.equals("ascending") && !o.equals("descending") && !o.equals("unordered")) {
            throw new ConnectorConfigException(
                    id, "order", order, "must be ascending, descending or unordered");
        }
        this.descending = o.equals("descending");
        String f =
                clientFilterText == null || clientFilterText.isBlank()
                        ? "false"
                        : clientFilterText.trim();
        if (!f.equals("true") && !f.equals("false")) {
            throw new ConnectorConfigException(
                    id, "clientFilter", clientFilterText, "must be true or false");
        }
        this.clientFilter = f.equals("true");
        // what order, clientFilter, lookback and window need of the cursorField:
        // ConnectorParameters.RULES
        if (lookbackText != null && !lookbackText.isBlank()) {
            try {
                this.lookback = Duration.parse(lookbackText.trim());
            } catch (DateTimeParseException e) {
                throw new ConnectorConfigException(
                        id, "lookback", lookbackText, "must be an ISO-8601 duration such as PT10M");
            }
        } else {
            this.lookback = null;
        }
        Budget named = null;
        if (rateLimit != null && !rateLimit.isBlank()) {
            try {
                named = RateLimits.budget(context, rateLimit.trim(), maxWait);
            } catch (IllegalArgumentException e) {
                throw new ConnectorConfigException(id, "rateLimit", rateLimit, e.getMessage());
            }
        }
        this.budget = named;
    }

    /**
     * After every check: the connector's limiter on the process's rate limits (bound here when no
     * one has yet) and its {@link io.tributary.http.CallPolicy}, which the HTTP client looks up.
     */
    void open(CamelContext context) {
        RateLimits limits =
                context.getRegistry().lookupByNameAndType(RateLimits.BEAN, RateLimits.class);
        if (limits == null) {
            DataSource ds =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryDataSource", DataSource.class);
            limits =
                    new RateLimits(
                            new JdbcBudgetStore(ds), Clock.systemUTC(), RateLimits.Sleeper.REAL);
            context.getRegistry().bind(RateLimits.BEAN, limits);
        }
        limiter = limits.limiter(id, budget, maxWait);
        io.tributary.http.CallPolicy.bind(
                context,
                id,
                new io.tributary.http.CallPolicy(errorPolicy, deadline, jsonBodies, masker));
    }

    /**
     * A GraphQL source ({@code pagination: graphql}): a 2xx with an {@code errors} array is
     * classified too, after the connector's own rules (throttled: rate-limited; else fail).
     */
    void graphqlErrors() {
        errorPolicy = errorPolicy.withGraphqlErrors();
    }

    ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /**
     * The overall deadline of one request, {@code requestDeadline} or the setting {@code
     * tributary.http.request-deadline}: with the error policy (for rules on 2xx bodies), what the
     * HTTP client applies to this connector's calls once {@link #open} binds it.
     */
    /**
     * Whether the connector reads its bodies as JSON ({@code format} json or auto): only then does
     * the call check that an application/json body is one whole JSON value.
     */
    void jsonBodies(boolean json) {
        jsonBodies = json;
    }

    void deadline(CamelContext context, String requestDeadline) {
        if (requestDeadline == null || requestDeadline.isBlank()) {
            deadline = io.tributary.http.HttpClientSetup.defaultDeadline(context);
        } else {
            try {
                deadline = Duration.parse(requestDeadline.trim());
            } catch (DateTimeParseException e) {
                throw new ConnectorConfigException(
                        id,
                        "requestDeadline",
                        requestDeadline,
                        "must be an ISO-8601 duration such as PT2M");
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new ConnectorConfigException(
                        id, "requestDeadline", requestDeadline, "must be longer than zero");
            }
        }
    }

    RateLimiter limiter() {
        return limiter;
    }

    boolean descending() {
        return descending;
    }

    boolean filtersClientSide() {
        return clientFilter;
    }

    /** Whether requests ask for date windows, which start at the committed cursor. */
    boolean windowed() {
        return window != null;
    }

    // ---- parent -> child ----

    String parentOf(Exchange exchange) {
        String parent = exchange.getMessage().getHeader(PARENT_HEADER, String.class);
        return parent == null || parent.isBlank() ? null : parent.trim();
    }

    /**
     * A child stream's url when it has no placeholder (a parent named by header only): the
     * connector's own.
     */
    URI baseUrl(String parent) {
        return parent == null ? null : base;
    }

    // ---- date-window slicing ----

    /**
     * Backfills in date windows: each request asks for one window ({@code windowStartParam} to
     * {@code windowEndParam}, e.g. one day), all of a window's pages are read, then the cursor
     * moves to the window's end in its own commit (a checkpoint) and the next window starts, up to
     * now.
     */
    /**
     * How a computed bound (a window's edge, the cursor less the lookback) is written for the
     * source.
     */
    void cursorText(java.util.function.Function<Object, String> text) {
        if (text != null) {
            cursorText = text;
        }
    }

    void windows(
            String windowText,
            String startParam,
            String endParam,
            boolean cursorParam,
            String cursorStart) {
        if (windowText == null || windowText.isBlank()) {
            return;
        }
        try {
            window = Duration.parse(windowText.trim());
        } catch (DateTimeParseException e) {
            throw new ConnectorConfigException(
                    id, "window", windowText, "must be an ISO-8601 duration such as P1D or PT6H");
        }
        if (window.isNegative() || window.isZero()) {
            throw new ConnectorConfigException(
                    id, "window", windowText, "must be longer than zero");
        }
        // its needs (a timestamp cursorField, both window parameters, cursorStart, no cursorParam):
        // ConnectorParameters.RULES
        windowStartParam = startParam;
        windowEndParam = endParam;
    }

    void addWindow(SyncRun run, PageRequest request) {
        if (window != null && request.url() == null) {
            // either parameter may be left to the request template ({windowStart}, {windowEnd})
            if (windowStartParam != null && !windowStartParam.isBlank()) {
                request.queryParam(windowStartParam, cursorText.apply(run.windows.start));
            }
            if (windowEndParam != null && !windowEndParam.isBlank()) {
                request.queryParam(windowEndParam, cursorText.apply(run.windows.end));
            }
        }
    }

    /**
     * After a page: when a window's last page arrived and windows remain, the loop goes on to the
     * next one.
     */
    boolean windowEnded(SyncRun run, boolean more) {
        if (window == null || more) {
            return more;
        }
        run.windows.done = true;
        return run.windows.end.isBefore(run.windows.until);
    }

    /**
     * After a page's commit: when its window is complete, the cursor moves to the window's end and
     * the next window begins.
     */
    void checkpointWindow(SyncRun run, io.tributary.sink.Sink sink, Exchange exchange) {
        Windows w = run.windows;
        if (window == null || !w.done) {
            return;
        }
        w.done = false;
        if (run.window != null) {
            WindowPlan.checkpoint(run, sink, cursorColumn); // one of several windows at once
            return;
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> end = (Comparable<Object>) (Comparable<?>) w.end;
        CursorAdvance.Progress at = run.cursor;
        if (at.value == null || end.compareTo(at.value) > 0) {
            String cursor = SchemaRecordMapper.formatText(cursorColumn, w.end);
            io.tributary.state.CursorState state =
                    new io.tributary.state.CursorState(cursor, null, at.frontier.encode(), true);
            PageBatch checkpoint = new PageBatch().onCommitted(() -> run.committed(0, 0, cursor));
            sink.write(run.target.stream(), checkpoint, state);
            at.movedTo(end, cursor, null);
        }
        nextWindow(w, w.end);
        run.restartPages();
    }

    /**
     * With {@code concurrency} above 1: this sync's date windows, from {@code from} (the stored
     * cursor, else {@code cursorStart}; less the lookback) to now, for the split to read at once.
     */
    WindowPlan plan(Object from, String fromText) {
        Object start = from;
        if (lookback != null && from instanceof OffsetDateTime t) {
            start = t.minus(lookback);
        }
        OffsetDateTime until =
                OffsetDateTime.ofInstant(
                        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        java.time.ZoneOffset.UTC);
        return new WindowPlan(
                ((OffsetDateTime) start).withOffsetSameInstant(java.time.ZoneOffset.UTC),
                until,
                window,
                fromText);
    }

    private void nextWindow(Windows w, OffsetDateTime start) {
        OffsetDateTime now = w.until;
        OffsetDateTime end = start.plus(window);
        w.start = start;
        w.end = end.isAfter(now) ? (start.isAfter(now) ? start : now) : end;
    }

    // ---- a run's start: lookback ----

    void start(SyncRun run) {
        CursorAdvance.Progress at = run.cursor;
        at.requestText = at.canonical;
        at.requestValue = at.value;
        Object committed = at.value;
        if (lookback != null && committed instanceof OffsetDateTime t) {
            @SuppressWarnings("unchecked")
            Comparable<Object> earlier = (Comparable<Object>) (Comparable<?>) t.minus(lookback);
            at.requestValue = earlier;
            at.requestText = cursorText.apply(earlier);
        }
        if (window != null) {
            run.windows.until =
                    OffsetDateTime.ofInstant(
                            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            java.time.ZoneOffset.UTC);
            Object from = at.requestValue;
            nextWindow(
                    run.windows,
                    ((OffsetDateTime) from).withOffsetSameInstant(java.time.ZoneOffset.UTC));
        }
    }

    // ---- where a request may go ----

    /**
     * The loop guard: the same request twice in one page sequence means the source sent the same
     * next link or token twice.
     */
    void guardAgainstLoops(SyncRun run, PageRequest request) {
        if (!run.requests.requestsSent.add(request.signature())) {
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': "
                                    + run.position()
                                    + " would send the same "
                                    + "request as an earlier page ("
                                    + request.signature()
                                    + "): the source returned the same next page link "
                                    + "or token twice; stopping instead of looping"));
        }
    }

    /**
     * Refuses a request to another scheme, host or port than the connector's url, unless
     * allowedHosts lists it.
     */
    URI checkHost(SyncRun run, PageRequest request) {
        URI target;
        if (request.url() != null) {
            try {
                target = new URI(request.url());
            } catch (java.net.URISyntaxException e) {
                throw new SourceResponseException(
                        masker.mask(
                                "connector '"
                                        + id
                                        + "': "
                                        + run.position()
                                        + ": the next page's URL is not valid: "
                                        + request.url()));
            }
        } else {
            target = run.target.baseUrl() != null ? run.target.baseUrl() : base;
        }
        if (!origin.allows(target)) {
            throw new SourceResponseException(
                    masker.mask(
                            "connector '"
                                    + id
                                    + "': "
                                    + run.position()
                                    + ": the source sent us to "
                                    + target.getScheme()
                                    + "://"
                                    + target.getAuthority()
                                    + " but url is on "
                                    + base.getScheme()
                                    + "://"
                                    + base.getAuthority()
                                    + "; the request was not sent, so the credentials stay with their host. "
                                    + "If that host belongs to the same API, list it in allowedHosts"));
        }
        return target;
    }

    /**
     * Points camel-http at the request's URL (CamelHttpUri) when it is not the endpoint's own, and
     * sets a POST body.
     */
    void target(SyncRun run, Message message, PageRequest request, URI target) {
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        message.removeHeader(Exchange.HTTP_URI);
        message.removeHeader(Exchange.HTTP_PATH);
        // the url's path with its placeholders filled, for this request (RequestTemplate)
        String path =
                request.url() == null && request.endpoint() != null
                        ? URI.create(request.endpoint()).getRawPath()
                        : target.getRawPath();
        path = path == null ? "" : path;
        if (request.url() != null || run.target.baseUrl() != null || request.endpoint() != null) {
            String raw =
                    request.url() != null
                            ? target.getRawQuery()
                            : null; // a child's url query is in the request already
            String joined =
                    raw == null || raw.isEmpty()
                            ? query
                            : query == null || query.isEmpty() ? raw : raw + "&" + query;
            String noQuery = target.getScheme() + "://" + target.getRawAuthority() + path;
            message.setHeader(Exchange.HTTP_URI, noQuery);
            message.setHeader(Exchange.HTTP_QUERY, joined == null ? "" : joined);
            run.requests.requestUrl =
                    URI.create(noQuery + (joined == null || joined.isEmpty() ? "" : "?" + joined));
        } else {
            run.requests.requestUrl =
                    URI.create(
                            target.getScheme()
                                    + "://"
                                    + target.getRawAuthority()
                                    + path
                                    + (query == null || query.isEmpty() ? "" : "?" + query));
        }
        if ("POST".equals(request.method())) {
            message.setHeader(Exchange.HTTP_METHOD, "POST");
            message.setHeader(Exchange.CONTENT_TYPE, request.contentType());
            message.setBody(request.body());
        }
    }

    /**
     * After a call the error policy let through (ignore, redirect): sets up what follows; true when
     * there is no page to read.
     */
    boolean continued(Exchange exchange, SyncRun run) {
        ContinuePage.Continued c =
                exchange.getProperty(ContinuePage.PROPERTY, ContinuePage.Continued.class);
        if (c == null) {
            run.requests.redirects = 0;
            return false;
        }
        exchange.removeProperty(ContinuePage.PROPERTY);
        exchange.getMessage()
                .setBody(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
        if (c.responseClass() == ResponseClass.IGNORE) {
            LOG.warn(
                    "connector={} {}: HTTP {} ignored as errorPolicy says; this stream ends here",
                    id,
                    run.position(),
                    c.status());
            exchange.setProperty(SyncRun.MORE, Boolean.FALSE);
            return true;
        }
        if (c.location() == null || c.location().isBlank()) {
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': "
                            + run.position()
                            + ": HTTP "
                            + c.status()
                            + " redirect without a Location header");
        }
        if (++run.requests.redirects > MAX_REDIRECTS) {
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': "
                            + run.position()
                            + ": more than "
                            + MAX_REDIRECTS
                            + " redirects in a row");
        }
        URI from = run.requests.requestUrl != null ? run.requests.requestUrl : base;
        run.requests.redirectTo = from.resolve(c.location().trim()).toString();
        LOG.info("connector={} {}: HTTP {} redirect followed", id, run.position(), c.status());
        exchange.setProperty(SyncRun.MORE, Boolean.TRUE);
        return true;
    }

    void observe(Map<String, Object> headers) {
        limiter.observe(headers);
    }

    /** A wait the source's last answer asked for, paid by the next request's quota step. */
    void hold(io.tributary.paging.Pagination.Hold hold) {
        if (hold != null) {
            limiter.holdFor(hold.delay(), hold.reason());
        }
    }

    /**
     * Before another request: a sync that has read maxPages pages and still has more stops here.
     */
    void checkPageLimit(SyncRun run) {
        if (maxPages > 0 && run.reads.pages >= maxPages) {
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': stopped after maxPages="
                            + maxPages
                            + " pages with more "
                            + "to come; raise maxPages if the source really holds that much, or check its paging parameters");
        }
    }

    // ---- incremental details ----

    /**
     * Drops rows below the cursor the requests asked from; true when a page holds older rows (then,
     * newest first, the rest is older).
     */
    boolean dropOlderThanCursor(SyncRun run, PageBatch batch, int cursorIndex) {
        Comparable<Object> from = run.cursor.requestValue;
        if (from == null) {
            return false;
        }
        boolean older =
                batch.removeRowsIf(
                        (row, source) -> {
                            @SuppressWarnings("unchecked")
                            Comparable<Object> c = (Comparable<Object>) row[cursorIndex];
                            return c != null && c.compareTo(from) < 0;
                        });
        return older && descending;
    }
}
