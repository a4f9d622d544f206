package io.tributary.connector;

import io.tributary.format.RecordReader;
import java.io.IOException;
import java.time.Instant;

/**
 * One file's load while it runs, on the exchange as property {@value #PROPERTY}: the file, its
 * stream and key, where it had got to before (its committed position), what was read since and what
 * the sink acknowledged. A file's position counts its items in file order, records and unreadable
 * lines alike, so the same bytes read again reach the same position whatever the page size.
 */
final class FileRun implements io.tributary.metrics.RunningSync {
    static final String PROPERTY = "tributary.fileRun";

    final String file; // as Camel names it: relative to the drop folder
    final String stream; // connector/<file>: the key of its cursor row
    final String key; // name:size:last-modified: the last page's message id
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final String id = SyncRun.newId(); // the run in its summary line

    RecordReader reader;
    long resumedAt; // items committed before this run
    String cursorFrom; // the stored position the run started from, or null
    long read; // items read, the skipped ones included
    String pendingId; // the message id of the page with the sink
    boolean pendingLast;
    String committedId; // the last message id the sink acknowledged
    boolean lastCommitted;

    int pages;
    long records; // items read by this run (not the skipped ones)
    long rows;
    long deadLetters;
    long deleted; // rows deletes at the source deleted or marked, as committed
    long children; // child-table rows written
    private boolean finished;

    FileRun(String file, String stream, String key) {
        this.file = file;
        this.stream = stream;
        this.key = key;
    }

    /** The page with the sink or the next to read, for a failure's line: {@code page 3}. */
    String position() {
        return "file '" + file + "' page " + (pages + 1);
    }

    /** Marks the run finished and closes the file; false when it already was. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        close();
        return true;
    }

    synchronized boolean finished() {
        return finished;
    }

    void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // the file is done with either way; Camel releases it after the exchange
            } finally {
                reader = null;
            }
        }
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
