package io.tributary.connector;

import io.tributary.metrics.ErrorType;
import io.tributary.metrics.SyncOutcome;
import java.time.Duration;
import java.time.Instant;

/**
 * One sync read as several runs at once (date windows: {@link WindowPlan}; numbered pages: {@link
 * PagePlan}): its one summary line and outcome. Each run ends through {@link #ended}; the last one
 * gives the sync's totals: pages, records and rows of every run, the cursor its checkpoints
 * committed, the first failure. Guarded by this.
 */
final class SyncPlan {
    private final int runs;
    private final String cursorFrom;
    private final String runId = SyncRun.newId();

    private int ended;
    private Instant startedAt;
    private int pages;
    private long records;
    private long written;
    private long unchanged;
    private long deadLetters;
    private String cursor;
    private String error;
    private ErrorType errorType;

    /** A sync of {@code runs} runs, from the cursor {@code cursorFrom} (null: none). */
    SyncPlan(int runs, String cursorFrom) {
        this.runs = runs;
        this.cursorFrom = cursorFrom;
        this.cursor = cursorFrom;
    }

    /** The cursor a checkpoint committed, for the summary line. */
    synchronized void committed(String text) {
        cursor = text;
    }

    /**
     * A run ended with this outcome: null while other runs are still to end, the whole sync's
     * outcome from the last one.
     */
    synchronized SyncOutcome ended(SyncOutcome run, Throwable cause) {
        ended++;
        startedAt =
                startedAt == null || run.startedAt().isBefore(startedAt)
                        ? run.startedAt()
                        : startedAt;
        pages += run.pages();
        records += run.recordsRead();
        written += run.rowsWritten();
        unchanged += run.unchanged();
        deadLetters += run.deadLetters();
        if (!run.success() && error == null) {
            error = run.error();
            errorType = cause == null ? ErrorType.OTHER : ErrorType.of(cause);
        }
        if (ended < runs) {
            return null;
        }
        return new SyncOutcome(
                run.connector(),
                error == null,
                startedAt,
                Duration.between(startedAt, Instant.now()),
                pages,
                records,
                written,
                unchanged,
                deadLetters,
                cursor,
                error);
    }

    /** The first failed run's error type, for the summary line. */
    synchronized ErrorType errorType() {
        return errorType;
    }

    String cursorFrom() {
        return cursorFrom;
    }

    String runId() {
        return runId;
    }
}
