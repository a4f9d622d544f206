package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.http.RunContext;
import io.tributary.metrics.SyncOutcome;
import io.tributary.paging.Pagination;
import java.time.Duration;
import java.time.Instant;

/**
 * The state of one sync while it runs, carried on the exchange as property {@value #PROPERTY}.
 * {@code cursor} is the last committed value, which only moves when a page commits; it is also what
 * the next request asks the source for.
 */
public final class SyncRun implements RunContext {
    public static final String PROPERTY = RunContext.PROPERTY;
    public static final String MORE = "tributary.more";

    final Connector connector;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final Pagination.Pager pager;

    /** The committed cursor, as reported: moves when the sink says the page is durable. */
    volatile String cursor;

    Comparable<Object> cursorValue;

    /** What the run's pages remember (the page before, pages read). */
    final PageReader.State reads = new PageReader.State();

    long recordsRead; // PageReader counts them; CursorAdvance reads them

    // committed counts: the sink's commit callback adds to them (a pipelined write commits on its
    // own thread)
    volatile long rowsWritten;
    volatile long deadLetters;
    // the cursor handed to the sink last (it commits with that page): canonical text, the source's
    // own
    // text of it, and the frontier of records already written at or above it (see CursorAdvance)
    String cursorCanonical;
    String cursorSourceText;
    io.tributary.state.Frontier frontier = new io.tributary.state.Frontier();
    io.tributary.state.Frontier storedFrontier = new io.tributary.state.Frontier();
    String highestSourceText;
    long unchanged;
    long rowsSent; // handed to the sink, committed or not
    long deadLettersSent;
    long outOfOrder;
    long futureValues;
    String firstDeadLetterField;

    /** What the run's requests remember (the request being built, redirects, the loop guard). */
    final RequestPlanner.State requests = new RequestPlanner.State();

    // incremental details: the cursor the requests ask from (lookback applied), per-parent key,
    // descending order
    String cursorKey;
    String requestCursor;
    Comparable<Object> requestCursorValue;
    Comparable<Object> highestSeen;
    String parent;
    ParentSlices.Slice slice = ParentSlices.Slice.NONE;
    java.net.URI baseUrl;
    String staticQuery; // the url's own query (a child's with its parent's values)
    // date-window slicing: the window being read, and whether its last page has arrived
    java.time.OffsetDateTime windowStart;
    java.time.OffsetDateTime windowEnd;
    boolean windowDone;
    java.time.OffsetDateTime windowsUntil;
    private final Object committedLock = new Object();
    private String quotaRefusal;
    private boolean finished;

    SyncRun(
            Connector connector,
            String cursor,
            Comparable<Object> cursorValue,
            Pagination.Pager pager) {
        this.connector = connector;
        this.cursor = cursor;
        this.cursorValue = cursorValue;
        this.pager = pager;
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
        return parent == null
                ? where
                : "parent " + parent + ", " + where; // a child stream's runs differ only by parent
    }

    /** The sink made a page durable: its rows, dead letters and cursor now count. */
    void committed(long rows, long deadLettersWritten, String committedCursor) {
        synchronized (
                committedLock) { // not the run's own lock: finish holds that while it waits for the
            // writer
            rowsWritten += rows;
            deadLetters += deadLettersWritten;
            if (committedCursor != null) {
                cursor = committedCursor;
            }
        }
    }

    /** Ends the sync once, logs its summary line and records the outcome. */
    public synchronized SyncOutcome finish(String error) {
        if (finished) {
            return null;
        }
        finished = true;
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
                        cursor,
                        error == null ? null : masker().mask(error));
        connector.report(outcome, parent);
        return outcome;
    }
}
