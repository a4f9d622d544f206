package io.tributary.connector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.ConnectorConfigException;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.sink.PageBatch;
import io.tributary.state.CursorState;
import io.tributary.state.Frontier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a connector's cursor may move after a page, so that it only ever passes records that were
 * read.
 *
 * <ul>
 *   <li><b>ascending</b> (default): to the page's <em>last</em> record's value, not its highest: a
 *       page is not always sorted (a record updated while the sync pages shows up mid-page dated
 *       now). When the stream has ended, every record is in and the highest value is safe.
 *   <li><b>exclusive filters</b> ({@code cursorInclusive: false}, "after T"): while more pages
 *       follow, to the highest value below the last record's, since the tie at the last value may
 *       go on in the next page; a page that is one tie does not move it.
 *   <li>A value after the sync began (the record changed during the sync) or beyond now + {@code
 *       cursorFutureTolerance} (bad data, e.g. 2099, reported) never becomes the cursor.
 *   <li>Values going backwards inside a page are counted; past {@code outOfOrderLimit} (a share of
 *       the records read) the run fails before that page commits, naming {@code order: unordered}.
 *   <li><b>unordered</b> and <b>descending</b>: rows commit page by page, the cursor only when the
 *       whole sync is in (see {@link Connector#finishRun}).
 * </ul>
 *
 * The cursor goes back to the source in the source's own text of the chosen record ({@code
 * cursorFormat: source}), because many sources compare their filter as text; records re-read at or
 * above it are absorbed by the {@link Frontier}.
 */
final class CursorAdvance {
    /**
     * Where one run's cursor stands, which the {@link SyncRun} keeps: the value handed to the sink
     * last (it commits with that page) as a value, in canonical text and in the source's own text;
     * the frontier of records already written at or above it; newest first, the highest value read
     * so far; and what the requests ask from (the lookback applied).
     */
    static final class Progress {
        Comparable<Object> value;
        String canonical;
        String sourceText;
        Frontier frontier = new Frontier();
        Frontier storedFrontier = new Frontier(); // as the run began: newest first compares to it
        Comparable<Object> highestSeen;
        String highestSourceText;
        String requestText;
        Comparable<Object> requestValue;

        Progress(String canonical, Comparable<Object> value) {
            this.canonical = canonical;
            this.value = value;
        }

        /** The cursor went to the sink with a page, at this value. */
        void movedTo(Comparable<Object> value, String canonical, String sourceText) {
            this.value = value;
            this.canonical = canonical;
            this.sourceText = sourceText;
        }
    }

    enum Order {
        ASCENDING,
        DESCENDING,
        UNORDERED
    }

    private final String connector;
    private final Column column;
    private final int index;
    private final JsonPointer sourcePath; // null for a computed cursor column
    final Order order;
    final boolean inclusive;
    private final Duration futureTolerance;
    private final double outOfOrderLimit;
    private final String format; // source, iso, epoch-seconds, epoch-millis or a pattern
    private final DateTimeFormatter pattern;
    Clock clock = Clock.systemUTC();

