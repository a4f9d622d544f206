package io.tributary.connector;

import io.tributary.http.SourceResponseException;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.schema.Column;
import io.tributary.sink.PageBatch;
import io.tributary.sink.Sink;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink half of a connector: each page's rows, dead letters and cursor go to the sink in one
 * write, the cursor where {@link CursorAdvance} says it may go; a successful sync is published (a
 * newest-first cursor moves, a replaced table is swapped in), a failed one abandoned; and the bound
 * sink's events ({@code page}, {@code end}, {@code abandon}) are acknowledged. It owns the sink.
 */
final class PageCommit {
    // the connector's own logger, as before the commit was a class of its own
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final String id;
    private final Sink sink;
    private final CursorAdvance advance; // null without a cursorField
    private final ConnectorPaging extras;
    private final RecordMapping mapping;
    private final ConnectorMetrics metrics;
    private final Column cursorColumn;
    private final int cursorIndex;
    private final boolean filtersByCursor; // requests carry cursorParam
    private final boolean stages; // writeMode replace: pages count once the sync is published
    private final CamelContext context;

    PageCommit(
            String id,
            Sink sink,
            CursorAdvance advance,
            ConnectorPaging extras,
            RecordMapping mapping,
            ConnectorMetrics metrics,
            Column cursorColumn,
            int cursorIndex,
            boolean filtersByCursor,
            boolean stages,
            CamelContext context) {
        this.id = id;
        this.sink = sink;
        this.advance = advance;
        this.extras = extras;
        this.mapping = mapping;
        this.metrics = metrics;
        this.cursorColumn = cursorColumn;
        this.cursorIndex = cursorIndex;
        this.filtersByCursor = filtersByCursor;
        this.stages = stages;
        this.context = context;
    }

    /** A run begins: a full refresh prepares its staging table, a file sink its files. */
    void startSync(String stream) {
        sink.startSync(stream);
    }

    /** {@code tributary replay}: the dead letters mapped again, through this sink. */
    io.tributary.sink.DeadLetterReplay.Result replay(javax.sql.DataSource dataSource) {
        return io.tributary.sink.DeadLetterReplay.run(id, dataSource, sink, mapping::map);
    }

    /** See {@link Connector#commitPage}. */
    void commitPage(Exchange exchange, SyncRun run) {
        Object body = exchange.getMessage().getBody();
        PageBatch batch =
                body instanceof PageBatch ? (PageBatch) body : new PageBatch(); // an empty page
        boolean more = !Boolean.FALSE.equals(exchange.getProperty(SyncRun.MORE, Boolean.class));
        if (extras.filtersClientSide() && extras.dropOlderThanCursor(run, batch, cursorIndex)) {
            exchange.setProperty(
                    SyncRun.MORE, Boolean.FALSE); // newest first: the rest is older still
            more = false;
        }
        if (run.firstDeadLetterField == null && !batch.deadLetters().isEmpty()) {
            run.firstDeadLetterField = batch.deadLetters().get(0).field();
        }
        if (advance == null) {
            write(run, batch, null, null);
        } else {
            // requests carry the cursor: as cursorParam, as a client-side filter, or as the start
            // of a date window
            boolean filters = filtersByCursor || extras.filtersClientSide() || extras.windowed();
            CursorAdvance.Decision d = advance.decide(run, batch, more, filters);
            CursorAdvance.Progress at = run.cursor;
            run.unchanged += d.unchanged; // now: the rows it removed stay removed if this step is
            // redelivered
            if (d.unchanged > 0) {
                metrics.unchanged(id, d.unchanged);
            }
            advance.checkOrder(run, d, filters); // before anything of this page commits
            if (!filters) {
                d.backward = 0; // nothing is skipped by a cursor no request carries
            }
            if (advance.commitsAtEnd() || run.sync != null) {
                // newest first or unordered: rows go in page by page; the cursor only once every
                // page is in (a window read at once with others: once its window and every one
                // before it are in, WindowPlan; numbered pages at once: never, no request asks
                // from it, PagePlan)
                write(run, batch, null, null);
                if (d.highestSeen != null && d.highestSeen != at.highestSeen) {
                    at.highestSeen = d.highestSeen;
                    at.highestSourceText = d.highestSourceText;
                }
                at.frontier = d.frontier;
            } else {
                io.tributary.state.CursorState state = d.state(at);
                boolean moved = d.cursor != null;
                if (!batch.isEmpty() || moved || !d.frontier.sameAs(at.frontier)) {
                    write(run, batch, state, moved ? d.canonical : null);
                } else {
                    batch.committed(); // nothing to write: nothing waits (its ack says committed)
                }
                at.frontier = d.frontier;
                if (moved) {
                    at.movedTo(d.cursor, d.canonical, d.sourceText);
                    at.requestText = advance.requestText(d.canonical, d.sourceText, d.cursor);
                    at.requestValue = d.cursor;
                    if (filtersByCursor && more) {
                        // page 1 of the new filter repeats the records at the cursor
                        run.restartPages();
                    }
                } else if (run.reads.cursorMoved && filtersByCursor && more) {
                    run.restartPages(); // the end of a streamed response whose earlier pages
                    // moved it
                }
            }
            note(run, d); // once the page is handed over: a redelivered commitPage counts it once
        }
        if (!sink.wantsMorePages()) {
            exchange.setProperty(SyncRun.MORE, false); // a preview has shown enough
        }
        extras.checkpointWindow(run, sink, exchange);
        exchange.getMessage().setBody(null);
    }

