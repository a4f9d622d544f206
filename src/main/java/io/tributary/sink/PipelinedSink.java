package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.DriftEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.RuntimeCamelException;

/**
 * Overlaps writing page n with fetching and mapping page n+1: {@link #write} hands the page to one
 * writer thread per connector and returns; every other call first waits for that write. At most one
 * page is in flight, so pages still commit in order, each with its own cursor in its own
 * transaction.
 *
 * <p>A write that failed is done again, synchronously, by the next call before anything else; if it
 * fails again that call throws, and Camel's redelivery of the step that made the call retries the
 * same page first. So no page is skipped, and the cursor never passes a page that is not in. A
 * failed sync ({@link #abandonSync}) drops a failed write: its transaction never committed.
 */
public final class PipelinedSink implements Sink {
    private final Sink delegate;
    private final String connector;
    private ExecutorService
            writer; // started by the first write: a route may hold idle instances of its connector
    private Future<?> inFlight;
    private Runnable
            pending; // the write in flight, or one that failed and must be done again first

    public PipelinedSink(Sink delegate, String connector) {
        this.delegate = delegate;
        this.connector = connector;
    }

    public Sink delegate() {
        return delegate;
    }

    /** Waits for the write in flight; redoes a failed one here (throwing if it fails again). */
    private synchronized void settle() {
        if (inFlight != null) {
            try {
                inFlight.get();
                pending = null;
            } catch (ExecutionException e) {
                // done again below, in order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeCamelException(
                        "interrupted while waiting for the previous page's write", e);
            } finally {
                inFlight = null;
            }
        }
        if (pending != null) {
            pending.run(); // throws on failure and stays pending
            pending = null;
        }
    }

    @Override
    public synchronized void write(
            String connector, PageBatch batch, io.tributary.state.CursorState cursor) {
        settle();
        Runnable w = () -> delegate.write(connector, batch, cursor);
        pending = w;
        if (writer == null) {
            writer =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "tributary-writer-" + this.connector);
                                t.setDaemon(true);
                                return t;
                            });
        }
        inFlight = writer.submit(w);
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
    public synchronized void abandonSync(String connector) {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (ExecutionException ignored) {
                // never committed; the run has failed anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        inFlight = null;
        pending = null;
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
