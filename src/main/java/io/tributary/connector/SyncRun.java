package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.http.RunContext;
import io.tributary.metrics.ErrorType;
import io.tributary.metrics.SyncLog;
import io.tributary.metrics.SyncOutcome;
import io.tributary.paging.Pagination;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sync while it runs, carried on the exchange as property {@value #PROPERTY}: its counters and
 * the per-run states of the parts that own them (the pager, {@link RequestPlanner.State}, {@link
 * PageReader.State}, {@link CursorAdvance.Progress}, {@link ConnectorPaging.Windows}) and what it
 * reads ({@link ParentSlices.Target}). {@code committedCursor} is the last committed value, which
 * only moves when a page commits.
 */
public final class SyncRun implements RunContext, io.tributary.metrics.RunningSync {
    public static final String PROPERTY = RunContext.PROPERTY;
    public static final String MORE = "tributary.more";

    /**
     * True while the response just read has a page of records to send to the sink: one for a JSON
     * response, one per {@code recordsPerPage} for a streamed (jsonl, csv, xml) body.
     */
    public static final String PAGE_PENDING = "tributary.pagePending";

    final Connector connector;

    /** The run's id in its log lines (summary, retries), e.g. {@code 5f0c9a2e41b7}. */
    final String id = newId();

    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();

    // the parts' states
    final ParentSlices.Target target;
    final Pagination.Pager pager;
    final RequestPlanner.State requests = new RequestPlanner.State();
    final PageReader.State reads = new PageReader.State();
    final CursorAdvance.Progress cursor;
    final ConnectorPaging.Windows windows = new ConnectorPaging.Windows();

    /** With windows at once ({@link WindowPlan}): the one this run reads, else null. */
    WindowPlan.Window window;

    /** With several runs of one sync at once (windows, numbered pages): its totals, else null. */
    SyncPlan sync;

    // committed counts: the sink's commit callback adds to them (a pipelined write commits on its
    // own thread)
    volatile long rowsWritten;
    volatile long childRowsWritten; // rows of the schema's child tables, committed
    volatile long deadLetters;
    volatile long deleted; // rows deleted or marked by deletes at the source

    /** The committed cursor, as reported: moves when the sink says the page is durable. */
    volatile String committedCursor;

    /**
     * The cursor the run started from (stored, else {@code cursorStart}): its summary's {@code
     * cursor_from}.
     */
    final String cursorFrom;

    // counted as the pages go by
    long recordsRead; // PageReader counts them; CursorAdvance reads them
    long unchanged;
    long rowsSent; // handed to the sink, committed or not
    long deadLettersSent;
    String firstDeadLetterField; // for the line when all of them are dead letters
    long outOfOrder;
    long futureValues;

    private final Object committedLock = new Object();
    private String quotaRefusal;
    private boolean finished;

    SyncRun(
            Connector connector,
            ParentSlices.Target target,
            CursorAdvance.Progress cursor,
            Pagination.Pager pager) {
        this.connector = connector;
        this.target = target;
        this.cursor = cursor;
        this.committedCursor = cursor.canonical;
        this.cursorFrom = cursor.canonical;
        this.pager = pager;
    }

    /**
     * The page sequence starts again at its first page (a new cursor filter, the next window): the
     * same-page and loop guards forget the pages before.
     */
    void restartPages() {
        if (reads.midResponse()) {
            // a streamed response's later pages still follow the old request: restart at its end
            reads.cursorMoved = true;
            return;
        }
        reads.cursorMoved = false;
        pager.restart();
        reads.previousPage = null;
        requests.requestsSent.clear();
    }

    @Override
    public String connectorId() {
        return connector.getId();
    }

    @Override
    public SecretMasker masker() {
        return connector.masker();
    }

    /**
     * The connector's classification of failed calls (its errorPolicy parameter over the defaults).
     */
    @Override
    public io.tributary.http.ErrorPolicy errorPolicy() {
        return connector.errorPolicy();
    }

    /**
     * Called before each retry of a call: waits for quota, as the first attempt did.
     *
     * @return false when no quota comes within the longest wait ({@link #quotaRefusal()} says why)
     */
    @Override
    public boolean beforeRetry() {
        try {
            connector.acquireQuota();
            return true;
        } catch (io.tributary.ratelimit.QuotaExhaustedException e) {
            quotaRefusal = e.getMessage();
            return false;
        }
    }

    /** The connector's next requests, from every slice, wait as long as this one's retry. */
    @Override
    public void serverAskedToWait(Duration wait) {
        connector.serverAskedToWait(wait);
    }

    /** Why a retry found no quota, or null. */
    @Override
    public String quotaRefusal() {
        return quotaRefusal;
    }

    /** Total time the connector has waited for quota since start-up, for metrics. */
    public Duration quotaWait() {
        return connector.quotaWait();
    }

    /**
     * The URL of the last request prepared (credentials in its query included: mask it before
     * showing it).
     */
    @Override
    public java.net.URI requestUrl() {
        return requests.requestUrl;
    }

    /** Which request failed, e.g. "page 3": the last one prepared. */
    @Override
    public String position() {
        String where = requests.requested == null ? "the first request" : requests.requested;
        String parent = target.parent(); // a child stream's runs differ only by parent
        return parent == null ? where : "parent " + parent + ", " + where;
    }

    /** The sink made a page durable: its rows, dead letters and cursor now count. */
    /** The sink made a page's child-table rows durable. */
    void childRowsCommitted(long rows) {
        synchronized (committedLock) {
            childRowsWritten += rows;
        }
    }

    void committed(long rows, long deadLettersWritten, String movedTo) {
        synchronized (
                committedLock) { // not the run's own lock: finish holds that while it waits for the
            // writer
            rowsWritten += rows;
            deadLetters += deadLettersWritten;
            if (movedTo != null) {
                committedCursor = movedTo;
            }
        }
    }

    /** The sink deleted or marked rows (deletes at the source), committed. */
    void deleted(long rows) {
        synchronized (committedLock) {
            deleted += rows;
        }
    }

    /** Whether the sync has ended (its summary line is out). */
    synchronized boolean finished() {
        return finished;
    }

    /** Ends the sync once, logs its summary line and records the outcome. */
    public SyncOutcome finish(String error) {
        return finish(error, null);
    }

    /** Ends the sync once; {@code cause} (or null) gives the summary line's {@code error_type}. */
    public synchronized SyncOutcome finish(String error, Throwable cause) {
        if (finished) {
            return null;
        }
        finished = true;
        reads.close(); // a failed run's streamed body, if one was open
        if (error != null) {
            connector.abandon(); // waits for a write in flight, so the counts below are what
            // committed
        }
        SyncOutcome outcome =
                new SyncOutcome(
                        connector.getId(),
                        error == null,
                        startedAt,
                        Duration.ofNanos(System.nanoTime() - startNanos),
                        reads.pages,
                        recordsRead,
                        rowsWritten,
                        unchanged,
                        deadLetters,
                        committedCursor,
                        error == null ? null : masker().mask(error));
        String parent = target.parent();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(SyncLog.CURSOR_FROM, cursorFrom);
        extra.put("deleted", deleted); // deletes at the source, as committed
        if (parent != null) {
            // a child stream: one line per parent, naming the parent connector and the slice
            String parentConnector = connector.parentConnector();
            if (parentConnector != null) {
                extra.put("parent", parentConnector);
            }
            extra.put("parent_key", masker().mask(parent));
        }
        if (childRowsWritten > 0) {
            extra.put("children", childRowsWritten); // the schema's child tables
        }
        if (pager instanceof PagePlan.SlicePager pages) {
            pages.ended(error == null); // a failed page stops the others' claims
        }
        if (sync != null) {
            // one summary line and outcome for the sync, from its last run
            SyncOutcome whole = sync.ended(outcome, cause);
            if (whole != null) {
                extra.put(SyncLog.CURSOR_FROM, sync.cursorFrom());
                SyncLog.summaryWith(whole, sync.runId(), sync.errorType(), extra);
            }
            connector.report(this, whole);
            return whole;
        }
        SyncLog.summaryWith(
                outcome, id, cause == null ? ErrorType.OTHER : ErrorType.of(cause), extra);
        connector.report(this, outcome);
        return outcome;
    }

    // ---- the status page's view of the run (RunningSync) ----

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public long pages() {
        return reads.pages;
    }

    @Override
    public long records() {
        return recordsRead;
    }

    @Override
    public long written() {
        return rowsWritten;
    }

    /** The run so far, as fields of a retry or failure line. */
    @Override
    public Map<String, Object> logFields(Throwable failure) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("connector", connectorId());
        f.put("run", id);
        f.put("records", recordsRead);
        f.put("written", rowsWritten);
        f.put("pages", reads.pages);
        f.put("duration_ms", Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        f.put("cursor", committedCursor);
        f.put("error_type", ErrorType.of(failure).tag());
        return f;
    }

    /** A new run id: 12 hex digits, enough to tell a day's runs apart in the logs. */
    static String newId() {
        return String.format(
                java.util.Locale.ROOT,
                "%012x",
                java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    }
}
