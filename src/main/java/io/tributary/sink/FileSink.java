package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.DriftEvent;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import io.tributary.state.JdbcCursorStore;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Writes a sync's rows to files, JSON Lines or CSV: one file per sync ({@code
 * DIR/stripe_charges/stripe_charges-20261126T010200Z.jsonl}) or, with {@code partition: date}, one
 * per day of the cursor field ({@code
 * DIR/stripe_charges/date=2026-11-25/stripe_charges-20261126T010200Z.jsonl}).
 *
 * <p>Rows go to a hidden temporary file beside the final one ({@code .NAME.tmp}); when the sync has
 * completed, each file is flushed to disk and renamed atomically, and only then does the cursor
 * move (in the target database, with the dead letters). A failed sync deletes its temporary files,
 * so no file ever appears under its final name half written. A crash after the rename and before
 * the cursor commit re-reads the same records next time: files are at-least-once, tables
 * exactly-once.
 */
public final class FileSink implements Sink {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private final DataSource dataSource;
    private final JdbcCursorStore cursorStore;
    private final String table;
    private final RecordFormat format;
    private final Path directory;
    private final boolean byDate;
    private final Clock clock;
    private final SqlDialect dialect;
    private final int dateIndex;
    private final List<String> columns = new ArrayList<>();
    private boolean[] json;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private String stamp;
    private io.tributary.state.CursorState heldCursor;
    private final List<PageBatch> unpublished =
            new java.util.ArrayList<>(); // counted once their files are renamed
    private boolean failed; // a write of this sync failed: no page may follow until the next sync

    private static final class Open {
        final Path temporary;
        final Path target;
        final FileOutputStream stream;
        final BufferedWriter writer;

        Open(Path temporary, Path target) throws IOException {
            this.temporary = temporary;
            this.target = target;
            this.stream = new FileOutputStream(temporary.toFile());
            this.writer =
                    new BufferedWriter(
                            new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        }
    }

    public FileSink(
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            RecordFormat format,
            Path directory,
            boolean byDate,
            Clock clock) {
        this.dataSource = dataSource;
        this.cursorStore = cursorStore;
        this.table = SqlIdentifiers.validate(table);
        this.format = format;
        this.directory = directory.resolve(table);
        this.byDate = byDate;
        this.clock = clock;
        schema.columns().forEach(c -> columns.add(c.name()));
        this.json = new boolean[schema.columns().size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = schema.columns().get(i).type() == ColumnType.JSON;
        }
        int cursor = schema.cursorField() == null ? -1 : schema.indexOf(schema.cursorField());
        ColumnType ct = cursor < 0 ? null : schema.columns().get(cursor).type();
        this.dateIndex = ct == ColumnType.TIMESTAMP || ct == ColumnType.DATE ? cursor : -1;
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
        try (Stream<Path> files = Files.walk(directory)) { // a crashed sync's temporary files
            for (Path p :
                    (Iterable<Path>)
                            files.filter(
                                            p ->
                                                    p.getFileName()
                                                                    .toString()
                                                                    .startsWith("." + table + "-")
                                                            && p.getFileName()
                                                                    .toString()
                                                                    .endsWith(".tmp"))
                                    ::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(
            String connector, PageBatch batch, io.tributary.state.CursorState cursor) {
        if (stamp == null) {
            startSync(connector);
        }
        if (failed) {
            // part of the failed page may be in the files already: a retry would write it twice
            throw new IllegalStateException(
                    "a page of this sync failed to write under "
                            + directory
                            + "; the sync fails and the next one re-reads from the cursor");
        }
        try {
            for (Object[] row : batch.rows()) {
                Open file = file(row);
                format.row(file.writer, columns, row, json);
            }
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException(
                    "Writing "
                            + format.extension()
                            + " under "
                            + directory
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
        // dead letters wait with the cursor: a failed sync re-reads those records, so they must not
        // stay behind
        if (cursor != null) {
            heldCursor = cursor; // moves only after the files are renamed
        }
        // the rows are in the files now: holding them until the sync ends would grow with the sync
        batch.removeRowsIf((row, source) -> true);
        unpublished.add(batch);
    }

    private Open file(Object[] row) throws IOException {
        String day = null;
        if (byDate) {
            Object v = dateIndex >= 0 && dateIndex < row.length ? row[dateIndex] : null;
            LocalDate d =
                    v instanceof OffsetDateTime
                            ? ((OffsetDateTime) v).toLocalDate()
                            : v instanceof LocalDate
                                    ? (LocalDate) v
                                    : LocalDate.now(clock.withZone(ZoneOffset.UTC));
            day = d.toString();
        }
        String key = day == null ? "" : day;
        Open f = open.get(key);
        if (f == null) {
            Path dir = day == null ? directory : directory.resolve("date=" + day);
            Files.createDirectories(dir);
            String name = table + "-" + stamp;
            Path target = dir.resolve(name + "." + format.extension());
            for (int i = 2; Files.exists(target); i++) { // two syncs in one second
                target = dir.resolve(name + "-" + i + "." + format.extension());
            }
            f = new Open(dir.resolve("." + target.getFileName() + ".tmp"), target);
            format.header(f.writer, columns);
            open.put(key, f);
        }
        return f;
    }

    /** Flushes each file to disk, renames it to its final name, then moves the cursor. */
    @Override
    public synchronized void finishSync(String connector) {
        if (failed) {
            throw new IllegalStateException(
                    "a page of this sync failed to write under "
                            + directory
                            + "; nothing is published");
        }
        try {
            for (Open f : open.values()) {
                f.writer.flush();
                f.stream.getFD().sync();
                f.writer.close();
                Files.move(f.temporary, f.target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(
                    "Publishing "
                            + format.extension()
                            + " files under "
                            + directory
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
        open.clear();
        stamp = null;
        List<DeadLetter> deadLetters = new java.util.ArrayList<>();
        unpublished.forEach(b -> deadLetters.addAll(b.deadLetters()));
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
        unpublished.forEach(PageBatch::committed);
        unpublished.clear();
    }

    @Override
    public synchronized void abandonSync(String connector) {
        discard();
    }

    private void discard() {
        for (Open f : open.values()) {
            try {
                f.writer.close();
            } catch (IOException ignored) {
                // deleted next
            }
            try {
                Files.deleteIfExists(f.temporary);
            } catch (IOException ignored) {
                // the next sync's start removes it
            }
        }
        open.clear();
        stamp = null;
        heldCursor = null;
        unpublished.clear();
    }

    @Override
    public synchronized void addColumn(Column column) {
        if (!format.allowsNewColumns()) {
            throw new UnsupportedOperationException(
                    "a " + format.extension() + " file cannot gain a column");
        }
        columns.add(column.name());
        boolean[] more = java.util.Arrays.copyOf(json, json.length + 1);
        more[json.length] = column.type() == ColumnType.JSON;
        json = more;
    }

    @Override
    public void recordDrift(String connector, DriftEvent event) {
        DriftEventTable.insert(dataSource, connector, event);
    }
}
