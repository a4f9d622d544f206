package io.tributary.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * What one sync of one connector did; the same facts as its summary line.
 *
 * @param rowsWritten rows committed (re-read records already in the target are not written again)
 * @param unchanged records read again that were already written (at the cursor, or re-sent by the
 *     source)
 * @param cursor the committed cursor after the sync (unchanged by a failed page)
 * @param error why it failed, secrets masked; null on success
 */
public record SyncOutcome(
        String connector,
        boolean success,
        Instant startedAt,
        Duration duration,
        int pages,
        long recordsRead,
        long rowsWritten,
        long unchanged,
        long deadLetters,
        String cursor,
        String error) {

    /** A sync with no re-read records counted. */
    public SyncOutcome(
            String connector,
            boolean success,
            Instant startedAt,
            Duration duration,
            int pages,
            long recordsRead,
            long rowsWritten,
            long deadLetters,
            String cursor,
            String error) {
        this(
                connector,
                success,
                startedAt,
                duration,
                pages,
                recordsRead,
                rowsWritten,
                0,
                deadLetters,
                cursor,
                error);
    }

    /** The one summary line logged per sync. */
    public String summary() {
        StringBuilder b =
                new StringBuilder("sync connector=")
                        .append(connector)
                        .append(" outcome=")
                        .append(success ? "success" : "failed")
                        .append(" records=")
                        .append(recordsRead)
                        .append(" written=")
                        .append(rowsWritten)
                        .append(" unchanged=")
                        .append(unchanged)
                        .append(" dead_letters=")
                        .append(deadLetters)
                        .append(" pages=")
                        .append(pages)
                        .append(" duration=")
                        .append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "%.2fs",
                                        duration.toMillis() / 1000.0))
                        .append(" records_per_s=")
                        .append(
                                duration.toMillis() == 0
                                        ? recordsRead
                                        : recordsRead * 1000 / duration.toMillis())
                        .append(" cursor=")
                        .append(cursor == null ? "-" : cursor);
        if (!success) {
            b.append(" error=\"").append(error).append('"');
        }
        return b.toString();
    }
}
