package io.tributary.connector;

import static io.tributary.connector.Parameter.Group.TARGET;
import static io.tributary.connector.Parameter.Type.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.config.ConnectorConfigException;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.SourceJson;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sink.DeadLetter;
import io.tributary.sink.PageBatch;
import io.tributary.sink.PipelinedSink;
import io.tributary.sink.PreviewSink;
import io.tributary.sink.Sink;
import io.tributary.sink.Sinks;
import io.tributary.sink.WriteMode;
import io.tributary.state.CommittedMessageRepository;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink side of the page contract, the one step of Kamelet {@code tributary-jdbc-sink}: any
 * Camel consumer (files, SFTP, JMS, a source Kamelet) sends it pages, and it maps each page's
 * records through the schema and commits rows, dead letters and the stream's position in one
 * transaction.
 *
 * <pre>
 * - to:
 *     uri: kamelet:tributary-jdbc-sink
 *     parameters: {schema: routes/orders.schema.yaml, table: orders}
 * </pre>
 *
 * <p>A page is one exchange: body a List of Maps, a JSON array (or one object), or CSV rows (a List
 * of Lists whose first row is the header; an empty field is null). Its message id (header {@value
 * PageContract#MESSAGE_ID}, else {@code idempotencyKey}, else a file's name, size and last-modified
 * time) is stored in its stream's cursor row in the same transaction as its rows, so it is loaded
 * once: a page whose id that row already holds is acknowledged as a duplicate and not written. One
 * page per file means one transaction per file: after a crash a file is either in or not at all.
 *
 * <p>Each exchange is acknowledged ({@link PageContract#ACK}) only after its transaction committed.
 * Exchanges are handled one at a time.
 */
public final class PageSinkStep implements Processor, CamelContextAware, SinkBinding.BoundSink {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");
    private static final ObjectMapper JSON = SourceJson.mapper();

    /**
     * The Kamelet ({@code src/main/resources/kamelets/tributary-jdbc-sink.kamelet.yaml}) whose step
     * this is.
     */
    public static final String KAMELET = "tributary-jdbc-sink";

    public static final String FILE = "src/main/resources/kamelets/" + KAMELET + ".kamelet.yaml";

    /** The Kamelet's route: every page to this step. */
    static final String ROUTE =
            String.join(
                    "\n",
                    "    from:",
                    "      uri: kamelet:source",
                    "      steps:",
                    "        - process: {ref: \"{{pageSink}}\"}",
                    "");

    public static final String TITLE = "Tributary JDBC sink";
    public static final String DESCRIPTION =
            "Loads pages from any Camel consumer into a table of Tributary's database: each page's "
                    + "records are mapped through the schema file to rows and dead letters, which commit with the stream's position "
                    + "(and the page's message id) in one transaction; the exchange is acknowledged in property tributary.ack. "
                    + "Header tributary.event: page (default), end (publish the sync: replace swaps its table in), abandon.";

    /**
     * The Kamelet's parameters, declared once: {@code schema}, {@code table}, {@code writeMode} as
     * the template declares them.
     */
    public static final List<Parameter> PARAMETERS =
            List.of(
                    ConnectorParameters.named("schema").orElseThrow(),
                    ConnectorParameters.named("table").orElseThrow(),
                    ConnectorParameters.named("writeMode").orElseThrow(),
                    new Parameter(
                            "connector",
                            TARGET,
                            STRING,
                            null,
                            null,
                            List.of(),
                            false,
                            false,
                            null,
                            List.of("orders-files"),
                            "the connector's id: the key of its streams' cursor rows and dead letters, its name in logs; default: the id of "
                                    + "the route that sends to the sink",
                            "connector"),
                    new Parameter(
                            "idempotencyKey",
                            TARGET,
                            STRING,
                            null,
                            null,
                            List.of(),
                            false,
                            false,
                            null,
                            List.of("${header.JMSMessageID}", "CamelFileName"),
                            "the page's message id: a simple expression (`${header.JMSMessageID}`) or a header's name; default: header "
                                    + "`tributary.messageId` (an idempotentConsumer over `CommittedMessageRepository` sets it), else a "
                                    + "file's name, size and last-modified time",
                            "idempotencyKey"),
                    ConnectorParameters.named("drift").orElseThrow(),
                    ConnectorParameters.named("onDelete").orElseThrow(),
                    ConnectorParameters.named("deleteMissing").orElseThrow());

    private CamelContext context;
    private String onDelete;
    private String deleteMissing;
    private String schema;
    private String table;
    private String writeMode;
    private String connector;
    private String idempotencyKey;
    private String callingRoute;
    private String drift;
    private volatile Connector
            boundConnector; // bound to the route's Tributary source: its pages go there

    private String id;
    private TargetSchema targetSchema;
    private SchemaRecordMapper mapper;
    private Sink sink;
    private WriteMode mode;
    private JdbcCursorStore cursorStore;
    private ConnectorMetrics metrics;
    private Expression keyExpression;
    private volatile boolean syncOpen;
    // 64 locks shared by the streams of messages of their own: a bounded set whatever the ids
    private final Object[] streamLocks =
            java.util.stream.Stream.generate(Object::new).limit(64).toArray();
    private int syncRows;
    private int syncDeadLetters;
    private long syncDeleted;
    private long syncChildren;

    @Override
    public void process(Exchange exchange) {
        Connector bound = boundConnector;
        if (bound != null && exchange.getProperty(SyncRun.PROPERTY) != null) {
            synchronized (this) {
                bound.receive(exchange); // a Tributary source's page: mapped and committed with its
                // cursor
            }
            return;
        }
        init(exchange);
        exchange.removeProperty(
                PageContract.ACK); // a copied-forward ack must never answer this exchange
        String event =
                Objects.requireNonNullElse(
                        PageContract.read(exchange, PageContract.EVENT), PageContract.PAGE);
        String messageId = ownStream(exchange, event);
        if (messageId != null) {
            // a message with a stream of its own (a webhook event): only another copy of it can
            // race its duplicate check, so only the copies of one id wait for each other
            synchronized (streamLocks[Math.floorMod(messageId.hashCode(), streamLocks.length)]) {
                page(exchange);
            }
            return;
        }
        synchronized (this) {
            dispatch(exchange, event);
        }
    }

    /**
     * The message id of a page kept in a stream of its own ({@code connector/<message id>}: a
     * queue's message, a webhook event, upsert or append), else null: the pages of one stream (a
     * sync, a file) commit one at a time.
     */
    private String ownStream(Exchange exchange, String event) {
        if (!PageContract.PAGE.equals(event)
                || (mode != WriteMode.APPEND && mode != WriteMode.UPSERT)
                || PageContract.read(exchange, PageContract.STREAM) != null
                || exchange.getMessage().getHeader(Exchange.FILE_NAME) != null) {
            return null;
        }
        return messageId(exchange);
    }

    private void dispatch(Exchange exchange, String event) {
        switch (event) {
            case PageContract.PAGE:
                page(exchange);
                break;
            case PageContract.END:
                end(exchange);
                break;
            case PageContract.ABANDON:
                abandon(exchange);
                break;
            default:
                throw PageContract.unknownEvent(id, event);
        }
    }

    private void page(Exchange exchange) {
        String messageId = messageId(exchange);
        if (messageId != null && mode == WriteMode.REPLACE) {
            throw new IllegalArgumentException(
                    "connector '"
                            + id
                            + "': writeMode replace publishes a whole sync at its end event, "
                            + "so a page cannot carry a message id of its own; use upsert or append for messages loaded once each");
        }
        String stream = stream(exchange, messageId);
        String stored =
                messageId == null ? null : CommittedMessageRepository.storedValue(messageId);
        if (stored != null
                && cursorStore != null
                && cursorStore
                        .loadState(stream)
                        .map(CursorState::value)
                        .filter(stored::equals)
                        .isPresent()) {
            LOG.info("connector={} stream={} message already committed: skipped", id, stream);
            exchange.setProperty(
                    PageContract.ACK,
                    new PageContract.PageAck(
                            PageContract.PAGE, stream, "duplicate", 0, 0, messageId));
            return;
        }
        PageBatch batch = map(exchange.getMessage().getBody());
        PageContract.rejected(exchange).forEach(batch::addDeadLetter);
        PageContract.Position rule =
                stored == null
                        ? null
                        : exchange.getProperty(PageContract.POSITION, PageContract.Position.class);
        // its rule first: it may take out rows the stream already holds
        CursorState position = rule != null ? rule.at(stored, batch) : CursorState.of(stored);
        int rows = batch.rows().size();
        int dead = batch.deadLetters().size();
        boolean[] committed = {false};
        long[] counts = new long[3]; // written, deleted, child rows: known once committed
        counts[0] = rows; // replace: a staged page is counted as handed over, as its rows are
        counts[2] = batch.children().count(batch.rows());
        batch.onCommitted(
                () -> {
                    committed[0] = true;
                    // rows naming keys deleted at the source were deleted, not written (PageCommit)
                    int written = rows - batch.withdrawn();
                    counts[0] = written;
                    counts[1] = batch.deletedKind() != null ? batch.deletedCount() : 0;
                    counts[2] = batch.children().count(batch.rows());
                    counted(written, dead, counts[1], counts[2]);
                    metrics.pageCommitted(id, written, dead);
                    if (batch.deletedKind() != null) {
                        metrics.recordsDeleted(id, batch.deletedKind(), batch.deletedCount());
                    }
                });
        if (mode == WriteMode.REPLACE && !syncOpen) {
            sink.startSync(id);
        }
        syncOpen = true;
        // position null without a message id: no position to keep
        if (batch.isEmpty() && position == null) {
            batch.committed();
        } else {
            sink.write(stream, batch, position);
        }
        exchange.setProperty(
                PageContract.ACK,
                new PageContract.PageAck(
                        PageContract.PAGE,
                        stream,
                        committed[0] ? "committed" : "staged",
                        (int) counts[0],
                        dead,
                        messageId,
                        counts[1],
                        counts[2]));
    }

    private synchronized void counted(int rows, int deadLetters, long deleted, long children) {
        syncRows += rows;
        syncDeadLetters += deadLetters;
        syncDeleted += deleted;
        syncChildren += children;
    }

    private void end(Exchange exchange) {
        if (mode == WriteMode.REPLACE && !syncOpen) {
            sink.startSync(id); // a sync without pages: the table becomes empty, as the source is
        }
        sink.finishSync(id);
        exchange.setProperty(
                PageContract.ACK,
                new PageContract.PageAck(
                        PageContract.END,
                        id,
                        "finished",
                        syncRows,
                        syncDeadLetters,
                        null,
                        syncDeleted,
                        syncChildren));
        LOG.info(
                "connector={} sink finished sync rows={} dead_letters={}",
                id,
                syncRows,
                syncDeadLetters);
        resetSync();
    }

    private void abandon(Exchange exchange) {
        sink.abandonSync(id);
        exchange.setProperty(
                PageContract.ACK,
                new PageContract.PageAck(PageContract.ABANDON, id, "abandoned", 0, 0, null));
        resetSync();
    }

    private void resetSync() {
        syncOpen = false;
        syncRows = 0;
        syncDeadLetters = 0;
        syncDeleted = 0;
        syncChildren = 0;
    }

    /**
     * Header {@code tributary.messageId}, else {@code idempotencyKey}, else a file's name, size and
     * last-modified time.
     */
    private String messageId(Exchange exchange) {
        String given = PageContract.read(exchange, PageContract.MESSAGE_ID);
        if (given == null && keyExpression != null) {
            given = keyExpression.evaluate(exchange, String.class);
        } else if (given == null && idempotencyKey != null) {
            given = exchange.getMessage().getHeader(idempotencyKey, String.class);
        }
        if (given == null) {
            Object name = exchange.getMessage().getHeader(Exchange.FILE_NAME);
            Object length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH);
            Object modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED);
            if (name != null && length != null && modified != null) {
                given = name + ":" + length + ":" + modified;
            }
        }
        return given == null || given.isBlank() ? null : given;
    }

    private String stream(Exchange exchange, String messageId) {
        String given = PageContract.read(exchange, PageContract.STREAM);
        if (given != null) {
            return given;
        }
        if (mode == WriteMode.REPLACE) {
            return id;
        }
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (file != null) {
            return CommittedMessageRepository.fileStream(id, file);
        }
        // a message of its own (a queue's) keeps its id in a row of its own, so every id stays
        // known
        return messageId == null
                ? id
                : CommittedMessageRepository.fileStream(
                        id, CommittedMessageRepository.storedValue(messageId));
    }

    // ---- records ----

    private PageBatch map(Object body) {
        PageBatch batch = new PageBatch();
        if (body == null) {
            return batch;
        }
        if (body instanceof String || body instanceof byte[]) {
            try {
                body =
                        body instanceof String
                                ? JSON.readTree((String) body)
                                : JSON.readTree((byte[]) body);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(
                        "connector '"
                                + id
                                + "': the page's body is text but not JSON ("
                                + e.getClass().getSimpleName()
                                + "); unmarshal it first (e.g. csv)",
                        e);
            }
        }
        if (body instanceof JsonNode && ((JsonNode) body).isArray()) {
            ((JsonNode) body).forEach(record -> add(batch, record));
        } else if (body instanceof JsonNode || body instanceof Map) {
            add(batch, record(body));
        } else if (body instanceof List) {
            List<?> items = (List<?>) body;
            if (!items.isEmpty() && items.get(0) instanceof List) {
                csvRows(batch, items);
            } else {
                items.forEach(item -> add(batch, record(item)));
            }
        } else {
            throw new IllegalArgumentException(
                    "connector '"
                            + id
                            + "': a page's body is a List of Maps, a JSON array or CSV rows "
                            + "with a header, not "
                            + body.getClass().getName());
        }
        return batch;
    }

    /**
     * CSV rows: the first is the header; every value is text (the schema converts it), an empty
     * field null.
     */
    private void csvRows(PageBatch batch, List<?> rows) {
        List<?> header = (List<?>) rows.get(0);
        for (Object item : rows.subList(1, rows.size())) {
            ObjectNode record = JSON.createObjectNode();
            List<?> row = (List<?>) item;
            for (int i = 0; i < header.size() && i < row.size(); i++) {
                Object value = row.get(i);
                if (value != null && !value.toString().isEmpty()) {
                    record.put(String.valueOf(header.get(i)), value.toString());
                }
            }
            if (row.size() != header.size()) {
                batch.addDeadLetter(
                        new DeadLetter(
                                "$",
                                null,
                                "CSV row has "
                                        + row.size()
                                        + " fields, the header "
                                        + header.size(),
                                record.toString()));
                continue;
            }
            add(batch, record);
        }
    }

    private static JsonNode record(Object item) {
        return item instanceof JsonNode ? (JsonNode) item : JSON.valueToTree(item);
    }

    private void add(PageBatch batch, JsonNode record) {
        try {
            Object[] row = mapper.map(record);
            if (row != null) { // null: the schema's filter leaves it out
                batch.addRow(row, record);
            }
        } catch (RecordRejectedException e) {
            batch.addDeadLetter(
                    new DeadLetter(e.field(), e.value(), e.reason(), String.valueOf(record)));
        }
    }

    // ---- set-up ----

    /**
     * The kamelet's {@code initMethod}: checks the parameters, loads the schema and prepares (or,
     * under {@code check}, plans) the table when the route is built, so a bad setting stops
     * start-up (exit 2) and {@code check} reports it, instead of failing the first message.
     */
    public void initialize() {
        if (context != null
                && !blank(callingRoute)
                && SinkBinding.of(context).sink(callingRoute.trim(), this)) {
            return; // a Tributary source's sink: the bound connector checks and prepares the table
        }
        if (!blank(drift) && !"off".equals(drift.trim())) {
            throw new ConnectorConfigException(
                    blank(connector) ? callingRoute : connector,
                    "drift",
                    drift,
                    "needs a Tributary source (kamelet:"
                            + HttpSourceKamelet.KAMELET
                            + ") on the route; pages from other consumers are mapped as the schema says");
        }
        if ("true".equalsIgnoreCase(String.valueOf(deleteMissing).trim())) {
            throw new ConnectorConfigException(
                    blank(connector) ? callingRoute : connector,
                    "deleteMissing",
                    deleteMissing,
                    "needs a Tributary source (kamelet:"
                            + HttpSourceKamelet.KAMELET
                            + ") on the route, whose syncs are full reads that end; pages from other consumers never say a read is complete");
        }
        if (context != null && (!blank(connector) || !blank(callingRoute))) {
            init(context, null);
        }
    }

    private void init(Exchange exchange) {
        init(context != null ? context : exchange.getContext(), exchange);
    }

    private synchronized void init(CamelContext camel, Exchange exchange) {
        if (sink != null) {
            return;
        }
        id =
                !blank(connector)
                        ? connector.trim()
                        : !blank(callingRoute)
                                // a source Kamelet's route may be named as the parent: its user's
                                ? SinkBinding.of(camel).usingRoute(callingRoute.trim())
                                : callingRoute(exchange);
        ParameterChecks.check(id, PARAMETERS, List.of(), this::value);
        try {
            SqlIdentifiers.validate(table);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(id, "table", table, e.getMessage());
        }
        try {
            targetSchema = TargetSchema.load(Path.of(schema));
            mapper = new SchemaRecordMapper(targetSchema, camel);
        } catch (SchemaException e) {
            throw new ConnectorConfigException(id, "schema", schema, e.getMessage());
        }
        mode = WriteMode.parse(value("writeMode"));
        if (!blank(idempotencyKey) && mode == WriteMode.REPLACE) {
            throw new ConnectorConfigException(
                    id,
                    "idempotencyKey",
                    idempotencyKey,
                    "cannot be used with writeMode replace, which publishes a whole sync at its end event; use upsert or append");
        }
        if (!blank(idempotencyKey) && idempotencyKey.contains("${")) {
            keyExpression = camel.resolveLanguage("simple").createExpression(idempotencyKey);
        }
        DataSource dataSource =
                camel.getRegistry().lookupByNameAndType("tributaryDataSource", DataSource.class);
        cursorStore =
                camel.getRegistry()
                        .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        if (dataSource == null || cursorStore == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': the Tributary beans (tributaryDataSource, tributaryCursorStore) "
                            + "are not bound; start it through io.tributary.Tributary");
        }
        metrics = ConnectorMetrics.of(camel);
        Sink created =
                PreviewSink.of(camel)
                        .map(
                                p ->
                                        Sinks.preview(
                                                p,
                                                id,
                                                "jdbc",
                                                value("writeMode"),
                                                dataSource,
                                                targetSchema,
                                                table))
                        .orElseGet(
                                () ->
                                        Sinks.create(
                                                id,
                                                "jdbc",
                                                value("writeMode"),
                                                "data",
                                                "none",
                                                dataSource,
                                                cursorStore,
                                                targetSchema,
                                                table,
                                                io.tributary.sink.SourceDeletes.Settings.of(
                                                        id,
                                                        value("onDelete"),
                                                        value("deleteMissing"))));
        // the ack says "committed": a page's write must be over when this step returns
        sink = created instanceof PipelinedSink ? ((PipelinedSink) created).delegate() : created;
        if (PreviewSink.of(camel).isPresent()) {
            cursorStore = null; // a preview reads no committed state
        }
    }

    /**
     * Without camel-kamelet's parentRouteId: the route the exchange came from (a kamelet's own
     * route is {@code <kamelet>-<n>}).
     */
    private static String callingRoute(Exchange exchange) {
        String route = exchange.getFromRouteId();
        if (route == null || route.isBlank()) {
            throw new IllegalStateException(
                    "the tributary-jdbc-sink cannot tell which route sends to it: set its parameter 'connector'");
        }
        return route;
    }

    private String value(String name) {
        String v;
        switch (name) {
            case "schema":
                v = schema;
                break;
            case "table":
                v = table;
                break;
            case "writeMode":
                v = writeMode;
                break;
            case "connector":
                v = connector;
                break;
            case "idempotencyKey":
                v = idempotencyKey;
                break;
            case "drift":
                v = drift;
                break;
            case "onDelete":
                v = onDelete;
                break;
            case "deleteMissing":
                v = deleteMissing;
                break;
            default:
                throw new IllegalArgumentException(name);
        }
        if (blank(v)) {
            return PARAMETERS.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .map(Parameter::defaultValue)
                    .orElse(null);
        }
        return v.trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public void setWriteMode(String writeMode) {
        this.writeMode = writeMode;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    /**
     * The id of the route that sends to the Kamelet (camel-kamelet's {@code parentRouteId}): {@code
     * connector}'s default.
     */
    public void setDrift(String drift) {
        this.drift = drift;
    }

    @Override
    public String kamelet() {
        return KAMELET;
    }

    @Override
    public Map<String, String> connectorSettings() {
        if (!blank(idempotencyKey) || !blank(connector)) {
            throw new ConnectorConfigException(
                    callingRoute,
                    !blank(idempotencyKey) ? "idempotencyKey" : "connector",
                    !blank(idempotencyKey) ? idempotencyKey : connector,
                    "is for pages from other consumers; a Tributary source's connector is the route's id"
                            + " and its position is its cursor");
        }
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("schema", schema);
        s.put("table", table);
        s.put("writeMode", writeMode);
        s.put("drift", drift);
        s.put("onDelete", onDelete);
        s.put("deleteMissing", deleteMissing);
        s.put("sink", "jdbc");
        return s;
    }

    @Override
    public void bound(Connector connector) {
        this.boundConnector = connector;
    }

    public void setOnDelete(String onDelete) {
        this.onDelete = onDelete;
    }

    public void setDeleteMissing(String deleteMissing) {
        this.deleteMissing = deleteMissing;
    }

    public void setCallingRoute(String callingRoute) {
        this.callingRoute = callingRoute;
    }

    public void setIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
    }
}
