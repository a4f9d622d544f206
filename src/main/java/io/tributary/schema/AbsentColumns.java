package io.tributary.schema;

/**
 * The optional columns (by index) whose path a record did not have at all — missing, not JSON
 * {@code null} — so an upsert keeps what the table holds for them instead of writing NULL. The
 * mapper appends it to such a row as one extra element; {@link io.tributary.sink.PageBatch#addRow}
 * takes it off.
 */
public final class AbsentColumns {
    private final int[] indexes;

    AbsentColumns(int[] indexes) {
        this.indexes = indexes;
    }

    public int[] indexes() {
        return indexes.clone();
    }
}
