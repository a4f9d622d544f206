package io.tributary.connector;

import java.time.Instant;

/**
 * One sync of a {@link BulkSource} while it runs, on the exchange as property {@value #PROPERTY}:
 * its job, the results being read, and what the sink acknowledged.
 */
final class BulkRun implements io.tributary.metrics.RunningSync {
    static final String PROPERTY = "tributary.bulkRun";

    final BulkSource source;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final String id = SyncRun.newId(); // the run in its summary line

    BulkJobState.Job job; // created or resumed; null until then
    boolean resumed; // the job was kept by an earlier run
    BulkResults results;
    String pending; // the message id of the page with the sink
    String committed; // the last message id the sink acknowledged
    String cursorFrom; // the cursor the job asks from (stored, else cursorStart): cursor_from
    BulkCursor.Job cursor; // where the cursor goes; null when the job asks for none

    int pages;
    long records;
    long rows;
    long deadLetters;
    int polls;

    private boolean finished;

    BulkRun(BulkSource source) {
        this.source = source;
    }

    /** Where the run stood, for its failure line: the job and its last committed page. */
    String position() {
        if (job == null) {
            return "before the job was created";
        }
        return "job " + job.id() + (committed == null ? "" : " after page " + committed);
    }

    java.util.Map<String, Object> extra() {
        java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put(io.tributary.metrics.SyncLog.CURSOR_FROM, cursorFrom);
        if (job != null) {
            extra.put("job", job.id());
            extra.put("polls", polls);
        }
        if (resumed) {
            extra.put("resumed", true);
        }
        return extra;
    }

    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

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
