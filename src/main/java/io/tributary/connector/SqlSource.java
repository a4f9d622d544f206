package io.tributary.connector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.auth.SecretMasker;
import io.tributary.config.ConnectorConfigException;
import io.tributary.config.Settings;
import io.tributary.http.FailureDescription;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sink.PreviewSink;
import io.tributary.sql.DatabaseProblem;
import io.tributary.state.CommittedMessageRepository;
import io.tributary.state.JdbcCursorStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind every step of the {@code tributary-sql-source} Kamelet ({@link
 * SqlSourceKamelet}): a sync reads the rows after the stored position in keyset order ({@link
 * KeysetQuery}) and sends them a page at a time to the route's {@code tributary-jdbc-sink}, in the
 * page contract of a consumer that is not bound to the sink ({@link PageContract}): each page
 * carries its stream ({@value PageContract#STREAM} = the connector) and its message id ({@value
 * PageContract#MESSAGE_ID} = the position of its last row), which the sink commits with the page's
 * rows in one transaction, into the connector's row of {@code tributary_cursors}. The next run
 * reads that row and resumes after it: a page committed is its position committed, so a crash (even
 * {@code kill -9}) between pages neither loses nor repeats a row, in {@code upsert} and in {@code
 * append}.
 *
 * <p>Lifecycle: {@link #initialize} (the Kamelet's {@code initMethod}, as the route is built)
 * checks every parameter and the route's sink with no I/O, and makes the source's pool, which
 * connects on first use and closes with the Camel context. Each run: {@link #startRun} (one at a
 * time; the stored position, the columns, the NULL-cursor check, the settle bound from the source's
 * clock), then per page {@link #readPage} and {@link #acknowledged}, then {@link #endOfSync} and
 * {@link #finishRun}. Failures are retried and end the run in {@link SqlSourceErrorPolicy}.
 *
 * <p>Plain JDBC rather than camel-jdbc / camel-sql: the keyset condition binds the position's
 * values with their column types ({@code timestamptz}, numerics, uuids) in a row-value comparison,
 * and the records need typed values (offsets, exact decimals); those components hand back driver
 * objects and bind headers by name, which adds a conversion step on each side and saves nothing.
 */
public final class SqlSource implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    private CamelContext context;
    private final SourceSettings settings =
            new SourceSettings(SqlSourceKamelet.KAMELET, SqlSourceKamelet.PARAMETERS);

    // made by initialize
    private String id;
    private KeysetQuery keyset;
    private DataSource source;
    private JdbcCursorStore cursors;
    private SyncOutcomes outcomes;
    private SecretMasker masker = new SecretMasker(List.of());
    private int pageSize;
    private Duration settle;
    private int previewPages; // 0: not a preview
    private final OneRunAtATime<SqlSourceRun> running = new OneRunAtATime<>();

    // ---- set-up ----

    /**
     * The Kamelet's {@code initMethod}: every parameter checked (a bad one stops start-up, exit 2,
     * naming the connector, the parameter and its value — never the password), the route's sink
     * checked, the pool made (it connects on first use).
     */
    public synchronized void initialize() {
        if (id != null) {
            return;
        }
        String connector = settings.connector();
        String password = settings.get("sourcePassword");
        if (password != null && !password.isEmpty()) {
            masker = new SecretMasker(List.of(password));
        }
        // the schedule is the route's own (camel-kamelet requires it): the bean gets the rest
        ParameterChecks.check(
                connector,
                SqlSourceKamelet.PARAMETERS.stream().filter(p -> p.property() != null).toList(),
                SqlSourceKamelet.RULES,
                this::value);
        if ((value("table") == null) == (value("query") == null)) {
            throw new ConnectorConfigException(
                    connector,
                    "table",
                    null,
                    "give the source's table, or a query (a SELECT whose columns are the records' fields)");
        }
        if ((value("sourceUrl") == null) == (value("sourceDataSource") == null)) {
            throw new ConnectorConfigException(
                    connector,
                    "sourceUrl",
                    null,
                    "give the source database's JDBC URL (with sourceUser, sourcePassword), or sourceDataSource");
        }
        if (password != null && !password.isEmpty() && value("sourceUrl") == null) {
            throw new ConnectorConfigException(
                    connector,
                    "sourcePassword",
                    null,
                    "is for the pool of sourceUrl; a sourceDataSource brings its own login");
        }
        keyset = keyset(connector);
        pageSize = Integer.parseInt(value("pageSize"));
        settle = Duration.parse(value("settle"));
        checkTheRoute(connector);
        cursors =
                context.getRegistry()
                        .lookupByNameAndType("tributaryCursorStore", JdbcCursorStore.class);
        outcomes =
                context.getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        if (cursors == null || outcomes == null) {
            throw new IllegalStateException(
                    "connector '"
                            + connector
                            + "': the Tributary beans (tributaryCursorStore, tributarySyncOutcomes) are not bound; "
                            + "start it through io.tributary.Tributary");
        }
        source = dataSource(connector);
        previewPages = PreviewSink.of(context).map(PreviewSink::pages).orElse(0);
        id = connector;
        outcomes.register(id);
        context.getRegistry().bind("tributarySqlSource:" + id, this); // found by tributary check
    }

    private KeysetQuery keyset(String connector) {
        String table = value("table");
        String query = value("query");
        if (table != null) {
            try {
                KeysetQuery.quotedTable(table);
            } catch (IllegalArgumentException e) {
                throw new ConnectorConfigException(connector, "table", table, e.getMessage());
            }
        } else {
            String q = query.strip();
            String first = q.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (!first.equals("SELECT") && !first.equals("WITH")) {
                throw new ConnectorConfigException(
                        connector, "query", query, "must be a SELECT (or WITH ... SELECT)");
            }
            if (q.endsWith(";")) {
                throw new ConnectorConfigException(
                        connector,
                        "query",
                        query,
                        "must not end with ';': it is read as a subquery");
            }
            query = q;
        }
        checkName(connector, "cursorColumn", value("cursorColumn"));
        List<String> keys = new ArrayList<>();
        for (String key : value("keyColumns").split(",")) {
            checkName(connector, "keyColumns", key.strip());
            keys.add(key.strip());
        }
        return new KeysetQuery(table, query, value("cursorColumn"), keys);
    }

    private static void checkName(String connector, String parameter, String name) {
        try {
            io.tributary.schema.SqlIdentifiers.validate(name);
        } catch (IllegalArgumentException e) {
            throw new ConnectorConfigException(connector, parameter, name, e.getMessage());
        }
    }

    /**
     * The route's parameters are all declared (a misspelt one would be ignored) and its sink is a
     * {@code tributary-jdbc-sink} that commits each page with its position ({@code upsert} or
     * {@code append}: {@code replace} publishes a whole sync, with no position per page).
     */
    private void checkTheRoute(String connector) {
        settings.checkJdbcSinks(
                context,
                connector,
                true,
                "commits each page's position with its rows: send its pages to kamelet:"
                        + PageSinkStep.KAMELET,
                "loads the rows changed since its position, page by page: use upsert (or append)");
    }

    /** The named DataSource bean, or a pool of Tributary's own over sourceUrl. */
    private DataSource dataSource(String connector) {
        String bean = value("sourceDataSource");
        if (bean != null) {
            DataSource ds = context.getRegistry().lookupByNameAndType(bean, DataSource.class);
            if (ds == null) {
                throw new ConnectorConfigException(
                        connector,
                        "sourceDataSource",
                        bean,
                        "no javax.sql.DataSource bean of that name is bound (declare it under beans: in a route file)");
            }
            return ds;
        }
        String url = value("sourceUrl");
        try {
            java.sql.DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new ConnectorConfigException(
                    connector,
                    "sourceUrl",
                    masker.mask(DatabaseProblem.masked(url)),
                    "no JDBC driver for it; Tributary ships drivers for jdbc:postgresql:// and jdbc:h2:");
        }
        Settings s = new Settings(context);
        HikariConfig config = new HikariConfig();
        config.setPoolName("tributary-source-" + connector);
        config.setJdbcUrl(url);
        config.setUsername(value("sourceUser"));
        config.setPassword(settings.get("sourcePassword"));
        config.setMaximumPoolSize(2); // one page at a time, and the checks
        config.setMinimumIdle(0);
        config.setReadOnly(true); // a source is only read
        config.setConnectionTimeout(s.number("tributary.db.connect-timeout-ms", 10_000));
        config.setInitializationFailTimeout(-1); // connects on first use: a run fails, not start-up
        HikariDataSource pool = new HikariDataSource(config);
        try {
            context.addService(
                    new org.apache.camel.support.service.ServiceSupport() {
                        @Override
                        protected void doStop() {
                            pool.close();
                        }
                    },
                    true,
                    true);
        } catch (Exception e) {
            pool.close();
            throw new IllegalStateException(e);
        }
        return pool;
    }

    // ---- a run ----

    /**
     * First step of a run: one run at a time (an overlapping trigger is skipped), the stored
     * position (else {@code cursorStart}), the source's columns, no rows the position can never
     * reach (NULL cursor), and the settle bound from the source database's clock.
     */
    public void startRun(Exchange exchange) throws SQLException {
        SqlSourceRun run = new SqlSourceRun(this);
        boolean runs =
                running.begin(
                        id,
                        run,
                        exchange,
                        () ->
                                end(
                                        run,
                                        run.position()
                                                + ": the sync ended before the sink acknowledged its pages (a step between "
                                                + "the source and the sink stopped the exchange or handled a failure); "
                                                + "the position stays at the last committed page",
                                        null));
        if (!runs) {
            return;
        }
        exchange.setProperty(SqlSourceRun.PROPERTY, run);
        exchange.setProperty(SyncRun.MORE, true);
        outcomes.started(id, run);
        try (Connection c = source.getConnection()) {
            run.columns = keyset.describe(c, id);
            String stored = cursors.load(id).orElse(null);
            if (stored != null) {
                try {
                    run.committed = run.columns.parse(stored);
                    run.committedText = stored;
                    // as the summary's cursor= shows it: the cursor column's value, not the keys
                    run.cursorFrom = run.columns.cursorKind().text(run.committed.cursor());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(
                            "connector '"
                                    + id
                                    + "': the stored position "
                                    + e.getMessage()
                                    + "; 'tributary state reset "
                                    + id
                                    + "' starts again from cursorStart");
                }
            } else if (value("cursorStart") != null) {
                try {
                    run.start = run.columns.cursorKind().parse(value("cursorStart"));
                    run.cursorFrom = run.columns.cursorKind().text(run.start);
                } catch (IllegalArgumentException e) {
                    throw new ConnectorConfigException(
                            id, "cursorStart", value("cursorStart"), e.getMessage());
                }
            }
            long nulls = keyset.nullCursors(c);
            if (nulls > 0) {
                throw nullCursors(nulls);
            }
            if (run.columns.cursorKind().settles()) {
                Object now = KeysetQuery.now(c, run.columns.cursorKind());
                run.bound =
                        now instanceof java.time.OffsetDateTime
                                ? ((java.time.OffsetDateTime) now).minus(settle)
                                : ((java.time.LocalDateTime) now).minus(settle);
            }
        }
    }

    private IllegalStateException nullCursors(long nulls) {
        String column = value("cursorColumn");
        return new IllegalStateException(
                "connector '"
                        + id
                        + "': parameter 'cursorColumn' value '"
                        + column
                        + "': "
                        + nulls
                        + " row(s) of the source have no value (NULL) there, which no position ever reaches:"
                        + " give them one, or read through a query that does (COALESCE("
                        + column
                        + ", created_at) AS "
                        + column
                        + ") or that leaves them out on purpose (WHERE "
                        + column
                        + " IS NOT NULL)");
    }

    /**
     * Reads the next page after the last committed position and makes it the exchange: body the
     * records (a JSON array), the stream and the message id (the page's last position), no ack.
     */
    public void readPage(Exchange exchange) throws SQLException {
        SqlSourceRun run = run(exchange);
        KeysetQuery.Page page;
        run.page = run.pages + 1;
        try (Connection c = source.getConnection()) {
            page = keyset.read(c, run.columns, run.committed, run.start, run.bound, pageSize);
        }
        run.pages++;
        run.records += page.size();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(page.records());
        exchange.removeProperty(PageContract.ACK); // an ack copied forward never answers this page
        PageContract.set(exchange, PageContract.EVENT, PageContract.PAGE);
        PageContract.set(exchange, PageContract.STREAM, id);
        if (page.last() == null) {
            run.pending = null;
            run.pendingText = null;
            exchange.removeProperty(PageContract.MESSAGE_ID); // nothing new: no position to store
        } else {
            run.pending = page.last();
            run.pendingText = run.columns.text(page.last());
            if (!run.pendingText.equals(CommittedMessageRepository.storedValue(run.pendingText))) {
                throw new IllegalStateException(
                        "connector '"
                                + id
                                + "': parameter 'keyColumns' value '"
                                + value("keyColumns")
                                + "': a page's position is longer than the 1000 characters its cursor row keeps;"
                                + " use shorter key columns (an id)");
            }
            PageContract.set(exchange, PageContract.MESSAGE_ID, run.pendingText);
        }
        boolean full = page.size() == pageSize;
        boolean previewDone = previewPages > 0 && run.pages >= previewPages;
        exchange.setProperty(SyncRun.MORE, full && !previewDone);
    }

    /**
     * After {@code to: kamelet:sink}: the sink acknowledged the page, else the run fails (a step
     * dropped it or swallowed the sink's failure) with the position at the last committed page.
     */
    public void acknowledged(Exchange exchange) {
        SqlSourceRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.PAGE.equals(ack.event())) {
            throw notAcknowledged(run.position());
        }
        exchange.removeProperty(PageContract.ACK);
        run.rows += ack.rows();
        run.deadLetters += ack.deadLetters();
        run.deleted += ack.deleted(); // deletes at the source, as committed
        run.children += ack.children(); // the schema's child tables
        if (run.pending != null) {
            run.committed = run.pending;
            run.committedText = run.pendingText;
            run.start = null;
        }
    }

    private IllegalStateException notAcknowledged(String what) {
        return new IllegalStateException(
                "connector '"
                        + id
                        + "': "
                        + what
                        + " was not acknowledged by the sink: a step between the source and the sink "
                        + "dropped it (e.g. a filter) or handled a failure; filter records with the "
                        + "schema's filter or a step that keeps the page, not by dropping the page");
    }

    /** After the last page: event {@code end}, which the sink finishes the sync with. */
    public void endOfSync(Exchange exchange) {
        run(exchange);
        exchange.removeProperty(PageContract.ACK);
        exchange.removeProperty(SyncRun.MORE);
        exchange.removeProperty(PageContract.MESSAGE_ID);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
        PageContract.set(exchange, PageContract.EVENT, PageContract.END);
        PageContract.set(exchange, PageContract.STREAM, id);
    }

    /** Last step: the sink finished the sync; the summary line and the outcome. */
    public void finishRun(Exchange exchange) {
        SqlSourceRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.END.equals(ack.event())) {
            throw notAcknowledged("the end of the sync");
        }
        exchange.removeProperty(PageContract.ACK);
        end(run, null, null);
    }

    /** A failure as one line: the database's leading words, never the values it quotes. */
    String describeFailure(Throwable cause) {
        if (cause != null
                && cause.getMessage() != null
                && cause.getMessage().startsWith("connector '" + id + "': ")) {
            return masker.mask(cause.getMessage()); // this source's own words, whole
        }
        if (value("sourceUrl") != null && connectionFailure(cause) != null) {
            return masker.mask(
                    "cannot connect to sourceUrl '"
                            + DatabaseProblem.masked(value("sourceUrl"))
                            + "': "
                            + loginWords(DatabaseProblem.describe(value("sourceUrl"), cause)));
        }
        return FailureDescription.of(cause, masker);
    }

    /** The run failed (from {@link SqlSourceErrorPolicy}): its line and outcome. */
    void fail(SqlSourceRun run, Throwable cause, String retried) {
        String reason = describeFailure(cause);
        end(run, run.position() + ": " + reason + (retried == null ? "" : retried), cause);
    }

    /** Ends the run once: summary line, outcome, and the next trigger may run. */
    private void end(SqlSourceRun run, String error, Throwable cause) {
        if (!run.finish()) {
            return;
        }
        running.ended(run);
        if (cause != null) {
            ConnectorMetrics.of(context).failure(id, cause);
        }
        String cursor =
                run.committed == null || run.columns == null
                        ? null
                        : run.columns.cursorKind().text(run.committed.cursor());
        SyncOutcome outcome =
                new SyncOutcome(
                        id,
                        error == null,
                        run.startedAt,
                        Duration.ofNanos(System.nanoTime() - run.startNanos),
                        run.pages,
                        run.records,
                        run.rows,
                        run.deadLetters,
                        cursor,
                        error == null ? null : masker.mask(error));
        // the summary line every source writes: its facts as fields too, with the run's id
        io.tributary.metrics.SyncLog.summaryWith(
                outcome,
                run.id,
                cause == null
                        ? io.tributary.metrics.ErrorType.OTHER
                        : io.tributary.metrics.ErrorType.of(cause),
                run.extra());
        outcomes.record(outcome);
    }

    private SqlSourceRun run(Exchange exchange) {
        SqlSourceRun run = exchange.getProperty(SqlSourceRun.PROPERTY, SqlSourceRun.class);
        if (run == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': no run in progress; the route must call startRun first");
        }
        return run;
    }

    // ---- check ----

    /**
     * For {@code check}: connects, reads the columns (cursor and keys among them) and one row.
     *
     * @return a line to print, or throws with what is wrong (password masked)
     */
    public String probe() throws SQLException {
        try (Connection c = source.getConnection()) {
            KeysetQuery.Columns columns = keyset.describe(c, id);
            KeysetQuery.Page first = keyset.read(c, columns, null, null, null, 1);
            long nulls = keyset.nullCursors(c);
            if (nulls > 0) {
                throw nullCursors(nulls);
            }
            return c.getMetaData().getDatabaseProductName()
                    + ", "
                    + columns.labels().size()
                    + " column(s), cursor "
                    + value("cursorColumn")
                    + " ("
                    + columns.cursorKind().label()
                    + ")"
                    + (first.size() == 0 ? ", no rows yet" : ", rows to read");
        }
    }

    /** The reason a probe failed, in words, starting with the connector; the password masked. */
    public String describe(Throwable failure) {
        String url = value("sourceUrl");
        if (url != null && connectionFailure(failure) != null) {
            return masker.mask(
                    "connector '"
                            + id
                            + "': parameter 'sourceUrl' value '"
                            + DatabaseProblem.masked(url)
                            + "': "
                            + loginWords(DatabaseProblem.describe(url, failure)));
        }
        String text = describeFailure(failure);
        return text.startsWith("connector '") ? text : "connector '" + id + "': " + text;
    }

    /** DatabaseProblem's words, with this source's parameters in place of Tributary's settings. */
    private static String loginWords(String words) {
        return words.replace(
                        "tributary.db.user, tributary.db.password", "sourceUser, sourcePassword")
                .replace("tributary.db.url", "sourceUrl");
    }

    /** The failure to connect in a chain of causes, or null. */
    private static SQLException connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isConnectionFailure(sql)) {
                return sql;
            }
        }
        return null;
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.sql.SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))
                || (e.getSQLState() != null && e.getSQLState().startsWith("28"));
    }

    public String getId() {
        return id;
    }

    // ---- parameters ----

    /** A parameter's value as given (trimmed; blank: not given), else its declared default. */
    String value(String name) {
        return settings.value(name);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** The route that uses the Kamelet (camel-kamelet's parentRouteId): the default id. */
    public void setCallingRoute(String callingRoute) {
        settings.callingRoute(callingRoute);
    }

    public void setConnector(String v) {
        settings.put("connector", v);
    }

    public void setSourceUrl(String v) {
        settings.put("sourceUrl", v);
    }

    public void setSourceUser(String v) {
        settings.put("sourceUser", v);
    }

    public void setSourcePassword(String v) {
        settings.put("sourcePassword", v);
    }

    public void setSourceDataSource(String v) {
        settings.put("sourceDataSource", v);
    }

    public void setTable(String v) {
        settings.put("table", v);
    }

    public void setQuery(String v) {
        settings.put("query", v);
    }

    public void setCursorColumn(String v) {
        settings.put("cursorColumn", v);
    }

    public void setKeyColumns(String v) {
        settings.put("keyColumns", v);
    }

    public void setPageSize(String v) {
        settings.put("pageSize", v);
    }

    public void setCursorStart(String v) {
        settings.put("cursorStart", v);
    }

    public void setSettle(String v) {
        settings.put("settle", v);
    }
}
