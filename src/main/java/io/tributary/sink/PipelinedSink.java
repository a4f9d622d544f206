package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.DriftEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.RuntimeCamelException;

/**
 * Overlaps writing pages with fetching and mapping the next: {@link #write} hands the page to one
 * writer thread per connector and returns; every other call first waits for the writes handed over.
 * At most {@link #DEPTH} pages are handed over and not yet committed (a page waits for a place), so
 * memory does not grow with the sync; one writer thread takes them in order, so pages still commit
 * in order, each with its own cursor in its own transaction.
 *
 * <p>A write that failed is done again, synchronously, by the next call that finds it failed before
 * anything else, and so is every page handed over behind it, which the writer thread skips once one
 * has failed; if one fails again that call throws, and Camel's redelivery of the step that made the
 * call retries the same pages first. So no page is skipped, no page commits before one handed over
 * earlier, and the cursor never passes a page that is not in. A failed sync ({@link #abandonSync})
 * drops the failed and skipped writes: their transactions never committed.
 */
public final class PipelinedSink implements Sink {
    /**
     * Pages handed over and not yet committed, at most: two absorb the jitter between fetching a
     * page and writing one (the next is fetched while the writer may still be on the one before).
     */
    static final int DEPTH = 2;

    private final Sink delegate;
    private final String connector;
    private final int depth;
    private ExecutorService
            writer; // started by the first write: a route may hold idle instances of its connector
    // in hand-over order: written, being written, waiting, failed or skipped
    private final Deque<Write> writes = new ArrayDeque<>();
    private volatile boolean failed; // the writer thread skips what is behind a failed write

    /** One page's write; {@code done} once it committed. */
    private final class Write {
        final Runnable task;
        Future<?> future;
        volatile boolean done;

        Write(Runnable task) {
            this.task = task;
        }

        void runOnWriter() {
            if (failed) {
                return; // behind a failed write: done again, in order, by the caller
            }
            try {
                task.run();
                done = true;
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            }
        }
    }

    public PipelinedSink(Sink delegate, String connector) {
        this(delegate, connector, DEPTH);
    }

    PipelinedSink(Sink delegate, String connector, int depth) {
        this.delegate = delegate;
        this.connector = connector;
        this.depth = depth;
    }

    public Sink delegate() {
        return delegate;
    }

    /**
     * Waits for every write handed over; redoes the failed and skipped ones here, in order
     * (throwing if one fails again, which leaves it and those behind it to be done again).
     */
    private synchronized void settle() {
        for (Write w : writes) {
            await(w);
        }
        failed = false; // nothing runs on the writer thread now
        while (!writes.isEmpty()) {
            Write w = writes.peekFirst();
            if (!w.done) {
                w.task.run(); // throws on failure and stays first
                w.done = true;
            }
            writes.removeFirst();
        }
    }

    private void dropCommitted() {
        while (!writes.isEmpty() && writes.peekFirst().done) {
            writes.removeFirst();
        }
    }

    private static void await(Write w) {
        if (w.future == null) {
            return;
        }
        try {
            w.future.get();
        } catch (ExecutionException e) {
            // not done: done again by settle, in order
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeCamelException(
                    "interrupted while waiting for an earlier page's write", e);
        } finally {
            w.future = null;
        }
    }

    @Override
    public synchronized void write(
            String connector, PageBatch batch, io.tributary.state.CursorState cursor) {
        dropCommitted();
        Write oldest = writes.peekFirst();
        if (oldest != null
                && oldest.future != null
                && (writes.size() >= depth || oldest.future.isDone())) {
            await(oldest); // a place for this page, or a failure to learn about now
            dropCommitted();
        }
        oldest = writes.peekFirst();
        if (failed || (oldest != null && oldest.future == null)) {
            // an earlier page failed (it is not done and no longer in flight): it and those behind
            // it go in first, or this call throws
            settle();
        }
        if (writer == null) {
            writer =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "tributary-writer-" + this.connector);
                                t.setDaemon(true);
                                return t;
                            });
        }
        if (delegate instanceof JdbcUpsertSink
                && ((JdbcUpsertSink) delegate).dialect() == io.tributary.sql.SqlDialect.H2
                && !((JdbcUpsertSink) delegate).readsSources()) {
            // the cursor has been decided: waiting pages would otherwise keep their JSON trees
            // alive into the old generation (measured on H2: the heap after GC grew with the sync)
            batch.forgetSources();
        }
        Write w = new Write(() -> delegate.write(connector, batch, cursor));
        writes.addLast(w);
        w.future = writer.submit(w::runOnWriter);
    }

    @Override
    public boolean wantsMorePages() {
        return delegate.wantsMorePages();
    }

    @Override
    public void startSync(String connector) {
        settle();
        delegate.startSync(connector);
    }

    @Override
    public void finishSync(String connector) {
        settle(); // the last page is in before the sync counts as done
        delegate.finishSync(connector);
    }

    @Override
    public void finishSync(String connector, PageBatch end) {
        settle();
        delegate.finishSync(connector, end);
    }

    @Override
    public synchronized void abandonSync(String connector) {
        for (Write w : writes) {
            try {
                await(w);
            } catch (RuntimeCamelException interrupted) {
                break; // the run has failed anyway
            }
        }
        writes.clear(); // never committed: the run has failed
        failed = false;
        delegate.abandonSync(connector);
    }

    @Override
    public void addColumn(Column column) {
        settle();
        delegate.addColumn(column);
    }

    @Override
    public void recordDrift(String connector, DriftEvent event) {
        delegate.recordDrift(connector, event);
    }

    @Override
    public void replay(
            String connector, PageBatch batch, List<Long> loaded, Map<Long, DeadLetter> failing) {
        settle();
        delegate.replay(connector, batch, loaded, failing);
    }
}
