package io.tributary.sink;

/**
 * Where a file sink's rows go below {@code DIRECTORY/<table>/} and how large a file grows: {@code
 * partition} ({@code none} | {@code date}), {@code partitionColumn} (a column's values as folders,
 * or null), {@code rollRows} and {@code rollMegabytes} (a parquet file's bounds).
 */
public record FileLayout(
        String partition, String partitionColumn, long rollRows, long rollMegabytes) {
    public static final long ROLL_ROWS = 1_000_000;
    public static final long ROLL_MEGABYTES = 256;

    /** Partitioned by date or not; parquet's bounds at their defaults. */
    public static FileLayout of(String partition) {
        return new FileLayout(partition, null, ROLL_ROWS, ROLL_MEGABYTES);
    }

    public boolean byDate() {
        return "date".equals(partition);
    }
}
