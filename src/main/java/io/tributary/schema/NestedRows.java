package io.tributary.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The child-table rows of one record, per {@link ChildTable} (in {@link ChildTable#of} order). The
 * mapper appends it to the record's row, as it does {@link AbsentColumns}, and {@code
 * PageBatch.addRow} takes it off, so every caller of a mapper carries children without knowing.
 */
public final class NestedRows {
    private final List<List<Object[]>> rows;

    NestedRows(int tables) {
        rows = new ArrayList<>(tables);
        for (int i = 0; i < tables; i++) {
            rows.add(new ArrayList<>());
        }
    }

    void add(int table, Object[] row) {
        rows.get(table).add(row);
    }

    /** The rows of child table {@code table}, each with its key columns first. */
    public List<Object[]> of(int table) {
        return rows.get(table);
    }

    /** How many rows over all child tables. */
    public int count() {
        int n = 0;
        for (List<Object[]> r : rows) {
            n += r.size();
        }
        return n;
    }
}
