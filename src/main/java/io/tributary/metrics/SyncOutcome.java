package io.tributary.metrics;

import io.tributary.log.Logfmt;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** {@code success} or {@code failed}: the summary line's and the metrics' {@code outcome}. */
    public String outcome() {
        return success ? "success" : "failed";
    }

    /** The one summary line logged per sync. */
    public String summary() {
        return summary(Map.of());
    }

    /**
     * The summary line with more fields before the error (the run, the error type, a child's
     * parent). Values are quoted where logfmt needs it ({@link Logfmt}).
     */
    public String summary(Map<String, ?> more) {
        StringBuilder b =
                new StringBuilder("sync connector=")
                        .append(connector)
                        .append(" outcome=")
                        .append(outcome())
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
                        .append(Logfmt.value(cursor));
        more.forEach((k, v) -> b.append(' ').append(k).append('=').append(Logfmt.value(v)));
        if (!success) {
            b.append(" error=").append(Logfmt.value(error));
        }
        return b.toString();
    }

    /**
     * The same facts as the fields of a structured log line ({@code TRIBUTARY_LOG_FORMAT=json}):
     * {@code connector, outcome, records, written, unchanged, dead_letters, pages, duration_ms,
     * cursor}, and {@code error} when it failed.
     */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("connector", connector);
        f.put("outcome", outcome());
        f.put("records", recordsRead);
        f.put("written", rowsWritten);
        f.put("unchanged", unchanged);
        f.put("dead_letters", deadLetters);
        f.put("pages", pages);
        f.put("duration_ms", duration.toMillis());
        f.put("cursor", cursor);
        if (!success) {
            f.put("error", error);
        }
        return f;
    }
}
