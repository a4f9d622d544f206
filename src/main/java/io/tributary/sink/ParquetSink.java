package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.DriftEvent;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import io.tributary.state.CursorState;
import io.tributary.state.JdbcCursorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Writes a sync's rows to Parquet files (a data lake's layout): {@code
 * DIR/orders/orders-20261126T010200Z-00001.parquet}, with {@code partition: date} under {@code
 * date=2026-11-25/}, with {@code partitionColumn: country} under {@code country=DE/} (both: {@code
 * date=.../country=.../}). Typed columns from the schema ({@link ParquetColumns}); a file rolls to
 * the next at {@code rollRows} rows or {@code rollMegabytes}.
 *
 * <p>Published as the JSON Lines and CSV files are ({@link FileSink}): rows stream into hidden
 * temporary files; when the sync has completed each is closed, forced to disk and renamed into
 * place, and only then do the sync's dead letters and its cursor commit, in one transaction. A
 * failed sync ({@link #abandonSync}) deletes its temporary files, and so does the next {@link
 * #startSync} after a crash. Guarantee: no file is ever seen half written; a sync's rows are in the
 * files at least once (a crash between the renames and the cursor commit publishes them, and the
 * next sync reads them again), never lost.
 *
 * <p>Memory does not grow with the sync: at most {@link #OPEN_FILES} files are open, each buffering
 * one row group ({@link ParquetPart#ROW_GROUP_BYTES}); a page's rows are dropped once written.
 *
 * <p>Why parquet-java, not DuckDB's {@code COPY ... TO 'x.parquet'} (an in-process DuckDB fed by
 * its Appender): measured by {@code bench/parquet-writers.sh} (one Snappy file of the formats
 * bench's 6 columns, -Xmx192m, one writer thread, 2 cores shared with other builds, so rough):
 * parquet-java 122-147k rows/s at 1M rows, peak RSS 300-316 MB, and 96k rows/s, 328 MB at 2M;
 * DuckDB 84-224k rows/s at 1M, peak RSS 577-699 MB, and 135k rows/s, 946 MB at 2M: the whole sync
 * sits in DuckDB's native memory (outside -Xmx) until the COPY, growing with the sync. On 7
 * narrower typed columns DuckDB was about twice as fast (290-330k vs 130-166k rows/s). The rates
 * are of one order and far above what a source feeds a sink (JSON parsing and mapping bound a sync:
 * {@code bench/formats.sh}); memory decides: parquet-java streams into a bounded row group. It also
 * needs no native library (DuckDB unpacks a 57 MB one at each start) and, with {@link
 * ParquetSnappy}, no Hadoop at run time; the file names, rolls and renames stay this class's; it
 * adds 9.7 MB to the JAR (37.7 to 47.3 MB; DuckDB's driver is 80 MB, free only where the DuckDB
 * target database ships it anyway).
 */
public final class ParquetSink implements Sink {
    /** Files open at once; the least recently written is finished (its partition may get more). */
    static final int OPEN_FILES = 4;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private final DataSource dataSource;
    private final JdbcCursorStore cursorStore;
    private final String table;
    private final Path directory;
    private final FilePartition partition;
    private final ParquetColumns columns;
    private final long rollRows;
    private final long rollBytes;
    private final Clock clock;
    private final SqlDialect dialect;
    private final Map<String, ParquetPart> open = new LinkedHashMap<>(16, 0.75f, true);
    private final List<ParquetPart> finished = new ArrayList<>(); // closed, not yet published
    private final Set<Path> names = new LinkedHashSet<>(); // this sync's final names
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<PageBatch> written = new ArrayList<>(); // rows dropped; counted at publish
    private String stamp;
    private int sequence;
    private CursorState heldCursor;
    private boolean failed; // a write of this sync failed: no page may follow until the next sync

    /**
     * @param partitionColumn a column of the schema whose values name the folders, or null
     * @param rollRows rows per file before the next begins (0: no limit)
     * @param rollMegabytes megabytes per file before the next begins (0: no limit)
     */
    public ParquetSink(
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            Path directory,
            boolean byDate,
            String partitionColumn,
            long rollRows,
            long rollMegabytes,
            Clock clock) {
        this.dataSource = dataSource;
        this.cursorStore = cursorStore;
        this.table = SqlIdentifiers.validate(table);
        this.directory = directory.resolve(table);
        this.partition = new FilePartition(schema, byDate, partitionColumn, clock);
        this.columns = new ParquetColumns(table, schema.columns(), partition.columnIndex());
        this.rollRows = rollRows <= 0 ? Long.MAX_VALUE : rollRows;
        this.rollBytes = rollMegabytes <= 0 ? Long.MAX_VALUE : rollMegabytes << 20;
        this.clock = clock;
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create directory " + this.directory + ": " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c);
            c.setAutoCommit(false);
            dialect.lockSchemaChanges(c);
            DeadLetterTable.create(c, dialect);
            DriftEventTable.create(c);
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(e.getMessage(), e);
        }
        cursorStore.ensureTable();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void startSync(String connector) {
        discard();
        failed = false;
        stamp = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).format(STAMP);
        String prefix = "." + table + "-";
        try (Stream<Path> files = Files.walk(directory)) { // a crashed sync's temporary files
            for (Path p :
                    (Iterable<Path>)
                            files.filter(
                                            p -> {
                                                String n = p.getFileName().toString();
                                                return n.startsWith(prefix) && n.endsWith(".tmp");
                                            })
                                    ::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(String connector, PageBatch batch, CursorState cursor) {
        if (failed) { // a retried page must not begin a sync of its own without the pages before
            throw new IllegalStateException(
                    "a page of this sync failed to write to "
                            + directory
                            + " and its files were discarded; the sync fails and the next one re-reads");
        }
        if (stamp == null) {
            startSync(connector);
        }
        try {
            for (Object[] row : batch.rows()) {
                ParquetPart part = part(partition.folder(row));
                part.write(row);
                if (part.rows() >= rollRows || part.bytes() >= rollBytes) {
                    finish(part);
                }
            }
        } catch (IOException e) {
            fail();
            throw new UncheckedIOException(
                    "Writing parquet under " + directory + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fail();
            throw e;
        }
        // the rows are in the files now; what the publication needs is kept, the rows are not
        batch.removeRowsIf((row, source) -> true);
        deadLetters.addAll(batch.deadLetters()); // with the cursor: a failed sync re-reads them
        if (cursor != null) {
            heldCursor = cursor; // moves only after the files are renamed
        }
        written.add(batch);
    }

    private ParquetPart part(String folder) throws IOException {
        ParquetPart part = open.get(folder);
        if (part != null) {
            return part;
        }
        if (open.size() >= OPEN_FILES) { // memory: the least recently written file ends
            Iterator<ParquetPart> eldest = open.values().iterator();
            ParquetPart p = eldest.next();
            eldest.remove();
            p.close();
            finished.add(p);
        }
        Path dir = folder.isEmpty() ? directory : directory.resolve(folder);
        Files.createDirectories(dir);
        Path target;
        do { // two syncs in one second: the numbers go on
            target = dir.resolve(String.format("%s-%s-%05d.parquet", table, stamp, ++sequence));
        } while (Files.exists(target) || names.contains(target));
        names.add(target);
        part = new ParquetPart(target, columns);
        open.put(folder, part);
        return part;
    }

    /** The file has reached its size: it ends; its partition's next row begins the next. */
    private void finish(ParquetPart part) throws IOException {
        open.values().remove(part);
        part.close();
        finished.add(part);
    }

    /** Closes, forces and renames each file, then commits the dead letters and the cursor. */
    @Override
    public synchronized void finishSync(String connector) {
        if (failed) {
            throw new IllegalStateException(
                    "a page of this sync failed to write to "
                            + directory
                            + "; nothing is published");
        }
        try {
            for (ParquetPart p : new ArrayList<>(open.values())) {
                finish(p);
            }
            Set<Path> folders = new LinkedHashSet<>();
            for (ParquetPart p : finished) {
                p.close();
            }
            for (ParquetPart p : finished) {
                p.publish();
                folders.add(p.target.getParent());
            }
            for (Path folder : folders) { // the renames themselves survive a power loss
                try (FileChannel d = FileChannel.open(folder, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(
                    "Publishing parquet files under " + directory + " failed: " + e.getMessage(),
                    e);
        }
        finished.clear();
        names.clear();
        stamp = null;
        sequence = 0;
        if (heldCursor != null || !deadLetters.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false); // the sync's dead letters and its cursor, together
                DeadLetterTable.insert(c, dialect, connector, deadLetters);
                if (heldCursor != null) {
                    cursorStore.save(c, connector, heldCursor);
                }
                c.commit();
            } catch (SQLException e) {
                throw new RuntimeCamelException(
                        "Saving the dead letters and the cursor failed: " + e.getMessage(), e);
            }
            heldCursor = null;
        }
        deadLetters.clear();
        written.forEach(PageBatch::committed);
        written.clear();
    }

    @Override
    public synchronized void abandonSync(String connector) {
        discard();
        failed = false;
    }

    /** A write failed: what the sync wrote goes, and so does every later page of it. */
    private void fail() {
        discard();
        failed = true;
    }

    private void discard() {
        open.values().forEach(ParquetPart::discard);
        finished.forEach(ParquetPart::discard);
        open.clear();
        finished.clear();
        names.clear();
        stamp = null;
        sequence = 0;
        heldCursor = null;
        deadLetters.clear();
        written.clear();
    }

    /**
     * Drift under {@code evolve}: the open files end with the columns they began with; the next
     * ones have the new column too (so one sync's files may differ by a trailing column, which
     * DuckDB's {@code union_by_name} and Spark's {@code mergeSchema} read as one table).
     */
    @Override
    public synchronized void addColumn(Column column) {
        try {
            for (ParquetPart p : new ArrayList<>(open.values())) {
                finish(p);
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(
                    "Writing parquet under " + directory + " failed: " + e.getMessage(), e);
        }
        columns.add(column);
    }

    @Override
    public void recordDrift(String connector, DriftEvent event) {
        DriftEventTable.insert(dataSource, connector, event);
    }
}
