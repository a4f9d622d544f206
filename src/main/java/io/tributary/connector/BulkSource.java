package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.FailureDescription;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.sink.PreviewSink;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind every step of the {@code tributary-bulk-source} Kamelet ({@link
 * BulkSourceKamelet}). A run: {@link #startRun} takes the job an earlier run kept (else creates one
 * and keeps its id at once, {@link BulkJobState}) and polls its status ({@link BulkPolling}) until
 * done; then per page {@link #readPage} (the results' next {@code recordsPerPage} records, {@link
 * BulkResults}) and {@link #acknowledged}; then {@link #endOfSync} and {@link #finishRun}, which
 * moves the cursor to the highest value of the sink schema's {@code cursorField} among the job's
 * committed records ({@link BulkCursor}), forgets the job and deletes it at the provider.
 *
 * <p>Pages go to the sink as an unbound consumer's messages ({@link PageContract}): stream {@code
 * <connector>/<jobId>}, message id {@code <jobId>#<part>#<n>}, committed with the page's rows in
 * one transaction. A crash (even {@code kill -9}) at any point resumes the same job after its last
 * committed page; a failed run leaves the cursor where it was. A job the provider failed is
 * reported with its message (masked) and forgotten, so the next run creates a new one.
 *
 * <p>Failures are not retried inside a run (route configuration {@value BulkSourceErrorPolicy#ID}):
 * the next run resumes the kept job, which costs one status request, not a new job.
 */
public final class BulkSource extends BulkSettings implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger("io.tributary.sync");

    private CamelContext context;
    private final OneRunAtATime<BulkRun> running = new OneRunAtATime<>();

    // made by initialize
    private String id;
    private BulkSourceConfig config;
    private BulkJob job;
    private BulkJobState state;
    private BulkCursor cursor; // null: the job's body asks for no {cursor}
    private SyncOutcomes outcomes;
    private ConnectorMetrics metrics;
    private int previewPages; // 0: not a preview

    /**
     * The Kamelet's {@code initMethod}: every parameter checked (a bad one stops start-up, exit 2,
     * naming the connector, the parameter and its value — never a secret), the route's sink
     * checked, the connector's authenticator, budget and host rule made. No call goes out yet.
     */
    public synchronized void initialize() {
        if (id != null) {
            return;
        }
        String connector = settings.connector();
        config = BulkSourceConfig.check(connector, context, this::value);
        String schema =
                settings.checkJdbcSinks(
                                context,
                                connector,
                                true,
                                "commits each page with its message id: send its pages to kamelet:"
                                        + PageSinkStep.KAMELET,
                                "commits page by page so a restart resumes its job: use upsert (or append)")
                        .schema();
        cursor = config.cursor(connector, schema);
        JdbcCursorStore cursors =
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
        metrics = ConnectorMetrics.of(context);
        job = config.job(connector, context, metrics);
        state = new BulkJobState(cursors, connector);
        previewPages = PreviewSink.of(context).map(PreviewSink::pages).orElse(0);
        id = connector;
        outcomes.register(id);
        context.getRegistry().bind(BulkSourceKamelet.BEAN + ":" + id, this);
    }

    /**
     * First step of a run: one at a time (an overlapping trigger is skipped); the kept job, else a
     * new one (kept before its first poll); its status polled until done; its results positioned
     * after the last committed page.
     */
    public void startRun(Exchange exchange) throws IOException, InterruptedException {
        BulkRun run = new BulkRun(this);
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
                                                + "the job is kept, the cursor stays",
                                        null));
        if (!runs) {
            return;
        }
        exchange.setProperty(BulkRun.PROPERTY, run);
        outcomes.started(id, run);
        run.job = previewPages > 0 ? null : state.job().orElse(null);
        run.resumed = run.job != null;
        // a kept job was created from the cursor still stored: the cursor moves only at its end
        Optional<CursorState> stored = state.cursorState();
        run.cursorFrom = stored.map(CursorState::value).orElse(value("cursorStart"));
        if (run.job == null) {
            // this host's clock only bounds the cursor (no later value becomes it), never is it
            String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String jobId =
                    job.create(
                            config.createMethod,
                            config.createPath,
                            config.body(run.cursorFrom),
                            config.jobIdPath);
            run.job = new BulkJobState.Job(jobId, createdAt);
            if (previewPages == 0) {
                state.keep(run.job); // before the first poll: a restart polls this job
            }
        }
        JsonNode done;
        try {
            done = new BulkPolling(id, job, config).untilDone(run);
        } catch (BulkPolling.JobFailed | BulkPolling.JobGone e) {
            if (previewPages == 0) {
                state.forget(run.job); // the next run creates a new job; the cursor stays
            }
            throw e;
        }
        run.results = config.results(job, run.job.id(), done);
        Optional<CursorState> kept = previewPages > 0 ? Optional.empty() : state.committed(run.job);
        run.committed = kept.map(CursorState::value).orElse(null);
        if (cursor != null) {
            run.cursor =
                    cursor.begin(
                            stored, value("cursorStart"), kept, Instant.parse(run.job.createdAt()));
        }
        run.results.resumeAfter(run.committed);
        exchange.setProperty(SyncRun.MORE, run.results.more());
    }

    /** The results' next page as the exchange: records, stream, message id, no ack. */
    public void readPage(Exchange exchange) throws IOException {
        BulkRun run = run(exchange);
        exchange.getMessage().removeHeaders("*");
        exchange.removeProperty(PageContract.ACK); // an ack copied forward never answers this page
        PageContract.set(exchange, PageContract.EVENT, PageContract.PAGE);
        PageContract.set(exchange, PageContract.STREAM, state.stream(run.job));
        BulkResults.Page page = run.results.next();
        run.pages++;
        run.records += page.chunk().size();
        metrics.pageOfAnAnswer(id, 0, page.chunk().size()); // its 2xx: BulkJob's, once
        exchange.getMessage().setBody(page.chunk().records());
        if (page.chunk().rejected().isEmpty()) {
            exchange.removeProperty(PageContract.REJECTED);
        } else {
            exchange.setProperty(PageContract.REJECTED, page.chunk().rejected());
        }
        run.pending = page.messageId();
        PageContract.set(exchange, PageContract.MESSAGE_ID, page.messageId());
        if (run.cursor != null) {
            exchange.setProperty(PageContract.POSITION, run.cursor); // the sink asks it
        } else {
            exchange.removeProperty(PageContract.POSITION);
        }
        boolean previewDone = previewPages > 0 && run.pages >= previewPages;
        exchange.setProperty(SyncRun.MORE, run.results.more() && !previewDone);
    }

    /** After {@code to: kamelet:sink}: the sink acknowledged the page, else the run fails. */
    public void acknowledged(Exchange exchange) {
        BulkRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.PAGE.equals(ack.event())) {
            throw notAcknowledged("page " + run.pending);
        }
        exchange.removeProperty(PageContract.ACK);
        run.rows += ack.rows();
        run.deadLetters += ack.deadLetters();
        run.committed = run.pending;
        if (run.cursor != null) {
            run.cursor.committed();
        }
    }

    /** After the last page: event {@code end}, which the sink finishes the sync with. */
    public void endOfSync(Exchange exchange) {
        BulkRun run = run(exchange);
        exchange.removeProperty(PageContract.ACK);
        exchange.removeProperty(SyncRun.MORE);
        exchange.removeProperty(PageContract.MESSAGE_ID);
        exchange.removeProperty(PageContract.REJECTED);
        exchange.removeProperty(PageContract.POSITION);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
        PageContract.set(exchange, PageContract.EVENT, PageContract.END);
        PageContract.set(exchange, PageContract.STREAM, state.stream(run.job));
    }

    /**
     * Last step: the sink finished the sync; the cursor moves to the highest value committed (a job
     * with no records leaves it where it was: the next job asks from the same cursor, so nothing
     * changed since can be skipped), the job is forgotten, then deleted at the provider (a failed
     * delete is a warning: the rows are in).
     */
    public void finishRun(Exchange exchange) {
        BulkRun run = run(exchange);
        PageContract.PageAck ack =
                exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
        if (ack == null || !PageContract.END.equals(ack.event())) {
            throw notAcknowledged("the end of the sync");
        }
        exchange.removeProperty(PageContract.ACK);
        if (previewPages == 0) {
            state.finished(run.job, run.cursor == null ? Optional.empty() : run.cursor.finish());
            if (config.deletePath != null) {
                try {
                    job.delete(config.path(config.deletePath, run.job.id()));
                } catch (IOException | RuntimeException e) {
                    LOG.warn(
                            "connector={} job {} loaded, but its delete failed: {}",
                            id,
                            run.job.id(),
                            FailureDescription.of(e, job.masker()));
                }
            }
        }
        end(run, null, null);
    }

    private IllegalStateException notAcknowledged(String what) {
        return new IllegalStateException(
                "connector '"
                        + id
                        + "': "
                        + what
                        + " was not acknowledged by the sink: a step between the source and the sink "
                        + "dropped it (e.g. a filter) or handled a failure; the job is kept, the cursor stays");
    }

    /** The run failed (from {@link BulkSourceErrorPolicy}): its line and outcome. */
    void fail(BulkRun run, Throwable cause) {
        end(run, run.position() + ": " + describeFailure(cause), cause);
    }

    /** A failure as one line, masked: this source's own words whole, else the cause's. */
    String describeFailure(Throwable cause) {
        if (cause != null
                && cause.getMessage() != null
                && cause.getMessage().startsWith("connector '" + id + "': ")) {
            return job.masker()
                    .mask(cause.getMessage().substring(("connector '" + id + "': ").length()));
        }
        return FailureDescription.of(cause, job.masker());
    }

    /** Ends the run once: summary line, outcome, and the next trigger may run. */
    private void end(BulkRun run, String error, Throwable cause) {
        if (!run.finish()) {
            return;
        }
        running.ended(run);
        if (run.results != null) {
            try {
                run.results.close();
            } catch (IOException e) {
                LOG.debug("connector={} closing the results failed", id, e);
            }
        }
        if (cause != null) {
            metrics.failure(id, cause);
        }
        if (run.cursor != null && run.cursor.future > 0) {
            metrics.cursorAnomaly(id, "future", run.cursor.future); // counted, values unshown
        }
        String cursor = storedCursor();
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
                        error == null ? null : job.masker().mask(error));
        io.tributary.metrics.SyncLog.summaryWith(
                outcome,
                run.id,
                cause == null
                        ? io.tributary.metrics.ErrorType.OTHER
                        : io.tributary.metrics.ErrorType.of(cause),
                run.extra());
        outcomes.record(outcome);
    }

    /** The stored cursor for a failed run's outcome; unknown when the database is what failed. */
    private String storedCursor() {
        try {
            return state.cursor().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private BulkRun run(Exchange exchange) {
        BulkRun run = exchange.getProperty(BulkRun.PROPERTY, BulkRun.class);
        if (run == null) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': no run in progress; the route must call startRun first");
        }
        return run;
    }

    public String getId() {
        return id;
    }

    /** For {@code check}: the provider it would call, masked; a job is never created to probe. */
    public String describe() {
        return "bulk source " + job.masker().mask(value("url"));
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    static List<String> list(String text) {
        List<String> values = new ArrayList<>();
        for (String v : text == null ? new String[0] : text.split(",")) {
            if (!v.isBlank()) {
                values.add(v.strip());
            }
        }
        return values;
    }
}
