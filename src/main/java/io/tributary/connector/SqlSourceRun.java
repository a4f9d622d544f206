package io.tributary.connector;

import java.time.Instant;

/**
 * One sync of a {@link SqlSource} while it runs, on the exchange as property {@value #PROPERTY}:
 * where it reads from and up to, and what the sink acknowledged. {@code committed} moves only when
 * the sink acknowledges a page, so a failed page leaves it, and the stored position, at the last
 * committed page.
 */
final class SqlSourceRun implements io.tributary.metrics.RunningSync {
    static final String PROPERTY = "tributary.sqlRun";

    final SqlSource source;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final String id = SyncRun.newId(); // the run in its summary line

    KeysetQuery.Columns columns;
    Object start; // cursorStart as the cursor's type, when there is no stored position
    Object bound; // the settle bound: rows at or above it wait for the next run
    KeysetQuery.Position committed; // the last committed page's position; null: none yet
    String committedText; // its text, as stored
    String cursorFrom; // the cursor the run started from: the stored one, else cursorStart
    KeysetQuery.Position pending; // the position of the page with the sink now
    String pendingText;

    int pages; // pages read
    int page; // the page being read or with the sink
    long records;
    long rows;
    long deadLetters;
    long deleted; // rows deletes at the source deleted or marked, as committed
    long children; // child-table rows written

    /**
     * The summary line's facts after the run's: the cursor it started from, deleted and child rows
     * when there were any.
     */
    java.util.Map<String, Object> extra() {
        java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put(io.tributary.metrics.SyncLog.CURSOR_FROM, cursorFrom);
        if (deleted > 0) {
            extra.put("deleted", deleted);
        }
        if (children > 0) {
            extra.put("children", children);
        }
        return extra;
    }

    private boolean finished;

    SqlSourceRun(SqlSource source) {
        this.source = source;
    }

    /** Which page failed, for the summary line: the one with the sink, or the next to read. */
    String position() {
        return "page " + Math.max(1, page);
    }

    /** Marks the run finished; false when it already was. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    synchronized boolean finished() {
        return finished;
    }

    // ---- the status page's view of the run (RunningSync) ----

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public long pages() {
        return pages;
    }

    @Override
    public long records() {
        return records;
    }

    @Override
    public long written() {
        return rows;
    }
}
