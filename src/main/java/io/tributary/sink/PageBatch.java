package io.tributary.sink;

import java.util.ArrayList;
import java.util.List;

/** One page's outcome: the rows to load and the records that go to the dead letters. */
public final class PageBatch {
    private final List<Object[]> rows = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public void addRow(Object[] row) {
        rows.add(row);
    }

    public void addDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    public List<Object[]> rows() {
        return rows;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && deadLetters.isEmpty();
    }
}
