package io.tributary.connector;

import io.tributary.metrics.RunningSync;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The runs of one connector's trigger: one, or with {@code concurrency} several slices at once. The
 * status page sees them as one sync: the trigger's earliest start, and pages, records and rows
 * summed over its runs that finished and those going on now, so the totals never go backwards while
 * parents finish and others still run; the next trigger starts them again at 0.
 */
final class ActiveRuns implements RunningSync {
    private final Set<SyncRun> runs = new HashSet<>(); // guarded by this
    private Object trigger; // the trigger the counts are of; guarded by this
    private Instant startedAt; // guarded by this
    private int finishedRuns;
    private long finishedPages;
    private long finishedRecords;
    private long finishedWritten;

    /**
     * A run of {@code trigger} (null: a trigger of its own) began: what the status page should show
     * now (the run itself when it is the trigger's only one).
     */
    synchronized RunningSync began(SyncRun run, Object trigger) {
        if (trigger == null || trigger != this.trigger) {
            this.trigger = trigger;
            startedAt = run.startedAt();
            finishedRuns = 0;
            finishedPages = 0;
            finishedRecords = 0;
            finishedWritten = 0;
        } else if (run.startedAt().isBefore(startedAt)) {
            startedAt = run.startedAt();
        }
        runs.add(run);
        return runs.size() == 1 && finishedRuns == 0 ? run : this;
    }

    /**
     * A run ended: what still runs of its trigger, shown as one sync with the finished runs'
     * counts, or null when none does.
     */
    synchronized RunningSync ended(SyncRun run) {
        if (runs.remove(run)) {
            finishedRuns++;
            finishedPages += run.pages();
            finishedRecords += run.records();
            finishedWritten += run.written();
        }
        return runs.isEmpty() ? null : this;
    }

    /** False between triggers (a slice's outcome told after the last run of its trigger ended). */
    @Override
    public synchronized boolean goesOn() {
        return !runs.isEmpty();
    }

    @Override
    public synchronized Instant startedAt() {
        return startedAt == null ? Instant.now() : startedAt;
    }

    @Override
    public synchronized long pages() {
        return finishedPages + runs.stream().mapToLong(SyncRun::pages).sum();
    }

    @Override
    public synchronized long records() {
        return finishedRecords + runs.stream().mapToLong(SyncRun::records).sum();
    }

    @Override
    public synchronized long written() {
        return finishedWritten + runs.stream().mapToLong(SyncRun::written).sum();
    }
}
