package io.tributary.connector;

import io.tributary.metrics.RunningSync;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs of one connector going on now: one, or with {@code concurrency} several slices at once.
 * The status page sees them as one sync: the earliest start, and pages, records and rows summed.
 */
final class ActiveRuns implements RunningSync {
    private final Set<SyncRun> runs = ConcurrentHashMap.newKeySet();

    /**
     * A run began: what the status page should show now (the run itself when it is the only one).
     */
    RunningSync began(SyncRun run) {
        runs.add(run);
        return runs.size() == 1 ? run : this;
    }

    /** A run ended: what still runs, shown as one sync, or null when none does. */
    RunningSync ended(SyncRun run) {
        runs.remove(run);
        return runs.isEmpty() ? null : this;
    }

    @Override
    public Instant startedAt() {
        return runs.stream().map(SyncRun::startedAt).min(Instant::compareTo).orElse(Instant.now());
    }

    @Override
    public long pages() {
        return runs.stream().mapToLong(SyncRun::pages).sum();
    }

    @Override
    public long records() {
        return runs.stream().mapToLong(SyncRun::records).sum();
    }

    @Override
    public long written() {
        return runs.stream().mapToLong(SyncRun::written).sum();
    }
}
