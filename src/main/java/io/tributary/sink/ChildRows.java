package io.tributary.sink;

import io.tributary.schema.NestedRows;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child-table rows of a page, kept beside the top-level row each record gave; a row dropped
 * from the page ({@link PageBatch#removeRowsIf}) takes its children with it, since a sink asks for
 * the children of the rows it writes.
 */
public final class ChildRows {
    private final Map<Object[], NestedRows> byRow = new IdentityHashMap<>();

    void put(Object[] row, NestedRows nested) {
        byRow.put(row, nested);
    }

    /** The child rows of one top-level row of the page, or null when its schema has no children. */
    public NestedRows of(Object[] row) {
        return byRow.get(row);
    }

    /** How many child rows the given top-level rows carry. */
    public long count(List<Object[]> rows) {
        if (byRow.isEmpty()) {
            return 0;
        }
        long n = 0;
        for (Object[] row : rows) {
            NestedRows nested = byRow.get(row);
            n += nested == null ? 0 : nested.count();
        }
        return n;
    }
}
