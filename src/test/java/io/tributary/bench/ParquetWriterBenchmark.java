package io.tributary.bench;

import io.tributary.schema.TargetSchema;
import io.tributary.sink.PageBatch;
import io.tributary.sink.ParquetSink;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The measurement behind the parquet sink's writer: N rows of {@link FormatBenchmark}'s columns
 * written to one Snappy Parquet file by {@code parquet-java} (through {@link ParquetSink} itself,
 * pages of 1000) or by an in-process DuckDB (its Appender, then {@code COPY ... TO}); one mode per
 * JVM, so each peak RSS is its own. Run by {@code bench/parquet-writers.sh}; not a test.
 */
public final class ParquetWriterBenchmark {
    static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dir = Files.createTempDirectory("tributary-parquet-writers");
        long t0 = System.nanoTime();
        if (mode.equals("parquet-java")) {
            parquetJava(dir, rows);
        } else {
            duckdb(dir.resolve("bench.parquet"), rows);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes;
        try (var files = Files.walk(dir)) {
            bytes =
                    files.filter(p -> p.toString().endsWith(".parquet"))
                            .mapToLong(p -> p.toFile().length())
                            .sum();
        }
        String hwm =
                Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmHWM:"))
                        .findFirst()
                        .orElse("VmHWM: ?")
                        .replaceAll("\\s+", " ");
        System.out.printf(
                Locale.ROOT,
                "  %-12s %,d rows %.2fs %,.0f rows/s  file %,d B  peak RSS %s%n",
                mode,
                rows,
                seconds,
                rows / seconds,
                bytes,
                hwm.substring(hwm.indexOf(' ') + 1));
        try (var files = Files.walk(dir)) { // the files are only measured
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Object[] row(long i) {
        return new Object[] {
            String.format(Locale.ROOT, "r%09d", i),
            BASE.plusNanos(i * 10_000_000L),
            BigDecimal.valueOf(i % 10_000_000, 2),
            i % 3 == 0 ? "paid" : "open",
            "customer" + (i % 50000) + "@example.com",
            FormatBenchmark.NOTE + ", #" + i
        };
    }

    private static void parquetJava(Path dir, int rows) throws Exception {
        Path schema = dir.resolve("bench.schema.yaml");
        Files.writeString(schema, FormatBenchmark.SCHEMA);
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        ParquetSink sink =
                new ParquetSink(
                        h2,
                        new io.tributary.state.JdbcCursorStore(h2),
                        TargetSchema.load(schema),
                        "bench",
                        dir,
                        false,
                        null,
                        0,
                        0,
                        Clock.systemUTC());
        sink.startSync("bench");
        for (long i = 0; i < rows; ) {
            PageBatch page = new PageBatch();
            for (int n = 0; n < 1000 && i < rows; n++, i++) {
                page.addRow(row(i));
            }
            sink.write("bench", page, null);
        }
        sink.finishSync("bench");
    }

    private static void duckdb(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET threads = 1"); // the sink writes on one thread too
            s.execute(
                    "CREATE TABLE bench (id VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
                            + "amount DECIMAL(38,2), status VARCHAR, email VARCHAR, note VARCHAR)");
            try (DuckDBAppender a = ((DuckDBConnection) c).createAppender("main", "bench")) {
                for (long i = 0; i < rows; i++) {
                    Object[] r = row(i);
                    a.beginRow();
                    a.append((String) r[0]);
                    a.append((OffsetDateTime) r[1]);
                    a.append((BigDecimal) r[2]);
                    a.append((String) r[3]);
                    a.append((String) r[4]);
                    a.append((String) r[5]);
                    a.endRow();
                }
            }
            s.execute("COPY bench TO '" + file + "' (FORMAT parquet, COMPRESSION snappy)");
        }
    }

    private ParquetWriterBenchmark() {}
}
