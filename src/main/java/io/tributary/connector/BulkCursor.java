package io.tributary.connector;

import io.tributary.config.ConnectorConfigException;
import io.tributary.schema.Column;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.TargetSchema;
import io.tributary.sink.PageBatch;
import io.tributary.state.CursorState;
import io.tributary.state.Frontier;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a bulk connector's cursor goes: to the highest value of the sink schema's {@code
 * cursorField} among the job's committed records, never to a clock. A job's result files are not
 * sorted by the cursor, so this is {@link CursorAdvance}'s {@code order: unordered} rule: rows
 * commit page by page, the cursor moves only once the whole job is in ({@link Job#finish}).
 *
 * <p>Airbyte's Salesforce source does the same for its bulk streams: its state is the highest
 * cursor value of the records read (capped at the slice's end), written once a slice's job is read
 * whole, and the next query asks {@code SystemModstamp >= state}. Here ties are read again too
 * ({@code >=} in the query; the cursor row's {@link Frontier} absorbs the records already written
 * at the cursor's value), and no value later than the job's creation by this host's clock, nor
 * beyond now + one hour, becomes the cursor: a provider whose clock runs ahead of this host's then
 * costs re-reads, never a lost record.
 *
 * <p>Crash safety: the highest value committed so far and the job's frontier travel in the job's
 * stream row ({@code <connector>/<jobId>}: message id, highest value, frontier), which the sink
 * writes with each page's rows in one transaction ({@link PageContract#POSITION}); a resumed job
 * starts from that row, so its cursor comes out as an uninterrupted run's. It is the product's own
 * state, as the HTTP source keeps its cursor; no record value goes to a log line or a metric.
 */
final class BulkCursor {
    private final CursorAdvance advance;
    private final Column column;

    private BulkCursor(CursorAdvance advance, Column column) {
        this.advance = advance;
        this.column = column;
    }

    /**
     * The rule for the sink's schema, or null when it declares no {@code cursorField}; {@code
     * cursorStart} must be a value of that field (else exit 2, naming it).
     */
    static BulkCursor of(String connector, TargetSchema schema, String cursorStart) {
        if (schema.cursorField() == null) {
            return null;
        }
        int index = schema.indexOf(schema.cursorField());
        Column c = schema.columns().get(index);
        Column column =
                new Column(
                        c.name(),
                        c.type(),
                        c.path(),
                        true,
                        c.format(),
                        null,
                        null,
                        c.zone(),
                        c.scale());
        BulkCursor cursor =
                new BulkCursor(
                        new CursorAdvance(
                                connector, column, index, "unordered", "true", null, null, null),
                        column);
        if (cursorStart != null && cursor.parse(cursorStart) == null) {
            throw new ConnectorConfigException(
                    connector,
                    "cursorStart",
                    cursorStart,
                    "is not a value of the schema's cursorField '"
                            + column.name()
                            + "' ("
                            + column.type().name().toLowerCase(java.util.Locale.ROOT)
                            + ")");
        }
        return cursor;
    }

    /**
     * A job's cursor as it begins or resumes.
     *
     * @param stored the connector's cursor row, if a job finished before
     * @param kept the job's stream row, if a page of it committed before (a resumed job)
     * @param createdAt when the job was created, by this host's clock: no later value becomes the
     *     cursor
     */
    Job begin(
            Optional<CursorState> stored,
            String cursorStart,
            Optional<CursorState> kept,
            Instant createdAt) {
        String from = stored.map(CursorState::value).orElse(cursorStart);
        CursorAdvance.Progress at =
                new CursorAdvance.Progress(from, from == null ? null : parse(from));
        at.storedFrontier = Frontier.decode(stored.map(CursorState::frontier).orElse(null));
        at.frontier = at.storedFrontier.copy();
        kept.ifPresent(
                row -> {
                    at.highestSeen = row.sourceText() == null ? null : parse(row.sourceText());
                    at.frontier = Frontier.decode(row.frontier());
                });
        return new Job(at, createdAt);
    }

    private Comparable<Object> parse(String text) {
        try {
            @SuppressWarnings("unchecked")
            Comparable<Object> v = (Comparable<Object>) SchemaRecordMapper.parseText(column, text);
            return v;
        } catch (RecordRejectedException e) {
            return null;
        }
    }

    /** One job's progress: what the sink asks per page, what the cursor becomes at its end. */
    final class Job implements PageContract.Position {
        private final CursorAdvance.Progress at;
        private final Instant createdAt;
        private CursorAdvance.Decision pending; // the page with the sink
        long unchanged; // rows already written at the cursor: not written again
        long future; // beyond now + an hour: loaded, not the cursor
        long afterCreation; // changed after the job's creation by this host's clock

        private Job(CursorAdvance.Progress at, Instant createdAt) {
            this.at = at;
            this.createdAt = createdAt;
        }

        /** The sink's question: the page's highest value joins the job's row with its id. */
        @Override
        public CursorState at(String messageId, PageBatch batch) {
            CursorAdvance.Decision d = advance.decide(at, createdAt, batch, true, true);
            pending = d;
            String highest =
                    d.highestSeen == null
                            ? null
                            : SchemaRecordMapper.formatText(column, d.highestSeen);
            return new CursorState(messageId, highest, d.frontier.encode(), true);
        }

        /** The sink acknowledged the page: its values count. */
        void committed() {
            CursorAdvance.Decision d = pending;
            pending = null;
            if (d == null) {
                return; // a duplicate: the kept row had it already
            }
            at.highestSeen = d.highestSeen;
            at.frontier = d.frontier;
            unchanged += d.unchanged;
            future += d.future;
            afterCreation += d.changedDuringSync;
        }

        /**
         * Every page committed: the connector's cursor row, or empty when no committed record had a
         * value above the stored cursor (a job with no records): the cursor stays.
         */
        Optional<CursorState> finish() {
            CursorAdvance.Decision d = advance.finish(at);
            return d.cursor == null
                    ? Optional.empty()
                    : Optional.of(new CursorState(d.canonical, null, d.frontier.encode(), true));
        }
    }
}
