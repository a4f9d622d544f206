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
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.paging.Pagination;
import io.tributary.paging.Paginations;
import io.tributary.schema.Column;
import io.tributary.schema.RecordMapper;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sink.PageBatch;
import io.tributary.sink.Sink;
import io.tributary.state.JdbcCursorStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * One REST-to-JDBC connector: its settings, and the steps a connector route calls in order.
 *
 * <pre>
 * trigger -> startRun -> loop while more pages:
 *     prepareRequest -> camel-http call -> readPage -> mapPage (or: split records -> mapRecord) -> commitPage
 *   -> finishRun
 * </pre>
 *
 * Most connectors never name this class: the {@code http-to-jdbc} route template builds one from
 * its parameters. A route spelled out in full declares it as a bean and calls the steps, e.g. in
 * XML:
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
 * Lifecycle contract: {@link #init} validates every setting and prepares the tables once, at
 * start-up. Each request asks the source for records at or after the committed cursor; each page's
 * rows, dead letters and the new cursor commit in one transaction in {@link #commitPage}, after
 * which paging starts again from the new cursor; a failed run leaves the cursor at the last
 * committed page. With {@code order: descending} the rows still commit page by page but the cursor
 * only in {@link #finishRun}; with date windows each finished window commits its end. Requests go
 * only to the {@code url}'s own host (or {@code allowedHosts}), and each spends quota from the
 * connector's rate limiter first (see {@link ConnectorPaging}).
 */
public class Connector implements org.apache.camel.CamelContextAware {
    static final ObjectMapper JSON =
            io.tributary.schema.SourceJson
                    .mapper(); // money and readings keep every digit, trailing zeros too

    // settings: the parameters declared in ConnectorParameters, by name
    private String id;
    private final Map<String, String> settings =
            new java.util.HashMap<>(); // by parameter name; unset: the declared default
    private final AuthSettings authSettings = new AuthSettings();
    private DataSource dataSource;
    private JdbcCursorStore cursorStore;
    private SyncOutcomes outcomes;
    private io.tributary.metrics.ConnectorMetrics metrics;

    // built by init
    private volatile boolean ready;
    private Authenticator authenticator;
    private Pagination paging;
    private int pageSizeValue;
    private JsonPointer records;
    private TargetSchema targetSchema; // as loaded; drift evolves the mapping's own
    private RecordMapper mapper; // until the mapping owns it
    private RecordMapping mapping; // records to rows or dead letters, and schema drift
    private SecretMasker masker = new SecretMasker(java.util.List.of());
    private int cursorIndex = -1;
    private Column cursorColumn;
    private RequestTemplate
            template; // the url's query and path, headers and body, filled per request
    private ParentSlices parents; // a child stream's parents, else one slice: the stream itself
    private io.tributary.schema.SchemaDrift.Policy driftPolicy;
    private ConnectorPaging extras;
    private RequestPlanner requests; // builds each request of a run
    private PageReader pages; // reads each response into a page of records
    private ResponseFormat formats; // how a body's records are written
    private CursorAdvance advance; // null without a cursorField
    private PageCommit commit; // the sink half: rows, dead letters and cursor in one write
    private RunStart starts; // each run's start, one at a time
    private PageHandOff handOff; // the page contract as the source keeps it
    private int concurrency = 1; // slices at once (SliceConcurrency)
    private io.tributary.paging.PagingSettings pagingSettings;
    private boolean pagesAtOnce; // numbered pages or offsets with a total (PagePlan)
    private final ActiveRuns active = new ActiveRuns(); // the runs going on now
    private CamelContext context;

    // as the tributary-http-source Kamelet: its route's sink completes its settings (SinkBinding)
    private volatile boolean kamelet;
    private String callingRoute;
    private CamelContext camelContext;

    /**
     * Checks every setting, then opens what the connector writes to; safe to call more than once.
     */
    public synchronized Connector init(CamelContext context) {
        if (!ready) {
            configure(context);
            open(context);
            ready = true;
        }
        return this;
    }

    /**
     * Every check of the settings and the schema file, and the parts that only check them: nothing
     * here creates a table, binds a bean or reads the database, so a bad setting stops start-up
     * with nothing made.
     */
    private void configure(CamelContext context) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    "a connector needs an 'id' (the route id it runs in)");
        }
        // required parameters, integers, booleans, enums, durations, pointers, URLs, and the rules
        // between them
        ParameterChecks.check(
                id, ConnectorParameters.CONNECTOR, ConnectorParameters.RULES, this::value);
        try {
            SqlIdentifiers.validate(value("table"));
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, "table", value("table"), e.getMessage());
        }
        URI uri;
        try {
            uri =
                    new URI(
                            RequestTemplate.checkable(
                                    value("url"))); // its placeholders as words: its host
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e); // checked above
        }
        boolean json = value("format").equals("json") || value("format").equals("auto");
        records = json ? pointer("recordsPath", value("recordsPath")) : JsonPointer.empty();
        formats =
                ResponseFormat.of(
                        id,
                        this::value,
                        ConnectorParameters.in(Parameter.Group.FORMAT, Parameter.Group.SOURCE));
        for (Parameter p : ConnectorParameters.in(Parameter.Group.AUTH)) {
            if (p.defaultValue() != null && authSettings.get(p.name()) == null) {
                authSettings.set(
                        p.name(), p.defaultValue()); // a route written in full leaves them out
            }
        }
        if (authenticator == null) {
            authenticator = Authenticators.create(id, authSettings, context);
        }
        masker = SecretMasker.following(authenticator); // learns tokens obtained at run time
        int size = integer("pageSize");
        pageSizeValue = size;
        paging = pagination(value("requestBody"));
        try {
            targetSchema = TargetSchema.load(Path.of(value("schema")));
        } catch (SchemaException e) {
            throw new ConnectorConfigException(id, "schema", value("schema"), e.getMessage());
        }
        this.context = context;
        try {
            mapper =
                    new SchemaRecordMapper(
                            targetSchema, context); // computed columns and filter compiled once
        } catch (SchemaException e) {
            throw new ConnectorConfigException(id, "schema", value("schema"), e.getMessage());
        }
        io.tributary.sink.Sinks.validate(id, value("sink"), value("writeMode"), value("partition"));
        io.tributary.sink.Sinks.validate(id, fileLayout(), targetSchema);
        io.tributary.sink.SourceDeletes.check(
                id,
                value("sink"),
                io.tributary.sink.WriteMode.parse(value("writeMode")),
                targetSchema,
                deleteSettings());
        parents =
                new ParentSlices(
                        id,
                        value("parent"),
                        value("parentQuery"),
                        value("parentFields"),
                        value("parentColumns"),
                        targetSchema);
        concurrency =
                SliceConcurrency.check(
                        id,
                        this::value,
                        parents.declarative(),
                        blankToNull(value("window")) != null,
                        new SliceConcurrency.Pages(
                                PagePlan.fits(value("pagination"), pagingSettings),
                                filtersByCursor()));
        pagesAtOnce = PagePlan.fits(value("pagination"), pagingSettings);
        driftPolicy = io.tributary.schema.SchemaDrift.Policy.parse(value("drift"));
        if (driftPolicy == null) {
            throw new ConnectorConfigException(
                    id, "drift", value("drift"), "must be off, evolve, freeze or quarantine");
        }
        if (targetSchema.cursorField() != null) {
            cursorIndex = targetSchema.indexOf(targetSchema.cursorField());
            Column c = targetSchema.columns().get(cursorIndex);
            cursorColumn =
                    new Column(
                            c.name(),
                            c.type(),
                            c.path(),
                            true,
                            c.format(),
                            null,
                            null,
                            c.zone(),
                            c.scale());
        }
        // cursorParam, cursorStart, order, clientFilter, lookback, window: what they need of the
        // schema's cursorField
        ParameterChecks.checkCursor(
                id,
                ConnectorParameters.RULES,
                this::value,
                cursorIndex >= 0,
                cursorColumn != null
                        && cursorColumn.type() == io.tributary.schema.ColumnType.TIMESTAMP);
        if (blankToNull(value("cursorStart")) != null) {
            parseCursor("cursorStart", value("cursorStart"));
        }
        if (cursorIndex >= 0) {
            advance =
                    new CursorAdvance(
                            id,
                            cursorColumn,
                            cursorIndex,
                            value("order"),
                            value("cursorInclusive"),
                            value("cursorFutureTolerance"),
                            value("outOfOrderLimit"),
                            value("cursorFormat"));
        }
        template =
                new RequestTemplate(
                        id,
                        value("url"),
                        value("requestHeaders"),
                        value("requestBody"),
                        value("requestBodyType"),
                        cursorColumn,
                        advance == null ? null : advance::computedText,
                        pageSizeValue);
        extras =
                new ConnectorPaging(
                        id,
                        uri,
                        context,
                        cursorColumn,
                        cursorIndex >= 0,
                        value("allowedHosts"),
                        value("errorPolicy"),
                        value("rateLimit"),
                        value("order"),
                        value("clientFilter"),
                        value("lookback"),
                        integer("maxPages"),
                        masker);
        if ("graphql".equals(value("pagination"))) {
            extras.graphqlErrors();
        }
        extras.cursorText(advance == null ? null : advance::computedText);
        extras.windows(
                value("window"),
                value("windowStartParam"),
                value("windowEndParam"),
                filtersByCursor(),
                value("cursorStart"));
        extras.deadline(context, value("requestDeadline"));
        extras.jsonBodies(json);
    }

    /**
     * After {@link #configure}: the Tributary beans, the sink (which creates its table), the parts
     * a run uses, and the registry entries others find the connector by.
     */
    private void open(CamelContext context) {
        if (dataSource == null) {
            dataSource =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryDataSource", DataSource.class);
        }
        if (cursorStore == null) {
            cursorStore =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        }
        if (outcomes == null) {
            outcomes =
                    context.getRegistry()
                            .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        }
        if (dataSource == null || cursorStore == null || outcomes == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': the Tributary beans (tributaryDataSource, "
                            + "tributaryCursorStore, tributarySyncOutcomes) are not bound; start it through io.tributary.Tributary");
        }
        extras.open(context);
        metrics = io.tributary.metrics.ConnectorMetrics.of(context);
        Sink sink;
        try {
            sink =
                    io.tributary.sink.PreviewSink.of(
                                    context) // preview, check: write nothing, report schema changes
                            .map(
                                    p ->
                                            io.tributary.sink.Sinks.preview(
                                                    p,
                                                    id,
                                                    value("sink"),
                                                    value("writeMode"),
                                                    dataSource,
                                                    targetSchema,
                                                    value("table")))
                            .orElseGet(
                                    () ->
                                            io.tributary.sink.Sinks.create(
                                                    id,
                                                    value("sink"),
                                                    value("writeMode"),
                                                    FileSinkStep.directory(
                                                            context, id, value("directory")),
                                                    fileLayout(),
                                                    dataSource,
                                                    cursorStore,
                                                    targetSchema,
                                                    value("table"),
                                                    deleteSettings()));
        } catch (ConnectorConfigException e) {
            throw e; // a schema change the table cannot take: named already, no database trouble
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (!"jdbc".equals(value("sink")) && e instanceof java.io.UncheckedIOException) {
                // a file sink's folder, not the database, is what failed
                throw new ConnectorConfigException(
                        id,
                        "directory",
                        value("directory"),
                        "the "
                                + value("sink")
                                + " sink cannot create or write its folder: "
                                + e.getMessage());
            }
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': cannot prepare table '"
                            + value("table")
                            + "' in the target database (tributary.db.url): "
                            + e.getMessage()
                            + (root != e ? " (" + root.getMessage() + ")" : ""),
                    e);
        }
        if (concurrency > 1 && sink instanceof io.tributary.sink.PipelinedSink) {
            // slices write one page at a time (receive) already overlapped with the others'
            // fetches; a pipeline shared by slices would drop one slice's pages when another fails
            sink = ((io.tributary.sink.PipelinedSink) sink).delegate();
        }
        mapping =
                new RecordMapping(
                        id,
                        masker,
                        targetSchema,
                        mapper,
                        context,
                        sink,
                        metrics,
                        parents,
                        driftPolicy);
        requests =
                new RequestPlanner(
                        id,
                        authenticator,
                        paging,
                        template,
                        extras,
                        blankToNull(value("cursorParam")),
                        accept());
        pages =
                new PageReader(
                        id,
                        masker,
                        records,
                        value("recordsPath"),
                        value("pageParam"),
                        value("pagination"),
                        pageSizeValue,
                        extras,
                        metrics,
                        formats,
                        integer("recordsPerPage"));
        boolean fullRefresh =
                io.tributary.sink.WriteMode.parse(value("writeMode"))
                        == io.tributary.sink.WriteMode.REPLACE;
        commit =
                new PageCommit(
                        id,
                        sink,
                        advance,
                        extras,
                        mapping,
                        metrics,
                        cursorColumn,
                        cursorIndex,
                        filtersByCursor(),
                        fullRefresh,
                        context);
        handOff = new PageHandOff(id);
        starts =
                new RunStart(
                        this,
                        cursorStore,
                        advance,
                        extras,
                        parents,
                        commit,
                        handOff,
                        fullRefresh,
                        blankToNull(value("cursorStart")),
                        paging,
                        cursor -> parseCursor("cursor", cursor));
        outcomes.register(id);
        context.getRegistry().bind("tributaryConnector:" + id, this); // found by tributary check
    }

    // ---- the steps a route calls ----

    /**
     * Before {@link #startRun}: the body becomes the list of slices this trigger syncs, one run
     * each (the template splits over it): every parent of a child stream ({@code parent}, {@code
     * parentQuery}), or the one parent a route names in header {@value
     * ConnectorPaging#PARENT_HEADER}, or the stream itself.
     */
    public void slices(Exchange exchange) {
        if (kamelet && !ready) {
            throw SinkBinding.unbound(id);
        }
        init(exchange.getContext());
        if (kamelet) {
            handOff.failUnfinished(exchange);
        }
        java.util.List<?> slices =
                concurrency > 1
                                && extras.windowed()
                                && !parents.declarative()
                                && io.tributary.sink.PreviewSink.of(context).isEmpty()
                        ? starts.planWindows().windows() // date windows at once (WindowPlan)
                        : concurrency > 1
                                        && pagesAtOnce
                                        && !parents.declarative()
                                        && io.tributary.sink.PreviewSink.of(context).isEmpty()
                                ? new PagePlan(id, value("pagination"), pagingSettings, concurrency)
                                        .slices() // numbered pages at once
                                : parents.slices(context, dataSource, extras.parentOf(exchange));
        if (concurrency > 1 && slices.size() > 1) {
            exchange.setProperty(SliceConcurrency.PARALLEL, Boolean.TRUE);
        }
        starts.trigger(exchange); // the trigger's slices run together; another trigger waits
        exchange.getMessage().setBody(slices);
    }

    /**
     * First step of a run: reads the cursor and starts the page sequence. A trigger that fires
     * while the previous run of this connector is still going (a slow source under a short cron) is
     * skipped with a warning: two runs would fetch the same pages and spend quota twice.
     */
    public void startRun(Exchange exchange) {
        init(exchange.getContext());
        starts.startRun(exchange);
    }

    /**
     * Sets the query (static part of the URL, paging, cursor, credentials) and headers of the next
     * call ({@link RequestPlanner}).
     */
    public void prepareRequest(Exchange exchange) {
        requests.prepareRequest(exchange, run(exchange));
    }

    /**
     * The first page's request with its credentials and the cursor a sync would send (the stored
     * one, else {@code cursorStart}): what {@code tributary check} sends once to see that the
     * source accepts the connector's authentication and the cursor's format. Its query holds the
     * url's own query too.
     */
    public PageRequest firstRequest() {
        return requests.firstRequest(
                cursorStore,
                io.tributary.sink.WriteMode.parse(value("writeMode"))
                        == io.tributary.sink.WriteMode.REPLACE,
                blankToNull(value("cursorStart")),
                advance,
                starts::probe);
    }

    /**
     * For {@code check}: where the next sync's cursor comes from, as {@link #firstRequest} sends
     * it: {@code stored} (the last sync's), {@code cursorStart}, or null (no cursor: it reads
     * everything, or the connector keeps none).
     */
    public String nextCursorOrigin() {
        if (advance == null) {
            return null;
        }
        boolean replace =
                io.tributary.sink.WriteMode.parse(value("writeMode"))
                        == io.tributary.sink.WriteMode.REPLACE;
        if (!replace
                && cursorStore != null
                && cursorStore.loadState(id).filter(st -> st.value() != null).isPresent()) {
            return "stored";
        }
        return blankToNull(value("cursorStart")) == null ? null : "cursorStart";
    }

    /** The query parameter that carries the cursor ({@code cursorParam}), or null. */
    public String cursorParam() {
        return blankToNull(value("cursorParam"));
    }

    /** The endpoint URL without the query the steps add. */
    public String getUrl() {
        return value("url");
    }

    /**
     * The records array of a page at {@code recordsPath}, or null when there is none (for check).
     */
    public JsonNode recordsIn(JsonNode body) {
        return pages.recordsIn(body);
    }

    public String getRecordsPath() {
        return value("recordsPath");
    }

    public String getFormat() {
        return value("format");
    }

    /** Where a page's records are, as check reports it: the recordsPath, or the format's word. */
    public String recordsWhere() {
        String path = blankToNull(value("recordsPath"));
        return path != null ? path : "the " + value("format") + " body";
    }

    /**
     * The {@code Accept} header of its requests: the format it reads ({@code format: auto} and
     * {@code json} ask for JSON), so an API with several representations answers in that one.
     */
    public String accept() {
        return formats.accept();
    }

    /** Whether a response of this Content-Type is read as JSON ({@code format: json}, or auto). */
    public boolean readsAsJson(String contentType) {
        return formats.kindOf(contentType) == io.tributary.format.FormatSettings.Kind.JSON;
    }

    /**
     * For check: the first records (at most {@code max}) of a body in this connector's format,
     * lines it could not read left out.
     */
    public JsonNode firstRecords(String contentType, byte[] body, int max)
            throws java.io.IOException {
        try (io.tributary.format.RecordReader reader =
                formats.settingsFor(contentType)
                        .open(
                                new java.io.ByteArrayInputStream(body),
                                formats.charsetOf(contentType))) {
            return reader.next(max).records();
        }
    }

    /** The connector's target schema (its columns, paths, required flags), for check. */
    public TargetSchema targetSchema() {
        return mapping == null ? targetSchema : mapping.schema();
    }

    /**
     * Parses the response, hands its records to the split and decides whether another page follows.
     */
    public void readPage(Exchange exchange) {
        pages.readPage(exchange, run(exchange));
    }

    /**
     * After a page went to the sink: the next page of a streamed (jsonl, csv, xml) response, or the
     * end of this response's pages (property {@value SyncRun#PAGE_PENDING} false).
     */
    public void nextChunk(Exchange exchange) {
        pages.nextChunk(exchange, run(exchange));
    }

    /**
     * Maps one record to a row, or to a dead letter naming the field, value and reason; a record
     * the schema's filter leaves out becomes an empty body (the aggregation skips it).
     */
    public void mapRecord(Exchange exchange) {
        SyncRun run = run(exchange);
        RecordMapping owner = run.connector.mapping; // the run's own, whose schema drift evolves
        JsonNode record =
                owner.withParent(
                        exchange.getMessage().getBody(JsonNode.class),
                        run.target.slice()); // parentColumns
        exchange.setProperty(
                PageBatchAggregation.SOURCE,
                record); // the cursor's text and the frontier's hash come from it
        exchange.getMessage().setBody(owner.map(record));
    }

    /**
     * Maps a whole page (the array {@link #readPage} produced) into one {@link PageBatch}: the
     * template's split over the page, in one step, so the per-record cost is the compiled mapper's
     * and not a Camel exchange's. Same rows, dead letters and filter as {@link #mapRecord} per
     * record.
     */
    public void mapPage(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        SyncRun run = run(exchange);
        io.tributary.sink.PageBatch batch = run.connector.mapping.mapPage(page, run.target.slice());
        PageContract.rejected(exchange).forEach(batch::addDeadLetter);
        exchange.getMessage().setBody(batch);
    }

    /**
     * {@code tributary replay}: maps this connector's dead letters again with the current schema
     * and route; those that now fit are loaded and leave the dead letters in the same transaction,
     * those still failing stay with their new reason. The cursor does not move.
     */
    public io.tributary.sink.DeadLetterReplay.Result replay() {
        return commit.replay(dataSource);
    }

    /**
     * Writes the page's rows and dead letters and moves the cursor, in one transaction. Where the
     * cursor may move, and which re-read records are not written again, is {@link CursorAdvance}'s
     * decision.
     */
    public void commitPage(Exchange exchange) {
        SyncRun run = run(exchange);
        // the run's own: a route's steps may each hold an instance of this bean
        run.connector.commit.commitPage(exchange, run);
    }

    /** Last step of a successful run: logs the summary line and records the outcome. */
    public void finishRun(Exchange exchange) {
        SyncRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (kamelet || ack != null) {
            handOff.acknowledged(exchange, run, PageContract.END); // the sink published the sync
        } else {
            run.connector.commit.publish(run); // a route written in full: commitPage, then this
        }
        SyncOutcome outcome = run.finish(null);
        handOff.ended();
        if (run.sync == null || (outcome != null && outcome.success())) {
            ChildStreams.runAfter(id, context, masker); // once a sync, after its last run
        }
    }

    // ---- the page contract, as the tributary-http-source Kamelet and its bound sink ----

    /**
     * Kamelet form, before {@code to: kamelet:sink}: the page just read (its records, a JSON array)
     * goes to the route's steps and its sink as event {@code page} of the run's stream.
     */
    public void toSink(Exchange exchange) {
        handOff.toSink(exchange, run(exchange));
    }

    /** Kamelet form, after the last page: event {@code end}, which the sink publishes. */
    public void endOfSync(Exchange exchange) {
        handOff.endOfSync(exchange, run(exchange));
    }

    /**
     * Kamelet form, after {@code to: kamelet:sink}: the sink must have acknowledged the page. A
     * step that dropped it (a {@code filter}) or swallowed the sink's failure leaves no ack, and
     * the run fails rather than page on past records that were never written.
     */
    public void acknowledged(Exchange exchange) {
        handOff.acknowledged(exchange, run(exchange), PageContract.PAGE);
    }

    /**
     * The bound sink's step ({@link SinkBinding}): a page of this connector's run is mapped through
     * the schema (the route's steps may have changed its records) and committed with its cursor;
     * {@code end} publishes the sync; {@code abandon} discards it. Each is acknowledged.
     */
    public void sinkPage(Exchange exchange) {
        receive(exchange);
    }

    void receive(Exchange exchange) {
        SyncRun run = run(exchange);
        if (!id.equals(run.connectorId())) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': its sink received a page of connector '"
                            + run.connectorId()
                            + "'");
        }
        PageCommit own = run.connector.commit; // the run's own, as in commitPage
        synchronized (own) { // slices at once (concurrency): one page into the sink at a time
            own.receive(exchange, run);
        }
    }

    /**
     * The Kamelet's {@code initMethod}: registers it with its route's sink ({@link SinkBinding}),
     * which completes its settings (schema, table, write mode) and validates the whole connector.
     */
    public void initialize() {
        kamelet = true;
        if ((id == null || id.isBlank()) && callingRoute != null && !callingRoute.isBlank()) {
            set("connector", callingRoute.trim());
        }
        // bound by the route that uses it, whatever the connector's id
        SinkBinding.of(camelContext)
                .source(
                        callingRoute == null || callingRoute.isBlank() ? id : callingRoute.trim(),
                        this);
    }

    /** Kamelet form: the sink's settings, then the checks and set-up of the whole connector. */
    void bindSink(Map<String, String> sinkSettings) {
        sinkSettings.forEach(
                (name, value) -> {
                    if (value != null && !value.isBlank()) {
                        set(name, value);
                    }
                });
        init(camelContext);
    }

    /** Whether this connector runs as a source Kamelet. */
    public boolean isKamelet() {
        return kamelet;
    }

    /**
     * The route that uses the Kamelet (camel-kamelet's parentRouteId): the connector's default id.
     */
    public void setCallingRoute(String callingRoute) {
        this.callingRoute = callingRoute;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The run failed: what its sink staged is discarded, a write in flight settles first. */
    void abandon() {
        commit.abandon();
    }

    /**
     * The run of {@code trigger} began: running (with its trigger's counts) until its outcome is
     * told.
     */
    void began(SyncRun run, Object trigger) {
        outcomes.started(id, active.began(run, trigger));
    }

    /** The run ended (its summary line is logged): the next may start; the outcome is told. */
    void report(SyncRun run, SyncOutcome outcome) {
        handOff.ended();
        starts.ended();
        io.tributary.metrics.RunningSync still = active.ended(run);
        if (outcome != null) { // null: a window's run, the sync's outcome comes with the last
            // other slices of the trigger may still be running: shown on, their totals kept
            outcomes.record(outcome, still);
        } else if (still != null) {
            outcomes.started(id, still); // other slices of the trigger are still running
        }
    }

    public SecretMasker masker() {
        return masker;
    }

    io.tributary.http.ErrorPolicy errorPolicy() {
        return extras.errorPolicy();
    }

    /**
     * Waits for the quota one request needs (the API's own limit headers, then the connector's
     * budget).
     */
    void acquireQuota() {
        requests.acquireQuota();
    }

    /**
     * The API asked to wait: with slices at once, every request of this connector waits
     * (RateLimiter); one at a time, the retry's own delay is the wait.
     */
    void serverAskedToWait(java.time.Duration wait) {
        if (concurrency > 1) {
            extras.limiter().pauseFor(wait);
        }
    }

    java.time.Duration quotaWait() {
        return extras.limiter().waited();
    }

    /** The paging style; a post-token body is the request template's (RequestTemplate). */
    private Pagination pagination(String requestBody) {
        pagingSettings = pagingSettings(requestBody);
        return Paginations.create(id, value("pagination"), pagingSettings);
    }

    private io.tributary.paging.PagingSettings pagingSettings(String requestBody) {
        return new io.tributary.paging.PagingSettings(
                value("pageParam"),
                value("pageSizeParam"),
                pageSizeValue,
                integer("firstPage"),
                pointerText(value("totalPagesPath")),
                value("offsetParam"),
                pointerText(value("totalPath")),
                pointerText(value("nextPath")),
                value("tokenParam"),
                pointerText(value("hasMorePath")),
                pointerText(value("endFlagPath")),
                pointerText(value("idPath")),
                requestBody,
                // {page} / {pageToken}: the template carries the paging, not the query
                RequestTemplate.placeUsing("{page}", this::value) != null
                        || RequestTemplate.placeUsing("{pageToken}", this::value) != null);
    }

    /** The table it writes. */
    String table() {
        return value("table");
    }

    /** {@code jdbc}, {@code jsonl} or {@code csv}. */
    String sinkKind() {
        return value("sink");
    }

    /**
     * Whether its parents are declared ({@code parent}, {@code parentQuery}): a child stream that
     * needs no driver route.
     */
    public boolean declaresParents() {
        return parents != null && parents.declarative();
    }

    /** The connector whose rows are its parents ({@code parent}), else null. */
    String parentConnector() {
        return parents == null ? null : parents.parentConnector();
    }

    private static String pointerText(String path) {
        return path == null || path.isBlank() ? path : TargetSchema.toPointer(path);
    }

    /**
     * Whether requests ask from the cursor: {@code cursorParam}, or {@code {cursor}} in the request
     * template; then a moved cursor restarts the pages and re-read records are absorbed.
     */
    private boolean filtersByCursor() {
        return (value("cursorParam") != null && !value("cursorParam").isBlank())
                || RequestTemplate.placeUsing("{cursor}", this::value) != null;
    }

    private SyncRun run(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        if (run == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': no run in progress; the route must call startRun first");
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    private Comparable<Object> parseCursor(String parameter, String text) {
        try {
            return (Comparable<Object>) SchemaRecordMapper.parseText(cursorColumn, text);
        } catch (RecordRejectedException e) {
            throw new ConnectorConfigException(
                    id,
                    parameter,
                    text,
                    e.reason() + " (cursor field '" + cursorColumn.name() + "')");
        }
    }

    private JsonPointer pointer(String parameter, String path) {
        if (path.equals("/") || path.equals("$")) {
            return JsonPointer.empty(); // the body itself is the array, as GitHub's lists are
        }
        try {
            return JsonPointer.compile(TargetSchema.toPointer(path));
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(
                    id, parameter, path, "must be a JSON pointer such as /observations");
        }
    }

    /** A parameter's value as given, else its declared default (null when it has none). */
    private String value(String name) {
        return settings.containsKey(name)
                ? settings.get(name)
                : ConnectorParameters.defaultOf(name);
    }

    /** A file sink's partitions and, for parquet, its files' bounds. */
    private io.tributary.sink.FileLayout fileLayout() {
        return new io.tributary.sink.FileLayout(
                value("partition"),
                blankToNull(value("partitionColumn")),
                blankToNull(value("rollRows")) == null
                        ? io.tributary.sink.FileLayout.ROLL_ROWS
                        : integer("rollRows"),
                blankToNull(value("rollMegabytes")) == null
                        ? io.tributary.sink.FileLayout.ROLL_MEGABYTES
                        : integer("rollMegabytes"));
    }

    /** An integer parameter, already checked by {@link ParameterChecks}. */
    private int integer(String name) {
        return Integer.parseInt(value(name).trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- settings (bean properties; the route template sets them from its parameters) ----

    /**
     * Sets a parameter by its declared name ({@link ConnectorParameters}), as the route template
     * does for each one; the setters below are the same for a route that declares this bean in
     * full.
     */
    public void set(String name, String value) {
        Parameter p =
                ConnectorParameters.named(name)
                        .filter(d -> d.property() != null)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "'"
                                                        + name
                                                        + "' is not a parameter of a connector; its parameters: "
                                                        + ConnectorParameters.CONNECTOR.stream()
                                                                .map(Parameter::name)
                                                                .toList()));
        settings.put(name, value);
        if (p.name().equals("connector")) {
            id = value;
        } else if (p.group() == Parameter.Group.AUTH) {
            authSettings.set(name, value);
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        set("connector", id);
    }

    /** The other authentication parameters ({@code authTokenUrl}, ...), by their template names. */
    public AuthSettings getAuthSettings() {
        return authSettings;
    }

    /** An authenticator bean of the route's own, instead of a scheme built from the settings. */
    public void setAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
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

    // one per declared parameter (ConnectorParametersTest holds them to the declarations); meanings
    // in docs/connector-parameters.md

    public void setUrl(String value) {
        set("url", value);
    }

    public void setRecordsPath(String value) {
        set("recordsPath", value);
    }

    public void setAuth(String value) {
        set("auth", value);
    }

    public void setAuthName(String value) {
        set("authName", value);
    }

    public void setAuthSecret(String value) {
        set("authSecret", value);
    }

    public void setAuthRef(String value) {
        set("authRef", value);
    }

    public void setAuthUser(String value) {
        set("authUser", value);
    }

    public void setAuthTokenUrl(String value) {
        set("authTokenUrl", value);
    }

    public void setAuthClientId(String value) {
        set("authClientId", value);
    }

    public void setAuthClientSecret(String value) {
        set("authClientSecret", value);
    }

    public void setAuthClientAuth(String value) {
        set("authClientAuth", value);
    }

    public void setAuthScope(String value) {
        set("authScope", value);
    }

    public void setAuthAudience(String value) {
        set("authAudience", value);
    }

    public void setAuthFormFields(String value) {
        set("authFormFields", value);
    }

    public void setAuthRefreshToken(String value) {
        set("authRefreshToken", value);
    }

    public void setAuthKeyFile(String value) {
        set("authKeyFile", value);
    }

    public void setAuthKeyId(String value) {
        set("authKeyId", value);
    }

    public void setAuthLoginUrl(String value) {
        set("authLoginUrl", value);
    }

    public void setAuthLoginFields(String value) {
        set("authLoginFields", value);
    }

    public void setAuthTokenPath(String value) {
        set("authTokenPath", value);
    }

    public void setAuthTokenLifetime(String value) {
        set("authTokenLifetime", value);
    }

    public void setPagination(String value) {
        set("pagination", value);
    }

    public void setPageParam(String value) {
        set("pageParam", value);
    }

    public void setPageSizeParam(String value) {
        set("pageSizeParam", value);
    }

    public void setPageSize(String value) {
        set("pageSize", value);
    }

    public void setFirstPage(String value) {
        set("firstPage", value);
    }

    public void setTotalPagesPath(String value) {
        set("totalPagesPath", value);
    }

    public void setOffsetParam(String value) {
        set("offsetParam", value);
    }

    public void setTotalPath(String value) {
        set("totalPath", value);
    }

    public void setNextPath(String value) {
        set("nextPath", value);
    }

    public void setTokenParam(String value) {
        set("tokenParam", value);
    }

    public void setHasMorePath(String value) {
        set("hasMorePath", value);
    }

    public void setEndFlagPath(String value) {
        set("endFlagPath", value);
    }

    public void setIdPath(String value) {
        set("idPath", value);
    }

    public void setRequestHeaders(String value) {
        set("requestHeaders", value);
    }

    public void setRequestBody(String value) {
        set("requestBody", value);
    }

    public void setRequestBodyType(String value) {
        set("requestBodyType", value);
    }

    public void setMaxPages(String value) {
        set("maxPages", value);
    }

    public void setCursorParam(String value) {
        set("cursorParam", value);
    }

    public void setCursorInclusive(String value) {
        set("cursorInclusive", value);
    }

    public void setCursorFormat(String value) {
        set("cursorFormat", value);
    }

    public void setCursorFutureTolerance(String value) {
        set("cursorFutureTolerance", value);
    }

    public void setOutOfOrderLimit(String value) {
        set("outOfOrderLimit", value);
    }

    public void setCursorStart(String value) {
        set("cursorStart", value);
    }

    public void setOrder(String value) {
        set("order", value);
    }

    public void setClientFilter(String value) {
        set("clientFilter", value);
    }

    public void setLookback(String value) {
        set("lookback", value);
    }

    public void setWindow(String value) {
        set("window", value);
    }

    public void setWindowStartParam(String value) {
        set("windowStartParam", value);
    }

    public void setWindowEndParam(String value) {
        set("windowEndParam", value);
    }

    public void setParent(String value) {
        set("parent", value);
    }

    public void setParentQuery(String value) {
        set("parentQuery", value);
    }

    public void setParentFields(String value) {
        set("parentFields", value);
    }

    public void setParentColumns(String value) {
        set("parentColumns", value);
    }

    public void setAllowedHosts(String value) {
        set("allowedHosts", value);
    }

    public void setErrorPolicy(String value) {
        set("errorPolicy", value);
    }

    public void setRequestDeadline(String value) {
        set("requestDeadline", value);
    }

    public void setRateLimit(String value) {
        set("rateLimit", value);
    }

    public void setConcurrency(String value) {
        set("concurrency", value);
    }

    public void setSchema(String value) {
        set("schema", value);
    }

    public void setTable(String value) {
        set("table", value);
    }

    public void setSink(String value) {
        set("sink", value);
    }

    public void setWriteMode(String value) {
        set("writeMode", value);
    }

    public void setDirectory(String value) {
        set("directory", value);
    }

    public void setPartition(String value) {
        set("partition", value);
    }

    public void setPartitionColumn(String value) {
        set("partitionColumn", value);
    }

    public void setRollRows(String value) {
        set("rollRows", value);
    }

    public void setRollMegabytes(String value) {
        set("rollMegabytes", value);
    }

    public void setFormat(String value) {
        set("format", value);
    }

    public void setRecordsPerPage(String value) {
        set("recordsPerPage", value);
    }

    public void setCsvDelimiter(String value) {
        set("csvDelimiter", value);
    }

    public void setCsvQuote(String value) {
        set("csvQuote", value);
    }

    public void setCsvColumns(String value) {
        set("csvColumns", value);
    }

    public void setXmlNamespaces(String value) {
        set("xmlNamespaces", value);
    }

    public void setCompression(String value) {
        set("compression", value);
    }

    public void setCharset(String value) {
        set("charset", value);
    }

    public void setDrift(String value) {
        set("drift", value);
    }

    public void setOnDelete(String value) {
        set("onDelete", value);
    }

    public void setDeleteMissing(String value) {
        set("deleteMissing", value);
    }

    /** {@code onDelete} and {@code deleteMissing}, for the sink. */
    private io.tributary.sink.SourceDeletes.Settings deleteSettings() {
        return io.tributary.sink.SourceDeletes.Settings.of(
                id, value("onDelete"), value("deleteMissing"));
    }
}