    CursorAdvance(
            String connector,
            Column column,
            int index,
            String orderText,
            String inclusiveText,
            String toleranceText,
            String limitText,
            String formatText) {
        this.connector = connector;
        this.column = column;
        this.index = index;
        this.sourcePath =
                column == null || column.computed() || column.path() == null
                        ? null
                        : JsonPointer.compile(column.path());
        String o = orderText == null || orderText.isBlank() ? "ascending" : orderText.trim();
        switch (o) {
            case "ascending":
                order = Order.ASCENDING;
                break;
            case "descending":
                order = Order.DESCENDING;
                break;
            case "unordered":
                order = Order.UNORDERED;
                break;
            default:
                throw new ConnectorConfigException(
                        connector,
                        "order",
                        orderText,
                        "must be ascending, descending or unordered");
        }
        String inc =
                inclusiveText == null || inclusiveText.isBlank() ? "true" : inclusiveText.trim();
        if (!inc.equals("true") && !inc.equals("false")) {
            throw new ConnectorConfigException(
                    connector,
                    "cursorInclusive",
                    inclusiveText,
                    "must be true (the cursor parameter means at or after) or false (strictly after)");
        }
        inclusive = inc.equals("true");
        try {
            futureTolerance =
                    Duration.parse(
                            toleranceText == null || toleranceText.isBlank()
                                    ? "PT1H"
                                    : toleranceText.trim());
        } catch (DateTimeParseException e) {
            throw new ConnectorConfigException(
                    connector,
                    "cursorFutureTolerance",
                    toleranceText,
                    "must be an ISO-8601 duration such as PT1H");
        }
        if (futureTolerance.isNegative()) {
            throw new ConnectorConfigException(
                    connector, "cursorFutureTolerance", toleranceText, "must not be negative");
        }
        outOfOrderLimit =
                share(
                        connector,
                        limitText == null || limitText.isBlank() ? "5%" : limitText.trim());
        String f = formatText == null || formatText.isBlank() ? "source" : formatText.trim();
        DateTimeFormatter p = null;
        if (!List.of("source", "iso", "epoch-seconds", "epoch-millis").contains(f)) {
            try {
                p = DateTimeFormatter.ofPattern(f).withZone(ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                throw new ConnectorConfigException(
                        connector,
                        "cursorFormat",
                        formatText,
                        "must be source, iso, epoch-seconds, epoch-millis or a date-time pattern such as yyyy-MM-dd'T'HH:mm:ss");
            }
        }
        if (!f.equals("source")
                && !f.equals("iso")
                && column != null
                && column.type() != ColumnType.TIMESTAMP) {
            throw new ConnectorConfigException(
                    connector,
                    "cursorFormat",
                    formatText,
                    "applies to a timestamp cursorField only");
        }
        format = f;
        pattern = p;
    }

    private static double share(String connector, String text) {
        try {
            double v =
                    text.endsWith("%")
                            ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                            : Double.parseDouble(text);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConnectorConfigException(
                connector, "outOfOrderLimit", text, "must be a share such as 5% (0% to 100%)");
    }

    boolean commitsAtEnd() {
        return order != Order.ASCENDING;
    }

    // ---- the text sent to the source ----

    /**
     * What goes in {@code cursorParam}: the source's own text of the committed value, or the
     * declared format.
     */
    String requestText(String canonical, String sourceText, Object value) {
        switch (format) {
            case "source":
                return sourceText != null ? sourceText : canonical;
            case "iso":
                return canonical;
            default:
                return formatTime(value, canonical);
        }
    }

    /** A computed bound (a window's start, the cursor less the lookback) in the declared format. */
    String computedText(Object value) {
        String canonical = SchemaRecordMapper.formatText(column, value);
        return format.equals("source") || format.equals("iso")
                ? canonical
                : formatTime(value, canonical);
    }

    private String formatTime(Object value, String canonical) {
        if (!(value instanceof OffsetDateTime t)) {
            return canonical;
        }
        switch (format) {
            case "epoch-seconds":
                return Long.toString(t.toEpochSecond());
            case "epoch-millis":
                return Long.toString(t.toInstant().toEpochMilli());
            default:
                return pattern.format(t.toInstant());
        }
    }

    // ---- a page ----

    /**
     * Drops the rows already written (in the frontier), counts them as unchanged, and works out
     * where the cursor may go. Does not change the run's {@link Progress}; {@link PageCommit} does,
     * when the page is handed to the sink.
     *
     * @param more whether the source has more pages after this one
     * @param filters whether requests carry the cursor (cursorParam, clientFilter): only then are
     *     records at or above it read again by design, and absorbed; a source read whole each time
     *     is written whole each time
     */
    Decision decide(SyncRun run, PageBatch batch, boolean more, boolean filters) {
        return decide(run.cursor, run.startedAt, batch, more, filters);
    }

    /**
     * The same for a run that is not a {@link SyncRun} (a bulk job, {@link BulkCursor}): {@code
     * began} is when what it reads was asked for; no later value becomes the cursor.
     */
    Decision decide(Progress at, Instant began, PageBatch batch, boolean more, boolean filters) {
        OffsetDateTime future =
                OffsetDateTime.ofInstant(clock.instant().plus(futureTolerance), ZoneOffset.UTC);
        OffsetDateTime start = OffsetDateTime.ofInstant(began, ZoneOffset.UTC);
        Frontier frontier = at.frontier.copy();
        List<Comparable<Object>> values = new ArrayList<>(batch.rows().size());
        List<Boolean> eligible = new ArrayList<>(batch.rows().size());
        Decision d = new Decision();
        Comparable<Object> maxSoFar = null;
        int maxAt = -1;
        String firstBackward = null;
        for (int r = 0; r < batch.rows().size(); r++) {
            Object[] row = batch.rows().get(r);
            @SuppressWarnings("unchecked")
            Comparable<Object> v = (Comparable<Object>) row[index];
            values.add(v);
            boolean ok = v != null;
            if (ok && isAfter(v, future)) {
                d.future++;
                if (d.futureExample == null) {
                    d.futureExample = SchemaRecordMapper.formatText(column, v);
                }
                ok = false;
            } else if (ok && isAfter(v, start)) {
                d.changedDuringSync++;
                ok = false;
            }
            eligible.add(ok);
            if (ok && order == Order.ASCENDING) {
                // backwards as values, unless the source's own texts ascend: it sorts them as text
                // (25.5Z before 25Z)
                if (maxSoFar != null
                        && v.compareTo(maxSoFar) < 0
                        && !textAscends(batch.source(maxAt), batch.source(r))) {
                    d.backward++;
                    if (firstBackward == null) {
                        firstBackward =
                                SchemaRecordMapper.formatText(column, v)
                                        + " after "
                                        + SchemaRecordMapper.formatText(column, maxSoFar);
                    }
                }
                if (maxSoFar == null || v.compareTo(maxSoFar) > 0) {
                    maxSoFar = v;
                    maxAt = r;
                }
            }
        }
        d.backwardExample = firstBackward;
        // where the cursor may go
        Comparable<Object> candidate = null;
        if (order == Order.ASCENDING) {
            Comparable<Object> last = null;
            Comparable<Object> highest = null;
            for (int i = values.size() - 1; i >= 0; i--) {
                if (eligible.get(i)) {
                    if (last == null) {
                        last = values.get(i);
                    }
                    if (highest == null || values.get(i).compareTo(highest) > 0) {
                        highest = values.get(i);
                    }
                }
            }
            if (!more) {
                candidate = highest; // the stream has ended: everything up to it was read
            } else if (inclusive) {
                candidate = last;
            } else if (last != null) {
                for (int i = 0;
                        i < values.size();
                        i++) { // the highest value below the last one: that tie is complete
                    Comparable<Object> v = values.get(i);
                    if (eligible.get(i)
                            && v.compareTo(last) < 0
                            && (candidate == null || v.compareTo(candidate) > 0)) {
                        candidate = v;
                    }
                }
            }
        } else {
            Comparable<Object> highest = at.highestSeen;
            for (int i = 0; i < values.size(); i++) {
                if (eligible.get(i) && (highest == null || values.get(i).compareTo(highest) > 0)) {
                    highest = values.get(i);
                }
            }
            d.highestSeen = highest;
            if (highest != null && highest != at.highestSeen) {
                d.highestSourceText = sourceTextOf(batch, values, highest);
            }
        }
        Comparable<Object> current = at.value;
        if (candidate != null && (current == null || candidate.compareTo(current) > 0)) {
            d.cursor = candidate;
            d.canonical = SchemaRecordMapper.formatText(column, candidate);
            d.sourceText = sourceTextOf(batch, values, candidate);
        }
        // records already written are not written again; the rest join the frontier while at or
        // above the cursor
        // newest first or unordered, the cursor moves at the end to the highest value read: only
        // records at
        // or above that can be asked for again, and the frontier the run started with stays the
        // reference
        Comparable<Object> floor =
                order == Order.ASCENDING ? (d.cursor != null ? d.cursor : current) : d.highestSeen;
        Frontier stored = order == Order.ASCENDING ? null : at.storedFrontier;
        final Comparable<Object> f = floor;
        if (!filters) {
            d.frontier = frontier;
            return d;
        }
        // the values the frontiers hold, typed: most rows are in none, and need neither text nor
        // hash
        java.util.TreeSet<Comparable<Object>> known = new java.util.TreeSet<>();
        frontier.values().forEach(text -> addParsed(known, text));
        if (stored != null) {
            stored.values().forEach(text -> addParsed(known, text));
        }
        int[] i = {0};
        batch.removeRowsIf(
                (row, source) -> {
                    Comparable<Object> v = values.get(i[0]++);
                    if (v == null || source == null || !known.contains(v) && !keeps(f, v)) {
                        return false;
                    }
                    String key = SchemaRecordMapper.formatText(column, v);
                    long hash = 0;
                    boolean hashed = false;
                    if (frontier.hasValue(key) || stored != null && stored.hasValue(key)) {
                        hash = Frontier.hash(source.toString());
                        hashed = true;
                        if (frontier.contains(key, hash)
                                || stored != null && stored.contains(key, hash)) {
                            d.unchanged++;
                            return true;
                        }
                    }
                    if (keeps(f, v)) {
                        frontier.add(key, hashed ? hash : Frontier.hash(source.toString()));
                    }
                    return false;
                });
        if (f != null) {
            frontier.removeValuesIf(text -> !keeps(f, parse(text)));
        }
        d.frontier = frontier;
        return d;
    }

    /**
     * At the end of a newest-first or unordered sync: the highest value read becomes the cursor.
     */
    Decision finish(Progress at) {
        Decision d = new Decision();
        Comparable<Object> highest = at.highestSeen;
        if (highest != null && (at.value == null || highest.compareTo(at.value) > 0)) {
            d.cursor = highest;
            d.canonical = SchemaRecordMapper.formatText(column, highest);
            d.sourceText = at.highestSourceText;
            Frontier frontier = at.frontier.copy();
            frontier.removeValuesIf(text -> !keeps(highest, parse(text)));
            d.frontier = frontier;
        }
        return d;
    }

    private void addParsed(java.util.Set<Comparable<Object>> into, String text) {
        Comparable<Object> v = parse(text);
        if (v != null) {
            into.add(v);
        }
    }

    /** Whether a record at v may be asked for again once the cursor is at floor. */
    private boolean keeps(Comparable<Object> floor, Comparable<Object> v) {
        if (floor == null || v == null) {
            return floor == null;
        }
        int c = v.compareTo(floor);
        return inclusive ? c >= 0 : c > 0;
    }

    @SuppressWarnings("unchecked")
    private Comparable<Object> parse(String text) {
        try {
            return (Comparable<Object>) SchemaRecordMapper.parseText(column, text);
        } catch (RecordRejectedException e) {
            return null;
        }
    }

    /**
     * Of the page's records at the chosen value, the smallest text: a text-comparing source then
     * re-sends them all.
     */
    private String sourceTextOf(
            PageBatch batch, List<Comparable<Object>> values, Comparable<Object> chosen) {
        if (sourcePath == null) {
            return null;
        }
        String best = null;
        for (int i = 0; i < values.size(); i++) {
            Comparable<Object> v = values.get(i);
            JsonNode source = batch.source(i);
            if (v != null && source != null && v.compareTo(chosen) == 0) {
                JsonNode n = source.at(sourcePath);
                String text = n.isTextual() ? n.textValue() : n.isNumber() ? n.asText() : null;
                if (text != null && (best == null || text.compareTo(best) < 0)) {
                    best = text;
                }
            }
        }
        return best;
    }

    private boolean textAscends(JsonNode earlier, JsonNode later) {
        if (sourcePath == null || earlier == null || later == null) {
            return false;
        }
        JsonNode a = earlier.at(sourcePath);
        JsonNode b = later.at(sourcePath);
        return a.isTextual() && b.isTextual() && b.textValue().compareTo(a.textValue()) >= 0;
    }

    private static boolean isAfter(Object v, OffsetDateTime t) {
        if (v instanceof OffsetDateTime odt) {
            return odt.isAfter(t); // compares instants, whatever the offsets
        }
        if (v instanceof LocalDate date) {
            return date.isAfter(t.toLocalDate());
        }
        return false; // numbers and text have no "now"
    }

    /**
     * Fails the run when too many values went backwards: the source is not sorted by the cursor.
     */
    void checkOrder(SyncRun run, Decision d, boolean filters) {
        if (order != Order.ASCENDING
                || d.backward == 0
                || !filters) { // unfiltered, every run reads everything anyway
            return;
        }
        long read = Math.max(1, run.recordsRead);
        if (run.outOfOrder + d.backward > outOfOrderLimit * read) {
            throw new OutOfOrderException(
                    "connector '"
                            + connector
                            + "': "
                            + (run.outOfOrder + d.backward)
                            + " of "
                            + read
                            + " records read so far are not in cursor order ("
                            + column.name()
                            + " "
                            + d.backwardExample
                            + " in "
                            + run.position()
                            + "), more than outOfOrderLimit "
                            + Math.round(outOfOrderLimit * 100)
                            + "% allows: "
                            + "the source does not sort by "
                            + column.name()
                            + ". Set order: unordered (the cursor then moves only when "
                            + "a whole sync is in), or ask the source to sort by "
                            + column.name()
                            + "; the cursor did not move");
        }
    }

    /** Where a page leaves the cursor, the frontier and the counts. */
    static final class Decision {
        Comparable<Object> cursor; // null: the cursor stays
        String canonical;
        String sourceText;
        Frontier frontier;
        Comparable<Object> highestSeen;
        String highestSourceText;
        long unchanged;
        long backward;
        long future;
        long changedDuringSync;
        String futureExample;
        String backwardExample;

        CursorState state(Progress at) {
            if (cursor != null) {
                return new CursorState(canonical, sourceText, frontier.encode(), true);
            }
            return new CursorState(at.canonical, at.sourceText, frontier.encode(), false);
        }
    }

    /** The run fails: not a failure a retry can mend. */
    static final class OutOfOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfOrderException(String message) {
            super(message);
        }
    }
}