    /**
     * Hands a page to the sink; its rows, dead letters and cursor count once the sink says they are
     * durable.
     */
    private void write(
            SyncRun run, PageBatch batch, io.tributary.state.CursorState state, String cursor) {
        int rows = batch.rows().size();
        int dead = batch.deadLetters().size();
        batch.onCommitted(
                () -> {
                    // rows that name keys deleted at the source were deleted, not written; a file
                    // sink has let go of the rows themselves by now
                    int written = rows - batch.withdrawn();
                    run.childRowsCommitted(batch.children().count(batch.rows()));
                    run.committed(written, dead, cursor);
                    metrics.pageCommitted(id, written, dead);
                    deleted(run, batch);
                });
        if (batch.isEmpty() && state == null) {
            batch.committed();
        } else {
            sink.write(run.target.stream(), batch, state);
        }
        run.rowsSent += rows; // after the hand-over: a redelivered step counts its page once
        run.deadLettersSent += dead;
    }

    /**
     * The page's re-read, out-of-order and future-dated records: counted, and warned about once per
     * run.
     */
    private void note(SyncRun run, CursorAdvance.Decision d) {
        if (d.backward > 0) {
            if (run.outOfOrder == 0) {
                LOG.warn(
                        "connector={} cursor values go backwards inside {} ({} {}): the cursor moves only to a page's "
                                + "last record; if the source does not sort by {}, set order: unordered",
                        id,
                        run.position(),
                        cursorColumn.name(),
                        d.backwardExample,
                        cursorColumn.name());
            }
            run.outOfOrder += d.backward;
            metrics.cursorAnomaly(id, "out_of_order", d.backward);
        }
        if (d.future > 0) {
            if (run.futureValues == 0) {
                LOG.warn(
                        "connector={} {} record(s) in {} have {} beyond now + cursorFutureTolerance (e.g. {}): loaded, but "
                                + "they do not move the cursor",
                        id,
                        d.future,
                        run.position(),
                        cursorColumn.name(),
                        d.futureExample);
            }
            run.futureValues += d.future;
            metrics.cursorAnomaly(id, "future", d.future);
        }
    }

