package io.tributary.connector;

import io.tributary.schema.Column;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.sink.PageBatch;
import io.tributary.state.CursorState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One sync's date windows fetched at once ({@code window} with {@code concurrency} above 1): which
 * windows are done and where the cursor may go. Windows are disjoint ranges of the cursor, so their
 * pages may commit in any order; the cursor only ever moves to the end of the longest run of
 * finished windows from the first (Airbyte's "unordered" slices with a checkpoint at the lowest
 * unfinished one). A crash or a failed window re-reads only the windows after that prefix, which an
 * upsert absorbs. The windows' runs make one sync: one summary line and outcome ({@link SyncPlan}).
 * Guarded by this.
 */
final class WindowPlan {
    /** One window of the plan: the slice a run of the split reads. */
    record Window(WindowPlan plan, int index, OffsetDateTime start, OffsetDateTime end) {}

    private final List<Window> windows = new ArrayList<>();
    private final boolean[] done;
    private int prefix; // windows [0, prefix) are done
    final SyncPlan sync; // the one summary line and outcome

    /**
     * Windows of {@code window} from {@code from} to {@code until} (the last one shorter); at least
     * one, so a sync at the end of time still asks once.
     */
    WindowPlan(OffsetDateTime from, OffsetDateTime until, Duration window, String cursorFrom) {
        OffsetDateTime start = from;
        do {
            OffsetDateTime end = start.plus(window);
            end = end.isAfter(until) ? (start.isAfter(until) ? start : until) : end;
            windows.add(new Window(this, windows.size(), start, end));
            start = end;
        } while (start.isBefore(until));
        this.done = new boolean[windows.size()];
        this.sync = new SyncPlan(windows.size(), cursorFrom);
    }

    List<Window> windows() {
        return List.copyOf(windows);
    }

    /**
     * Window {@code index} has every page committed: the end of the prefix of finished windows when
     * it grew, else null (an earlier window is still being read, or failed).
     */
    synchronized OffsetDateTime finished(int index) {
        done[index] = true;
        int before = prefix;
        while (prefix < done.length && done[prefix]) {
            prefix++;
        }
        return prefix > before ? windows.get(prefix - 1).end() : null;
    }

    /** A run of one planned window reads that window only. */
    static void readOnly(SyncRun run, Window window) {
        run.window = window;
        run.sync = window.plan().sync;
        run.windows.start = window.start();
        run.windows.end = window.end();
        run.windows.until = window.end();
    }

    /**
     * The run's window has every page committed: the cursor moves to the end of the finished
     * windows' prefix, if this one extended it, in a commit of its own. Called under the
     * connector's sink lock ({@link Connector#receive}), so the checkpoints commit in the order the
     * prefix grows and the cursor only ever moves forward.
     */
    static void checkpoint(SyncRun run, io.tributary.sink.Sink sink, Column cursorColumn) {
        WindowPlan plan = run.window.plan();
        OffsetDateTime end = plan.finished(run.window.index());
        if (end == null) {
            return; // an earlier window is still being read: the cursor stays where it is
        }
        String text = SchemaRecordMapper.formatText(cursorColumn, end);
        // no frontier: the next sync's first window starts at this end, above every record read
        PageBatch checkpoint =
                new PageBatch()
                        .onCommitted(
                                () -> {
                                    run.committed(0, 0, text);
                                    plan.sync.committed(text);
                                });
        sink.write(run.target.stream(), checkpoint, CursorState.of(text));
    }
}
