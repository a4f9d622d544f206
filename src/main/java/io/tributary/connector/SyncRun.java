package io.tributary.connector;

import io.tributary.auth.SecretMasker;
import io.tributary.paging.Pagination;
import java.time.Duration;
import java.time.Instant;

/**
 * The state of one sync while it runs, carried on the exchange as property {@value #PROPERTY}.
 * {@code cursor} is the last committed value, which only moves when a page commits; it is also what
 * the next request asks the source for.
 */
public final class SyncRun {
    public static final String PROPERTY = "tributary.run";
    public static final String MORE = "tributary.more";

    final Connector connector;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final Pagination.Pager pager;
    String cursor;
    String requested;
    com.fasterxml.jackson.databind.JsonNode previousPage;
    Comparable<Object> cursorValue;
    int pages;
    long recordsRead;
    long rowsWritten;
    long deadLetters;
    // paging across hosts, loops and redirects
    final java.util.Set<String> requestsSent = new java.util.HashSet<>();
    java.net.URI requestUrl;
    /** The request prepareRequest built but could not finish (credentials failed): reused when it is retried. */
    io.tributary.http.PageRequest pendingRequest;
    java.net.URI pendingTarget;
    boolean pendingPaid;
    String redirectTo;
    int redirects;
    // incremental details: the cursor the requests ask from (lookback applied), per-parent key, descending order
    String cursorKey;
    String requestCursor;
    Comparable<Object> requestCursorValue;
    Comparable<Object> highestSeen;
    String parent;
    java.net.URI baseUrl;
    // date-window slicing: the window being read, and whether its last page has arrived
    java.time.OffsetDateTime windowStart;
    java.time.OffsetDateTime windowEnd;
    boolean windowDone;
    java.time.OffsetDateTime windowsUntil;
    private String quotaRefusal;
    private boolean finished;

    SyncRun(Connector connector, String cursor, Comparable<Object> cursorValue, Pagination.Pager pager) {
        this.connector = connector;
        this.cursor = cursor;
        this.cursorValue = cursorValue;
        this.pager = pager;
    }

    public String connectorId() {
        return connector.getId();
    }

    public SecretMasker masker() {
        return connector.masker();
    }

    /** The connector's classification of failed calls (its errorPolicy parameter over the defaults). */
    public io.tributary.http.ErrorPolicy errorPolicy() {
        return connector.errorPolicy();
    }

    /**
     * Called before each retry of a call: waits for quota, as the first attempt did.
     *
     * @return false when no quota comes within the longest wait ({@link #quotaRefusal()} says why)
     */
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
    public String quotaRefusal() {
        return quotaRefusal;
    }

    /** Total time the connector has waited for quota since start-up, for metrics. */
    public Duration quotaWait() {
        return connector.quotaWait();
    }

    /** The URL of the last request prepared (credentials in its query included: mask it before showing it). */
    public java.net.URI requestUrl() {
        return requestUrl;
    }

    /** Which request failed, e.g. "page 3": the last one prepared. */
    public String position() {
        String where = requested == null ? "the first request" : requested;
        return parent == null ? where : "parent " + parent + ", " + where; // a child stream's runs differ only by parent
    }

    /** Ends the sync once, logs its summary line and records the outcome. */
    public synchronized SyncOutcome finish(String error) {
        if (finished) {
            return null;
        }
        finished = true;
        SyncOutcome outcome = new SyncOutcome(connector.getId(), error == null, startedAt,
                Duration.ofNanos(System.nanoTime() - startNanos), pages, recordsRead, rowsWritten, deadLetters, cursor,
                error == null ? null : masker().mask(error));
        connector.report(outcome);
        return outcome;
    }
}
