package io.tributary.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schema.AbsentColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One page's outcome: the rows to load and the records that go to the dead letters. Each row may
 * keep the record it came from (the cursor's source text and the frontier's hash are read from it).
 * A sink calls {@link #committed()} once the page is durable, so counts and cursors reported are
 * the committed ones even when the write is overlapped with the next fetch.
 */
public final class PageBatch {
    private static final int[] NONE = new int[0];
    private final List<Object[]> rows = new ArrayList<>();
    private final Map<Object[], int[]> absent =
            new IdentityHashMap<>(); // only rows that lack optional paths
    private final List<JsonNode> sources = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final ChildRows children = new ChildRows(); // nested arrays' rows, per row
    private Runnable onCommitted;
    // deletes at the source (SourceDeletes): the rows naming deleted keys, and what committed
    private final List<Object[]> deletions = new ArrayList<>();
    private String deletedKind;
    private long deleted;
    private int withdrawn; // rows taken out because they name deleted keys: never written
    private boolean mayBePartial; // the sync's end: its read may have left records behind
    private volatile boolean isCommitted; // set by the writer thread of a pipelined sink

    public void addRow(Object[] row) {
        addRow(row, null);
    }

    /**
     * A row and the source record it was mapped from; an {@link AbsentColumns} the mapper appended
     * is taken off and kept beside the row.
     */
    public void addRow(Object[] row, JsonNode source) {
        io.tributary.schema.NestedRows nested = null;
        if (row.length > 0 && row[row.length - 1] instanceof io.tributary.schema.NestedRows) {
            nested = (io.tributary.schema.NestedRows) row[row.length - 1];
            row = Arrays.copyOf(row, row.length - 1);
        }
        int last = row.length - 1;
        if (last >= 0 && row[last] instanceof AbsentColumns) {
            int[] columns = ((AbsentColumns) row[last]).indexes();
            row = Arrays.copyOf(row, last);
            absent.put(row, columns);
        }
        rows.add(row);
        sources.add(source);
        if (nested != null) {
            children.put(row, nested);
        }
    }

    /** The child-table rows of this page's rows (a schema's {@code children}). */
    public ChildRows children() {
        return children;
    }

    public void addDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    public List<Object[]> rows() {
        return rows;
    }

    /**
     * The indexes of the optional columns whose path this row's record did not have (missing, not
     * null): an upsert keeps the stored values of those columns. Empty for most rows.
     */
    public int[] absentColumns(Object[] row) {
        return absent.getOrDefault(row, NONE);
    }

    /** The source record of row i, or null when it was not kept. */
    public JsonNode source(int i) {
        return sources.get(i);
    }

    /**
     * Lets go of the source records once nothing will read them: a page waiting for the writer
     * thread then holds its rows only, not the parsed JSON they came from.
     */
    public void forgetSources() {
        java.util.Collections.fill(sources, null);
    }

    /** Drops the rows (with their source records) the test accepts; true when any went. */
    public boolean removeRowsIf(BiPredicate<Object[], JsonNode> test) {
        boolean removed = false;
        int kept = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (test.test(rows.get(i), sources.get(i))) {
                removed = true;
            } else {
                rows.set(kept, rows.get(i));
                sources.set(kept, sources.get(i));
                kept++;
            }
        }
        rows.subList(kept, rows.size()).clear();
        sources.subList(kept, sources.size()).clear();
        return removed;
    }

    /**
     * The rows whose keys the source deleted ({@code deletedWhen}, {@code writeMode: delete}),
     * taken out of (or, when marked, kept in) {@link #rows()} by {@link SourceDeletes}.
     */
    /**
     * Moves the rows the test accepts to {@link #deletions()}: they name keys the source deleted,
     * and are deleted, not written. Counted, so what was written is known after the sink let go of
     * the rows (a file sink drops a page's rows once they are in its files).
     */
    public void withdraw(BiPredicate<Object[], JsonNode> test) {
        List<Object[]> taken = new ArrayList<>();
        removeRowsIf(
                (row, source) -> {
                    boolean take = test.test(row, source);
                    if (take) {
                        taken.add(row);
                    }
                    return take;
                });
        deletions.addAll(taken);
        withdrawn += taken.size();
    }

    /** How many of the page's rows {@link #withdraw} took out. */
    public int withdrawn() {
        return withdrawn;
    }

    public List<Object[]> deletions() {
        return deletions;
    }

    /**
     * The sink deleted or marked {@code count} rows with this page ({@code flag|endpoint|scan}).
     */
    public void deleted(String kind, long count) {
        this.deletedKind = kind;
        this.deleted = count;
    }

    /** Rows the sink deleted or marked in this page's transaction; read once it committed. */
    public long deletedCount() {
        return deleted;
    }

    /** How the deleted rows were found: {@code flag}, {@code endpoint} or {@code scan}; or null. */
    public String deletedKind() {
        return deletedKind;
    }

    /**
     * For the batch of a sync's end: its read may have left records behind (paging stopped after a
     * full page the source did not call the last), so a full key scan takes nothing as missing.
     */
    public PageBatch mayBePartial(boolean partial) {
        this.mayBePartial = partial;
        return this;
    }

    public boolean mayBePartial() {
        return mayBePartial;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && deadLetters.isEmpty() && deletions.isEmpty();
    }

    /**
     * What to do once this page is durable (the connector counts it and moves its reported cursor).
     */
    /**
     * Whether the page's transaction has committed: false while it waits for a pipelined sink's
     * writer thread.
     */
    public boolean isCommitted() {
        return isCommitted;
    }

    public PageBatch onCommitted(Runnable action) {
        this.onCommitted = action;
        return this;
    }

    /**
     * Called by the sink after the page's transaction (or, for files, their publication) committed.
     */
    public void committed() {
        isCommitted = true;
        Runnable action = onCommitted;
        onCommitted = null; // once
        if (action != null) {
            action.run();
        }
    }
}
