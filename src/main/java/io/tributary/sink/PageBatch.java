package io.tributary.sink;

import io.tributary.schema.AbsentColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** One page's outcome: the rows to load and the records that go to the dead letters. */
public final class PageBatch {
    private static final int[] NONE = new int[0];
    private final List<Object[]> rows = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Map<Object[], int[]> absent = new IdentityHashMap<>(); // only rows that lack optional paths

    /** Adds a mapped row; an {@link AbsentColumns} the mapper appended is taken off and kept beside the row. */
    public void addRow(Object[] row) {
        int last = row.length - 1;
        if (last >= 0 && row[last] instanceof AbsentColumns) {
            int[] columns = ((AbsentColumns) row[last]).indexes();
            row = Arrays.copyOf(row, last);
            absent.put(row, columns);
        }
        rows.add(row);
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

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && deadLetters.isEmpty();
    }
}