    /**
     * The sink's part of a successful end: a newest-first cursor moves now that every page is in, a
     * replaced table is swapped in, files renamed.
     */
    void publish(SyncRun run) {
        if (advance != null && advance.commitsAtEnd() && run.sync == null) {
            CursorAdvance.Decision d = advance.finish(run.cursor);
            if (d.cursor != null) {
                // the whole sync is in: now the cursor may move (through the sink, so preview moves
                // nothing)
                write(run, new PageBatch(), d.state(run.cursor), d.canonical);
                run.cursor.movedTo(d.cursor, d.canonical, d.sourceText);
            }
        }
        if (run.deadLettersSent > 0
                && run.rowsSent == 0
                && run.unchanged == 0
                && io.tributary.sink.PreviewSink.of(context).isEmpty()) {
            // nothing fitted the schema: a success would hide it, and the cursor would never move
            throw new SourceResponseException(
                    "connector '"
                            + id
                            + "': every one of the "
                            + run.deadLettersSent
                            + " records read went to the dead letters (the first for field '"
                            + run.firstDeadLetterField
                            + "'); the schema does not fit what the source sends: see 'tributary state show "
                            + id
                            + "'");
        }
        // a refreshed table is swapped in, files renamed, then the cursor moves; a key scan's
        // deletions are counted once committed
        PageBatch end = new PageBatch().mayBePartial(run.reads.suspectEnd);
        end.onCommitted(() -> deleted(run, end));
        sink.finishSync(run.target.stream(), end);
    }

    /** What the sink deleted or marked with this batch, counted once it committed. */
    private void deleted(SyncRun run, PageBatch batch) {
        if (batch.deletedKind() != null) {
            run.deleted(batch.deletedCount());
            metrics.recordsDeleted(id, batch.deletedKind(), batch.deletedCount());
        }
    }

    /** The run failed: what its sink staged is discarded, a write in flight settles first. */
    void abandon() {
        try {
            sink.abandonSync(id); // the old table and the published files stay as they were
        } catch (RuntimeException e) {
            LOG.warn(
                    "connector={} could not discard the failed sync's staged output: {}",
                    id,
                    e.getMessage());
        }
    }

    /**
     * The bound sink's step for one event of this connector's run: a page is mapped through the
     * schema (the route's steps may have changed its records) and committed with its cursor; {@code
     * end} publishes the sync; {@code abandon} discards it. Each is acknowledged.
     */
    void receive(Exchange exchange, SyncRun run) {
        String event =
                java.util.Objects.requireNonNullElse(
                        // a header first, then the property: a step that removed the headers
                        PageContract.read(exchange, PageContract.EVENT), PageContract.PAGE);
        String status;
        int rows = 0;
        int dead = 0;
        switch (event) {
            case PageContract.PAGE:
                Object body = exchange.getMessage().getBody();
                if (!(body instanceof PageBatch)) { // a redelivered step has mapped it already
                    exchange.getMessage()
                            .setBody(mapping.mapPage(PageRecords.of(id, body), run.target.slice()));
                }
                PageBatch batch = exchange.getMessage().getBody(PageBatch.class);
                if (!(body instanceof PageBatch)) {
                    PageContract.rejected(exchange).forEach(batch::addDeadLetter);
                }
                rows = batch.rows().size();
                dead = batch.deadLetters().size();
                commitPage(exchange, run);
                // a pipelined sink's writer thread may not have committed it yet: "staged"
                status = stages || !batch.isCommitted() ? "staged" : "committed";
                break;
            case PageContract.END:
                publish(run);
                rows = (int) run.rowsWritten;
                dead = (int) run.deadLetters;
                status = "finished";
                break;
            case PageContract.ABANDON:
                abandon();
                status = "abandoned";
                break;
            default:
                throw PageContract.unknownEvent(id, event);
        }
        exchange.setProperty(
                PageContract.ACK,
                new PageContract.PageAck(event, run.target.stream(), status, rows, dead, null));
    }
}
