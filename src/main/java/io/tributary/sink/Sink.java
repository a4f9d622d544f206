package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.DriftEvent;
import java.util.List;

/**
 * Where a connector's rows go. The contract every sink keeps: {@link #write} makes the page's rows,
 * its dead letters and the new cursor durable together, or none of them, so a crash at any instant
 * neither loses nor duplicates a row. A sink that can only publish a whole sync at once (a full
 * refresh, a file) holds the cursor back until {@link #finishSync} has published the rows.
 */
public interface Sink {

    /**
     * Writes one page.
     *
     * @param connector the connector id (the cursor's key)
     * @param batch the page's rows and dead letters
     * @param cursor the cursor row to store with them, or null to leave it unchanged; once the page
     *     is durable the sink calls {@link PageBatch#committed()}
     */
    void write(String connector, PageBatch batch, io.tributary.state.CursorState cursor);

    /** False once the sink wants no further pages this run (a preview that has shown enough). */
    default boolean wantsMorePages() {
        return true;
    }

    /** A sync begins (before its first page). */
    default void startSync(String connector) {}

    /**
     * The sync succeeded: publish what it wrote (swap in a refreshed table, rename files), then the
     * cursor.
     */
    default void finishSync(String connector) {}

    /**
     * {@link #finishSync(String)}, then what the sync's end changed besides: a full key scan's
     * deletions are counted on {@code end} ({@link PageBatch#deleted}) before {@link
     * PageBatch#committed()}.
     */
    default void finishSync(String connector, PageBatch end) {
        finishSync(connector);
        end.committed();
    }

    /** The sync failed: discard what it staged; what was published before stays as it was. */
    default void abandonSync(String connector) {}

    /**
     * Schema drift under {@code evolve}: make room for a new nullable column (rows may then be one
     * longer).
     */
    default void addColumn(Column column) {
        throw new UnsupportedOperationException("this sink cannot add columns");
    }

    /**
     * Records a schema-drift event (table {@code tributary_drift_events}); a preview records
     * nothing.
     */
    default void recordDrift(String connector, DriftEvent event) {}

    /**
     * For {@code tributary replay}: loads re-mapped dead letters and, in the same transaction,
     * deletes the loaded ones and gives those still failing their new reason.
     *
     * @param loaded dead-letter ids whose records are in {@code batch} (or were filtered out)
     * @param failing dead-letter id to its new reason
     */
    default void replay(
            String connector,
            PageBatch batch,
            List<Long> loaded,
            java.util.Map<Long, DeadLetter> failing) {
        throw new UnsupportedOperationException("replay needs a jdbc sink");
    }
}
