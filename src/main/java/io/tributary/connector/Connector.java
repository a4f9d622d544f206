package io.tributary.connector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.auth.AuthSettings;
import io.tributary.auth.Authenticator;
import io.tributary.auth.Authenticators;
import io.tributary.auth.SecretMasker;
import io.tributary.config.ConnectorConfigException;
import io.tributary.http.PageRequest;
import io.tributary.http.SourceResponseException;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.paging.PageResponse;
import io.tributary.paging.Pagination;
import io.tributary.paging.Paginations;
import io.tributary.schema.Column;
import io.tributary.schema.RecordMapper;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sink.DeadLetter;
import io.tributary.sink.JdbcUpsertSink;
import io.tributary.sink.PageBatch;
import io.tributary.sink.Sink;
import io.tributary.state.JdbcCursorStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST-to-JDBC connector: its settings, and the steps a connector route calls in order.
 *
 * <pre>
 * trigger -> startRun -> loop while more pages:
 *     prepareRequest -> camel-http call -> readPage -> mapPage (or: split records -> mapRecord) -> commitPage
 *   -> finishRun
 * </pre>
 *
 * Most connectors never name this class: the {@code http-to-jdbc} route template builds one from its
 * parameters. A route spelled out in full declares it as a bean and calls the steps, e.g. in XML:
 *
 * <pre>
 * &lt;bean name="stations" type="io.tributary.connector.Connector"&gt;
 *   &lt;properties&gt;
 *     &lt;property key="id" value="weather-stations"/&gt;
 *     &lt;property key="url" value="{{weather.base-url}}/v1/stations"/&gt;
 *     &lt;property key="auth" value="api-key-header"/&gt; ...
 * &lt;to uri="bean:stations?method=startRun"/&gt;
 * </pre>
 *
 * Lifecycle contract: {@link #init} validates every setting and prepares the tables once, at start-up.
 * Each request asks the source for records at or after the committed cursor; each page's rows, dead
 * letters and the new cursor commit in one transaction in {@link #commitPage}, after which paging
 * starts again from the new cursor; a failed run leaves the cursor at the last committed page. With
 * {@code order: descending} the rows still commit page by page but the cursor only in {@link #finishRun};
 * with date windows each finished window commits its end. Requests go only to the {@code url}'s own
 * host (or {@code allowedHosts}), and each spends quota from the connector's rate limiter first
 * (see {@link ConnectorPaging}).
 */
public class Connector {
    private static final Logger SYNC_LOG = LoggerFactory.getLogger("io.tributary.sync");
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    static final ObjectMapper JSON = io.tributary.schema.SourceJson.mapper(); // money and readings keep every digit, trailing zeros too

    // settings, as named in the route template's parameters
    private String id;
    private String url;
    private final AuthSettings authSettings = new AuthSettings();
    private String pagination = "page-number";
    private String pageParam = "page";
    private String pageSizeParam = "page_size";
    private String pageSize = "100";
    private String firstPage = "1";
    private String totalPagesPath;
    private String recordsPath;
    private String cursorParam;
    private String cursorStart;
    private String schema;
    private String table;
    private DataSource dataSource;
    private JdbcCursorStore cursorStore;
    private SyncOutcomes outcomes;
    private io.tributary.metrics.ConnectorMetrics metrics;
    // pagination styles beyond page numbers, limits, error policy, rate limit, incremental details
    private String offsetParam = "offset";
    private String totalPath;
    private String nextPath;
    private String tokenParam;
    private String hasMorePath;
    private String endFlagPath;
    private String idPath = "/id";
    private String requestBody;
    private String maxPages = "10000";
    private String allowedHosts;
    private String errorPolicy;
    private String requestDeadline;
    private String rateLimit;
    private String order = "ascending";
    private String clientFilter = "false";
    private String lookback;
    private String window;
    private String windowStartParam;
    private String windowEndParam;
    // target schema, transforms, write modes and sinks (io.tributary.sink.Sinks, io.tributary.schema.SchemaDrift)
    private String sinkKind = "jdbc";
    private String writeMode = "upsert";
    private String directory = "data";
    private String partition = "none";
    private String drift = "off";
    // how the cursor moves and goes back to the source (CursorAdvance)
    private String cursorInclusive = "true";
    private String cursorFormat = "source";
    private String cursorFutureTolerance = "PT1H";
    private String outOfOrderLimit = "5%";

    // built by init
    private volatile boolean ready;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
    private Authenticator authenticator;
    private Pagination paging;
    private int pageSizeValue;
    private JsonPointer records;
    private volatile TargetSchema targetSchema;
    private volatile RecordMapper mapper;
    private Sink sink;
    private SecretMasker masker = new SecretMasker(java.util.List.of());
    private int cursorIndex = -1;
    private Column cursorColumn;
    private String staticQuery;
    private ConnectorPaging extras;
    private CursorAdvance advance; // null without a cursorField
    private io.tributary.schema.SchemaDrift schemaDrift; // null when drift is off
    private CamelContext context;

    /** Validates the settings and prepares tables; safe to call more than once. */
    public synchronized Connector init(CamelContext context) {
        if (ready) {
            return this;
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a connector needs an 'id' (the route id it runs in)");
        }
        require("url", url);
        require("recordsPath", recordsPath);
        require("schema", schema);
        require("table", table);
        try {
            SqlIdentifiers.validate(table);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, "table", table, e.getMessage());
        }
        URI uri;
        try {
            uri = new URI(url.replace(ConnectorPaging.PARENT_PLACEHOLDER, "parent")); // a child stream's url names its parent
        } catch (URISyntaxException e) {
            throw new ConnectorConfigException(id, "url", url, "is not a valid URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConnectorConfigException(id, "url", url, "must be an absolute http:// or https:// URL");
        }
        staticQuery = uri.getRawQuery();
        records = pointer("recordsPath", recordsPath);
        if (authenticator == null) {
            authenticator = Authenticators.create(id, authSettings, context);
        }
        masker = SecretMasker.following(authenticator); // learns tokens obtained at run time
        int size = positive("pageSize", pageSize);
        pageSizeValue = size;
        int first = nonNegative("firstPage", firstPage);
        if (totalPagesPath != null && !totalPagesPath.isBlank()) {
            pointer("totalPagesPath", totalPagesPath);
        }
        for (String[] p : new String[][] {{"totalPath", totalPath}, {"nextPath", nextPath}, {"hasMorePath", hasMorePath},
                {"endFlagPath", endFlagPath}, {"idPath", idPath}}) {
            if (p[1] != null && !p[1].isBlank()) {
                pointer(p[0], p[1]);
            }
        }
        paging = Paginations.create(id, pagination, new io.tributary.paging.PagingSettings(pageParam, pageSizeParam, size, first,
                totalPagesPath, offsetParam, totalPath, pointerText(nextPath), tokenParam, pointerText(hasMorePath),
                pointerText(endFlagPath), pointerText(idPath), requestBody));
        try {
            targetSchema = TargetSchema.load(Path.of(schema));
        } catch (SchemaException e) {
            throw new ConnectorConfigException(id, "schema", schema, e.getMessage());
        }
        this.context = context;
        try {
            mapper = new SchemaRecordMapper(targetSchema, context); // computed columns and filter compiled once
        } catch (SchemaException e) {
            throw new ConnectorConfigException(id, "schema", schema, e.getMessage());
        }
        io.tributary.sink.Sinks.validate(id, sinkKind, writeMode, partition);
        io.tributary.schema.SchemaDrift.Policy driftPolicy = io.tributary.schema.SchemaDrift.Policy.parse(drift);
        if (driftPolicy == null) {
            throw new ConnectorConfigException(id, "drift", drift, "must be off, evolve, freeze or quarantine");
        }
        if (driftPolicy == io.tributary.schema.SchemaDrift.Policy.EVOLVE && sinkKind.equals("csv")) {
            throw new ConnectorConfigException(id, "drift", drift, "cannot add columns to a csv file; use jsonl, jdbc, or freeze/quarantine");
        }
        if (targetSchema.cursorField() != null) {
            cursorIndex = targetSchema.indexOf(targetSchema.cursorField());
            Column c = targetSchema.columns().get(cursorIndex);
            cursorColumn = new Column(c.name(), c.type(), c.path(), true, c.format(), null, null, c.zone(), c.scale());
        }
        if (cursorStart != null && !cursorStart.isBlank()) {
            if (cursorIndex < 0) {
                throw new ConnectorConfigException(id, "cursorStart", cursorStart, "needs a cursorField in " + schema);
            }
            parseCursor("cursorStart", cursorStart);
        }
        if (cursorParam != null && !cursorParam.isBlank() && cursorIndex < 0) {
            throw new ConnectorConfigException(id, "cursorParam", cursorParam, "needs a cursorField in " + schema);
        }
        if (dataSource == null) {
            dataSource = context.getRegistry().lookupByNameAndType("tributaryDataSource", DataSource.class);
        }
        if (cursorStore == null) {
            cursorStore = context.getRegistry().lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        }
        if (outcomes == null) {
            outcomes = context.getRegistry().lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        }
        if (dataSource == null || cursorStore == null || outcomes == null) {
            throw new IllegalStateException("connector '" + id + "': the Tributary beans (tributaryDataSource, "
                    + "tributaryCursorStore, tributarySyncOutcomes) are not bound; start it through io.tributary.Tributary");
        }
        metrics = io.tributary.metrics.ConnectorMetrics.of(context);
        try {
            sink = io.tributary.sink.PreviewSink.of(context) // preview, check: write nothing, report schema changes
                    .map(p -> io.tributary.sink.Sinks.preview(p, id, sinkKind, writeMode, dataSource, targetSchema, table))
                    .orElseGet(() -> io.tributary.sink.Sinks.create(id, sinkKind, writeMode, directory, partition,
                            dataSource, cursorStore, targetSchema, table));
        } catch (ConnectorConfigException e) {
            throw e; // a schema change the table cannot take: named already, no database trouble
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (!"jdbc".equals(sinkKind) && e instanceof java.io.UncheckedIOException) {
                // a file sink's folder, not the database, is what failed
                throw new ConnectorConfigException(id, "directory", directory, "the " + sinkKind + " sink cannot create or write its folder: "
                        + e.getMessage());
            }
            throw new IllegalStateException("connector '" + id + "': cannot prepare table '" + table
                    + "' in the target database (tributary.db.url): " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : ""), e);
        }
        if (driftPolicy != io.tributary.schema.SchemaDrift.Policy.OFF) {
            schemaDrift = new io.tributary.schema.SchemaDrift(id, targetSchema, driftPolicy, new DriftReport());
        }
        if (cursorIndex >= 0) {
            advance = new CursorAdvance(id, cursorColumn, cursorIndex, order, cursorInclusive, cursorFutureTolerance,
                    outOfOrderLimit, cursorFormat);
            io.tributary.sink.WriteMode mode = io.tributary.sink.WriteMode.parse(writeMode);
            if (mode == io.tributary.sink.WriteMode.APPEND && advance.commitsAtEnd()) {
                throw new ConnectorConfigException(id, "writeMode", writeMode, "cannot be used with order '" + order.trim()
                        + "': the cursor then moves only when a whole sync is in, so a crash mid-sync would append every "
                        + "row written before it again; use upsert (with a primaryKey) or replace");
            }
            if (mode == io.tributary.sink.WriteMode.APPEND && lookback != null && !lookback.isBlank()) {
                throw new ConnectorConfigException(id, "lookback", lookback, "re-reads records already written, which "
                        + "writeMode append would write twice; use upsert (with a primaryKey)");
            }
        }
        extras = new ConnectorPaging(id, uri, context, cursorColumn, cursorIndex >= 0, allowedHosts, errorPolicy, rateLimit,
                order, clientFilter, lookback, nonNegative("maxPages", maxPages), masker);
        extras.cursorText(advance == null ? null : advance::computedText);
        extras.windows(window, windowStartParam, windowEndParam, filtersByCursor(), cursorStart);
        extras.callPolicy(context, requestDeadline);
        outcomes.register(id);
        context.getRegistry().bind("tributaryConnector:" + id, this); // found by tributary check
        ready = true;
        return this;
    }

    // ---- the steps a route calls ----

    /**
     * First step of a run: reads the cursor and starts the page sequence. A trigger that fires while
     * the previous run of this connector is still going (a slow source under a short cron) is skipped
     * with a warning: two runs would fetch the same pages and spend quota twice.
     */
    public void startRun(Exchange exchange) {
        init(exchange.getContext());
        if (!running.compareAndSet(false, true)) {
            LOG.warn("connector={} is still running its previous sync; this trigger is skipped", id);
            exchange.setRouteStop(true);
            return;
        }
        try {
            String parent = extras.parentOf(exchange);
            String key = parent == null ? id : id + "/" + parent; // a child stream keeps one cursor per parent
            // a full refresh reads everything again: it starts where the very first sync did
            boolean fullRefresh = io.tributary.sink.WriteMode.parse(writeMode) == io.tributary.sink.WriteMode.REPLACE;
            io.tributary.state.CursorState stored = cursorIndex < 0 || fullRefresh ? null : cursorStore.loadState(key).orElse(null);
            String cursor = stored != null && stored.value() != null ? stored.value() : cursorIndex < 0 ? null : blankToNull(cursorStart);
            SyncRun run = new SyncRun(this, cursor, cursor == null ? null : parseCursor("cursor", cursor), paging.begin());
            if (stored != null) {
                run.cursorSourceText = stored.value() == null ? null : stored.sourceText();
                run.frontier = io.tributary.state.Frontier.decode(stored.frontier());
                run.storedFrontier = run.frontier.copy();
            }
            run.cursorCanonical = cursor;
            run.cursorKey = key;
            run.parent = parent;
            run.baseUrl = extras.baseUrl(url, parent);
            extras.start(run);
            if (run.cursorValue != null && advance != null && run.requestCursor != null && run.requestCursor.equals(cursor)) {
                run.requestCursor = advance.requestText(cursor, run.cursorSourceText, run.cursorValue); // no lookback applied
            }
            sink.startSync(key); // a full refresh prepares its staging table, a file sink its files
            exchange.setProperty(SyncRun.PROPERTY, run);
            exchange.setProperty(SyncRun.MORE, Boolean.TRUE);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        String routeId = org.apache.camel.support.ExchangeHelper.getRouteId(exchange); // the route running this step (a driver route may call it via direct:)
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        if (routeId != null && !routeId.equals(id)) {
            // fails this run through the error policy, recorded under the connector's id
            throw new ConnectorConfigException(id, "id", id, "must equal the id of the route that runs it ('" + routeId + "')");
        }
    }

    /** Sets the query (static part of the URL, paging, cursor, credentials) and headers of the next call. */
    public void prepareRequest(Exchange exchange) {
        SyncRun run = run(exchange);
        if (run.pendingRequest != null) {
            // this step is being retried (the quota store or the token endpoint failed): the same page
            // again, not a repeated next link; its quota is paid once
            if (!run.pendingPaid) {
                acquireQuota();
                run.pendingPaid = true;
            }
            finishRequest(exchange, run);
            return;
        }
        String redirect = run.redirectTo;
        run.redirectTo = null;
        PageRequest request = redirect != null ? new PageRequest().url(redirect) : staticQuery(); // a 3xx's Location, followed as is
        if (redirect == null) {
            extras.checkPageLimit(run);
            run.requested = run.pager.position();
            run.pager.applyTo(request);
            if (request.url() != null) {
                request.clearQuery(); // a next URL already carries the url's own query, and any filter
            }
            if (run.requestCursor != null && filtersByCursor() && request.url() == null) {
                // the committed cursor (see Pager.restart), less the lookback on a run's first requests;
                // a next URL from the source already carries the filter
                request.queryParam(cursorParam, run.requestCursor);
            }
            extras.addWindow(run, request);
            extras.guardAgainstLoops(run, request);
        }
        run.pendingTarget = extras.checkHost(run, request); // before credentials: they stay with their host
        run.pendingRequest = request;
        run.pendingPaid = false;
        acquireQuota();
        run.pendingPaid = true;
        finishRequest(exchange, run);
    }

    private void finishRequest(Exchange exchange, SyncRun run) {
        PageRequest request = run.pendingRequest;
        URI target = run.pendingTarget;
        authenticator.authenticate(request);
        run.pendingRequest = null;
        exchange.setProperty(Authenticator.PROPERTY, authenticator); // for a 401 under a token scheme
        var message = exchange.getMessage();
        message.setBody(null);
        // a fresh retry budget and delay for every page, whatever the route removed before this step
        message.removeHeaders("CamelRedelivery*");
        message.removeHeader(Exchange.REDELIVERED);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_QUERY, request.encodedQuery());
        message.setHeader("Accept", "application/json");
        message.setHeader(io.tributary.http.CallPolicy.HEADER, id); // the HTTP client's deadline and 2xx rules; not sent
        request.headers().forEach(message::setHeader);
        extras.target(run, message, request, target);
    }

    /**
     * The first page's request with its credentials and the cursor a sync would send (the stored one,
     * else {@code cursorStart}): what {@code tributary check} sends once to see that the source accepts
     * the connector's authentication and the cursor's format. Its query holds the url's own query too.
     */
    public PageRequest firstRequest() {
        PageRequest request = staticQuery();
        paging.begin().applyTo(request);
        if (filtersByCursor() && advance != null) {
            // what the next sync would send: the stored cursor in the source's own text (or cursorFormat), else cursorStart
            io.tributary.state.CursorState stored = cursorStore.loadState(id).filter(st -> st.value() != null).orElse(null);
            String start = blankToNull(cursorStart);
            String cursor = stored != null
                    ? advance.requestText(stored.value(), stored.sourceText(), parseCursor("cursor", stored.value()))
                    : start == null ? null : advance.requestText(start, null, parseCursor("cursorStart", start));
            if (cursor != null) {
                request.queryParam(cursorParam, cursor);
            }
        }
        acquireQuota(); // a check's request counts against the API's budget like any other
        authenticator.authenticate(request);
        return request;
    }

    /** The endpoint URL without the query the steps add. */
    public String getUrl() {
        return url;
    }

    /** The records array of a page at {@code recordsPath}, or null when there is none (for check). */
    public JsonNode recordsIn(JsonNode body) {
        JsonNode page = body == null ? null : body.at(records);
        return page != null && page.isArray() ? page : null;
    }

    public String getRecordsPath() {
        return recordsPath;
    }

    /** The connector's target schema (its columns, paths, required flags), for check. */
    public TargetSchema targetSchema() {
        return targetSchema;
    }

    private PageRequest staticQuery() {
        PageRequest request = new PageRequest();
        if (staticQuery != null) {
            for (String pair : staticQuery.split("&")) {
                int eq = pair.indexOf('=');
                request.queryParam(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return request;
    }

    /** Parses the response, hands its records to the split and decides whether another page follows. */
    public void readPage(Exchange exchange) {
        SyncRun run = run(exchange);
        if (extras.continued(exchange, run)) {
            return; // an ignored response or a redirect: no page to read
        }
        extras.observe(exchange.getMessage().getHeaders());
        JsonNode body;
        long bytes;
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        java.nio.charset.Charset charset;
        try {
            charset = io.tributary.http.DeclaredCharset.of(contentType).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new SourceResponseException(masker.mask("connector '" + id + "': the response to " + run.position()
                    + " declares charset '" + io.tributary.http.DeclaredCharset.nameIn(contentType)
                    + "', which this JVM does not know; not retried: the source must declare a charset such as utf-8"));
        }
        try (var in = new io.tributary.metrics.CountingInputStream(exchange.getMessage().getMandatoryBody(InputStream.class))) {
            // Jackson detects UTF-8/16/32 itself; any other declared charset (iso-8859-1...) is decoded as declared
            body = charset == null || io.tributary.http.DeclaredCharset.detectedByJackson(charset) ? JSON.readTree(in)
                    : JSON.readTree(new java.io.InputStreamReader(in, charset.newDecoder()));
            bytes = in.getCount();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SourceResponseException(masker.mask("connector '" + id + "': the response to " + run.position()
                    + " is not valid " + charset.name() + " text, as its Content-Type declares"));
        } catch (IOException | org.apache.camel.InvalidPayloadException e) {
            throw new SourceResponseException(masker.mask("connector '" + id + "': the response to " + run.position()
                    + " is not valid JSON: " + e.getMessage()));
        }
        JsonNode page = body == null ? null : body.at(records);
        if (page == null || !page.isArray()) {
            String text = body == null ? "" : body.toString();
            throw new SourceResponseException(masker.mask("connector '" + id + "': the response to " + run.position()
                    + " has no array at recordsPath '" + recordsPath + "'; it starts with: "
                    + text.substring(0, Math.min(200, text.length()))));
        }
        if (page.size() > 0 && page.equals(run.previousPage)) {
            // a source that ignores the page parameter would otherwise be paged forever
            throw new SourceResponseException("connector '" + id + "': " + run.position() + " returned the same "
                    + page.size() + " records as the page before; does the source ignore pageParam '" + pageParam + "'?");
        }
        run.previousPage = page;
        run.pages++;
        run.recordsRead += page.size();
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        metrics.pageFetched(id, bytes, page.size(), headers);
        boolean more = run.pager.advance(new PageResponse(body, headers, page.size(), page, run.requestUrl));
        if (!more && page.size() >= pageSizeValue && run.pager.unconfirmedEnd() != null) {
            // a full last page that the source did not call the last: likely a partial sync that says success
            SYNC_LOG.warn("sync connector={} warning=suspect_end pagination={} {} held {} records, a full page (pageSize={}), "
                    + "but paging stopped: {}; the sync may have left records behind", id, pagination, run.position(),
                    page.size(), pageSizeValue, run.pager.unconfirmedEnd());
            metrics.suspectEnd(id, pagination);
        }
        more = extras.windowEnded(run, more);
        exchange.setProperty(SyncRun.MORE, more);
        exchange.getMessage().setBody(page);
    }

    /**
     * Maps one record to a row, or to a dead letter naming the field, value and reason; a record the
     * schema's filter leaves out becomes an empty body (the aggregation skips it).
     */
    public void mapRecord(Exchange exchange) {
        JsonNode record = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(PageBatchAggregation.SOURCE, record); // the cursor's text and the frontier's hash come from it
        exchange.getMessage().setBody(run(exchange).connector.map(record));
    }

    /**
     * Maps a whole page (the array {@link #readPage} produced) into one {@link PageBatch}: the
     * template's split over the page, in one step, so the per-record cost is the compiled mapper's
     * and not a Camel exchange's. Same rows, dead letters and filter as {@link #mapRecord} per record.
     */
    public void mapPage(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        PageBatch batch = new PageBatch();
        Connector owner = run(exchange).connector; // holds the run's schema, which drift may evolve
        if (page != null) {
            for (JsonNode record : page) {
                Object item = owner.map(record);
                if (item instanceof Object[]) {
                    batch.addRow((Object[]) item, record);
                } else if (item instanceof DeadLetter) {
                    batch.addDeadLetter((DeadLetter) item);
                }
            }
        }
        exchange.getMessage().setBody(batch);
    }

    /** A row, a dead letter, or null (filtered out). */
    Object map(JsonNode record) {
        try {
            if (schemaDrift != null) {
                RecordRejectedException drifted = schemaDrift.check(record);
                if (drifted != null) {
                    throw drifted;
                }
            }
            return mapper.map(record);
        } catch (RecordRejectedException e) {
            return new DeadLetter(e.field(), masker.mask(e.value()), masker.mask(e.reason()), masker.mask(String.valueOf(record)));
        }
    }

    /** Schema drift: log line, counter and drift-events row; under evolve, the new column. */
    private final class DriftReport implements io.tributary.schema.SchemaDrift.Listener {
        @Override
        public void report(io.tributary.schema.DriftEvent event) {
            LOG.warn("connector={} schema drift kind={} field={} detail=\"{}\" action={}", id, event.kind(),
                    masker.mask(event.field()), masker.mask(event.detail()), event.action());
            metrics.schemaDrift(id, event.kind());
            sink.recordDrift(id, event);
        }

        @Override
        public Column evolve(String field, JsonNode sample) {
            Column column = io.tributary.schema.SchemaDrift.columnFor(field, sample, targetSchema);
            sink.addColumn(column);
            targetSchema = targetSchema.withColumn(column);
            mapper = new SchemaRecordMapper(targetSchema, context);
            return column;
        }
    }

    /**
     * {@code tributary replay}: maps this connector's dead letters again with the current schema and
     * route; those that now fit are loaded and leave the dead letters in the same transaction, those
     * still failing stay with their new reason. The cursor does not move.
     */
    public io.tributary.sink.DeadLetterReplay.Result replay() {
        return io.tributary.sink.DeadLetterReplay.run(id, dataSource, sink, this::map);
    }

    /**
     * Writes the page's rows and dead letters and moves the cursor, in one transaction. Where the cursor
     * may move, and which re-read records are not written again, is {@link CursorAdvance}'s decision.
     */
    public void commitPage(Exchange exchange) {
        SyncRun run = run(exchange);
        Connector owner = run.connector; // the run's own: a route's steps may each hold an instance of this bean
        Sink sink = owner.sink;
        Object body = exchange.getMessage().getBody();
        PageBatch batch = body instanceof PageBatch ? (PageBatch) body : new PageBatch(); // an empty page
        boolean more = !Boolean.FALSE.equals(exchange.getProperty(SyncRun.MORE, Boolean.class));
        if (extras.filtersClientSide() && extras.dropOlderThanCursor(run, batch, cursorIndex)) {
            exchange.setProperty(SyncRun.MORE, Boolean.FALSE); // newest first: the rest is older still
            more = false;
        }
        if (run.firstDeadLetterField == null && !batch.deadLetters().isEmpty()) {
            run.firstDeadLetterField = batch.deadLetters().get(0).field();
        }
        if (advance == null) {
            write(run, sink, batch, null, null);
        } else {
            boolean filters = filtersByCursor() || extras.filtersClientSide();
            CursorAdvance.Decision d = advance.decide(run, batch, more, filters);
            advance.checkOrder(run, d, filters); // before anything of this page commits
            if (!filters) {
                d.backward = 0; // nothing is skipped by a cursor no request carries
            }
            note(run, d);
            if (advance.commitsAtEnd()) {
                // newest first or unordered: rows go in page by page; the cursor only once every page is in
                write(run, sink, batch, null, null);
                if (d.highestSeen != null && d.highestSeen != run.highestSeen) {
                    run.highestSeen = d.highestSeen;
                    run.highestSourceText = d.highestSourceText;
                }
                run.frontier = d.frontier;
            } else {
                io.tributary.state.CursorState state = d.state(run);
                boolean moved = d.cursor != null;
                if (!batch.isEmpty() || moved || !d.frontier.encode().equals(run.frontier.encode())) {
                    write(run, sink, batch, state, moved ? d.canonical : null);
                }
                run.frontier = d.frontier;
                if (moved) {
                    run.cursorValue = d.cursor;
                    run.cursorCanonical = d.canonical;
                    run.cursorSourceText = d.sourceText;
                    run.requestCursor = advance.requestText(d.canonical, d.sourceText, d.cursor);
                    run.requestCursorValue = d.cursor;
                    if (filtersByCursor() && more) {
                        run.pager.restart();
                        run.previousPage = null; // page 1 of the new filter repeats the records at the cursor
                        run.requestsSent.clear();
                    }
                }
            }
        }
        if (!sink.wantsMorePages()) {
            exchange.setProperty(SyncRun.MORE, false); // a preview has shown enough
        }
        extras.checkpointWindow(run, sink, exchange);
        exchange.getMessage().setBody(null);
    }

    /** Hands a page to the sink; its rows, dead letters and cursor count once the sink says they are durable. */
    private void write(SyncRun run, Sink sink, PageBatch batch, io.tributary.state.CursorState state, String cursor) {
        int rows = batch.rows().size();
        int dead = batch.deadLetters().size();
        run.rowsSent += rows;
        run.deadLettersSent += dead;
        batch.onCommitted(() -> {
            run.committed(rows, dead, cursor);
            metrics.pageCommitted(id, rows, dead);
        });
        if (batch.isEmpty() && state == null) {
            batch.committed();
            return;
        }
        sink.write(run.cursorKey, batch, state);
    }

    /** The page's re-read, out-of-order and future-dated records: counted, and warned about once per run. */
    private void note(SyncRun run, CursorAdvance.Decision d) {
        run.unchanged += d.unchanged;
        if (d.unchanged > 0) {
            metrics.unchanged(id, d.unchanged);
        }
        if (d.backward > 0) {
            if (run.outOfOrder == 0) {
                LOG.warn("connector={} cursor values go backwards inside {} ({} {}): the cursor moves only to a page's "
                        + "last record; if the source does not sort by {}, set order: unordered", id, run.position(),
                        cursorColumn.name(), d.backwardExample, cursorColumn.name());
            }
            run.outOfOrder += d.backward;
            metrics.cursorAnomaly(id, "out_of_order", d.backward);
        }
        if (d.future > 0) {
            if (run.futureValues == 0) {
                LOG.warn("connector={} {} record(s) in {} have {} beyond now + cursorFutureTolerance (e.g. {}): loaded, but "
                        + "they do not move the cursor", id, d.future, run.position(), cursorColumn.name(), d.futureExample);
            }
            run.futureValues += d.future;
            metrics.cursorAnomaly(id, "future", d.future);
        }
    }

    /** Last step of a successful run: logs the summary line and records the outcome. */
    public void finishRun(Exchange exchange) {
        SyncRun run = run(exchange);
        Sink sink = run.connector.sink; // the run's own: a route's steps may each hold an instance of this bean
        if (advance != null && advance.commitsAtEnd()) {
            CursorAdvance.Decision d = advance.finish(run);
            if (d.cursor != null) {
                // the whole sync is in: now the cursor may move (through the sink, so preview moves nothing)
                write(run, sink, new PageBatch(), d.state(run), d.canonical);
                run.cursorValue = d.cursor;
                run.cursorCanonical = d.canonical;
                run.cursorSourceText = d.sourceText;
            }
        }
        if (run.deadLettersSent > 0 && run.rowsSent == 0 && run.unchanged == 0 && io.tributary.sink.PreviewSink.of(context).isEmpty()) {
            // nothing fitted the schema: a success would hide it, and the cursor would never move
            throw new SourceResponseException("connector '" + id + "': every one of the " + run.deadLettersSent
                    + " records read went to the dead letters (the first for field '" + run.firstDeadLetterField
                    + "'); the schema does not fit what the source sends: see 'tributary state show " + id + "'");
        }
        sink.finishSync(run.cursorKey); // a refreshed table is swapped in, files renamed, then the cursor moves
        run.finish(null);
    }

    /** The run failed: what its sink staged is discarded, a write in flight settles first. */
    void abandon() {
        if (sink != null) {
            try {
                sink.abandonSync(id); // the old table and the published files stay as they were
            } catch (RuntimeException e) {
                LOG.warn("connector={} could not discard the failed sync's staged output: {}", id, e.getMessage());
            }
        }
    }

    void report(SyncOutcome outcome) {
        running.set(false);
        if (outcome.success()) {
            SYNC_LOG.info(outcome.summary());
        } else {
            SYNC_LOG.error(outcome.summary());
        }
        outcomes.record(outcome);
    }

    public SecretMasker masker() {
        return masker;
    }

    io.tributary.http.ErrorPolicy errorPolicy() {
        return extras.errorPolicy();
    }

    /** Waits for the quota one request needs (the API's own limit headers, then the connector's budget). */
    void acquireQuota() {
        extras.limiter().acquire();
    }

    java.time.Duration quotaWait() {
        return extras.limiter().waited();
    }

    private static String pointerText(String path) {
        return path == null || path.isBlank() ? path : TargetSchema.toPointer(path);
    }

    private boolean filtersByCursor() {
        return cursorParam != null && !cursorParam.isBlank();
    }

    private SyncRun run(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("connector '" + id + "': no run in progress; the route must call startRun first");
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    private Comparable<Object> parseCursor(String parameter, String text) {
        try {
            return (Comparable<Object>) SchemaRecordMapper.parseText(cursorColumn, text);
        } catch (RecordRejectedException e) {
            throw new ConnectorConfigException(id, parameter, text, e.reason()
                    + " (cursor field '" + cursorColumn.name() + "')");
        }
    }

    private JsonPointer pointer(String parameter, String path) {
        if (path.equals("/") || path.equals("$")) {
            return JsonPointer.empty(); // the body itself is the array, as GitHub's lists are
        }
        try {
            return JsonPointer.compile(TargetSchema.toPointer(path));
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, parameter, path, "must be a JSON pointer such as /observations");
        }
    }

    private void require(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new ConnectorConfigException(id, parameter, null, "is required");
        }
    }

    private int positive(String parameter, String value) {
        return atLeast(1, parameter, value, "must be a positive integer");
    }

    private int nonNegative(String parameter, String value) {
        return atLeast(0, parameter, value, "must be a whole number, 0 or more");
    }

    private int atLeast(int min, String parameter, String value, String problem) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ConnectorConfigException(id, parameter, value, problem);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- settings (bean properties; the route template sets them from its parameters) ----

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setAuth(String auth) {
        authSettings.set("auth", auth);
    }

    public void setAuthName(String authName) {
        authSettings.set("authName", authName);
    }

    public void setAuthSecret(String authSecret) {
        authSettings.set("authSecret", authSecret);
    }

    /** The other authentication parameters ({@code authTokenUrl}, ...), by their template names. */
    public AuthSettings getAuthSettings() {
        return authSettings;
    }

    /** An authenticator bean of the route's own, instead of a scheme built from the settings. */
    public void setAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    public void setAuthRef(String authRef) {
        authSettings.set("authRef", authRef);
    }

    // the other auth* parameters, so a route written in full sets them as the template's parameters do
    public void setAuthUser(String value) {
        authSettings.set("authUser", value);
    }

    public void setAuthTokenUrl(String value) {
        authSettings.set("authTokenUrl", value);
    }

    public void setAuthClientId(String value) {
        authSettings.set("authClientId", value);
    }

    public void setAuthClientSecret(String value) {
        authSettings.set("authClientSecret", value);
    }

    public void setAuthClientAuth(String value) {
        authSettings.set("authClientAuth", value);
    }

    public void setAuthScope(String value) {
        authSettings.set("authScope", value);
    }

    public void setAuthAudience(String value) {
        authSettings.set("authAudience", value);
    }

    public void setAuthFormFields(String value) {
        authSettings.set("authFormFields", value);
    }

    public void setAuthRefreshToken(String value) {
        authSettings.set("authRefreshToken", value);
    }

    public void setAuthKeyFile(String value) {
        authSettings.set("authKeyFile", value);
    }

    public void setAuthKeyId(String value) {
        authSettings.set("authKeyId", value);
    }

    public void setAuthLoginUrl(String value) {
        authSettings.set("authLoginUrl", value);
    }

    public void setAuthLoginFields(String value) {
        authSettings.set("authLoginFields", value);
    }

    public void setAuthTokenPath(String value) {
        authSettings.set("authTokenPath", value);
    }

    public void setAuthTokenLifetime(String value) {
        authSettings.set("authTokenLifetime", value);
    }

    public void setPagination(String pagination) {
        this.pagination = pagination;
    }

    public void setPageParam(String pageParam) {
        this.pageParam = pageParam;
    }

    public void setPageSizeParam(String pageSizeParam) {
        this.pageSizeParam = pageSizeParam;
    }

    public void setPageSize(String pageSize) {
        this.pageSize = pageSize;
    }

    public void setFirstPage(String firstPage) {
        this.firstPage = firstPage;
    }

    public void setTotalPagesPath(String totalPagesPath) {
        this.totalPagesPath = totalPagesPath;
    }

    public void setRecordsPath(String recordsPath) {
        this.recordsPath = recordsPath;
    }

    public void setCursorParam(String cursorParam) {
        this.cursorParam = cursorParam;
    }

    public void setCursorStart(String cursorStart) {
        this.cursorStart = cursorStart;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setCursorStore(JdbcCursorStore cursorStore) {
        this.cursorStore = cursorStore;
    }

    public void setOutcomes(SyncOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    public void setOffsetParam(String offsetParam) {
        this.offsetParam = offsetParam;
    }

    public void setTotalPath(String totalPath) {
        this.totalPath = totalPath;
    }

    public void setNextPath(String nextPath) {
        this.nextPath = nextPath;
    }

    public void setTokenParam(String tokenParam) {
        this.tokenParam = tokenParam;
    }

    public void setHasMorePath(String hasMorePath) {
        this.hasMorePath = hasMorePath;
    }

    public void setEndFlagPath(String endFlagPath) {
        this.endFlagPath = endFlagPath;
    }

    public void setIdPath(String idPath) {
        this.idPath = idPath;
    }

    public void setRequestBody(String requestBody) {
        this.requestBody = requestBody;
    }

    public void setMaxPages(String maxPages) {
        this.maxPages = maxPages;
    }

    public void setAllowedHosts(String allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public void setErrorPolicy(String errorPolicy) {
        this.errorPolicy = errorPolicy;
    }

    /** Overall deadline of one request, e.g. PT2M; default {@code tributary.http.request-deadline}. */
    public void setRequestDeadline(String requestDeadline) {
        this.requestDeadline = requestDeadline;
    }

    public void setRateLimit(String rateLimit) {
        this.rateLimit = rateLimit;
    }

    public void setOrder(String order) {
        this.order = order;
    }

    public void setClientFilter(String clientFilter) {
        this.clientFilter = clientFilter;
    }

    public void setLookback(String lookback) {
        this.lookback = lookback;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public void setWindowStartParam(String windowStartParam) {
        this.windowStartParam = windowStartParam;
    }

    public void setWindowEndParam(String windowEndParam) {
        this.windowEndParam = windowEndParam;
    }

    /** {@code jdbc} (default), {@code jsonl} or {@code csv}. */
    public void setSink(String sink) {
        this.sinkKind = sink;
    }

    public void setWriteMode(String writeMode) {
        this.writeMode = writeMode;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public void setPartition(String partition) {
        this.partition = partition;
    }

    public void setDrift(String drift) {
        this.drift = drift;
    }

    /** {@code true} (default): {@code cursorParam} means at or after; {@code false}: strictly after. */
    public void setCursorInclusive(String cursorInclusive) {
        this.cursorInclusive = cursorInclusive;
    }

    /** How the cursor is sent: {@code source} (default: the source's own text), {@code iso}, {@code epoch-seconds}, ... */
    public void setCursorFormat(String cursorFormat) {
        this.cursorFormat = cursorFormat;
    }

    public void setCursorFutureTolerance(String cursorFutureTolerance) {
        this.cursorFutureTolerance = cursorFutureTolerance;
    }

    public void setOutOfOrderLimit(String outOfOrderLimit) {
        this.outOfOrderLimit = outOfOrderLimit;
    }
}
