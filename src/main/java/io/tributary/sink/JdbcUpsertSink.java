package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.DriftEvent;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import io.tributary.sql.SqlMessages;
import io.tributary.state.JdbcCursorStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * Writes rows into one table of H2, PostgreSQL or DuckDB: one prepared statement, one JDBC batch
 * and one transaction per page, which also carries the page's dead letters and the new cursor. The
 * table is created from the schema when missing. Values are always bound, never written into SQL.
 *
 * <p>{@link WriteMode}: {@code upsert} (merge by primary key), {@code append} (plain INSERT; on
 * PostgreSQL {@code COPY ... FROM STDIN}, which measured faster than batched INSERTs), or {@code
 * replace}: pages go into {@code <table>__staging}, and {@link #finishSync} swaps it in and stores
 * the cursor — on PostgreSQL in one transaction (DDL is transactional there); on H2, whose DDL
 * commits at once, by renames that {@link #JdbcUpsertSink start-up} completes or undoes after a
 * crash.
 */
public final class JdbcUpsertSink implements Sink {
    private final DataSource dataSource;
    private final JdbcCursorStore cursorStore;
    private volatile TargetSchema schema;
    private final String table;
    private final SqlDialect dialect;
    private final WriteMode mode;
    private final String staging;
    private final String retired;
    private volatile String upsertSql;
    private final java.util.Map<String, String> keepingSql =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int[] sqlTypes;
    private volatile ColumnType[] types;
    private volatile io.tributary.state.CursorState
            heldCursor; // replace: the cursor waits for the swap
    // replace: pages in the staging table count as committed only once the swap has committed
    private final List<PageBatch> unpublished = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SourceDeletes deletes; // flag, delete stream, key scan; nothing when undeclared
    // a schema's nested arrays (does nothing without them); a delete stream's, found per page
    private volatile ChildTables children;
    private final String connector; // its schema versions are recorded under this name
    // PostgreSQL upsert: COPY into a page table + one merge per page (null elsewhere)
    private volatile PostgresMerge merge;

    /**
     * Connects once to learn the dialect and create the tables, so a wrong URL or missing rights
     * fail at start-up rather than at the first page.
     */
    public JdbcUpsertSink(
            DataSource dataSource, JdbcCursorStore cursorStore, TargetSchema schema, String table) {
        this(dataSource, cursorStore, schema, table, WriteMode.UPSERT);
    }

    public JdbcUpsertSink(
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            WriteMode mode) {
        this(dataSource, cursorStore, schema, table, mode, table);
    }

    /**
     * @param connector the connector's id: named in a refused schema change and recorded with an
     *     applied one
     * @throws io.tributary.config.ConnectorConfigException when the existing table cannot take the
     *     schema (another primary key, a narrower or another type); nothing was changed then
     */
    public JdbcUpsertSink(
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            WriteMode mode,
            String connector) {
        this(dataSource, cursorStore, schema, table, mode, connector, SourceDeletes.Settings.NONE);
    }

    /**
     * @param deleteSettings {@code onDelete} and {@code deleteMissing} ({@link SourceDeletes})
     */
    public JdbcUpsertSink(
            DataSource dataSource,
            JdbcCursorStore cursorStore,
            TargetSchema schema,
            String table,
            WriteMode mode,
            String connector,
            SourceDeletes.Settings deleteSettings) {
        if (cursorStore.dataSource() != dataSource) {
            // rows and cursor must commit in one transaction, which needs one database
            throw new IllegalArgumentException(
                    "the JDBC sink and the cursor store must use the same DataSource");
        }
        this.dataSource = dataSource;
        this.cursorStore = cursorStore;
        this.schema = schema;
        this.connector = connector;
        this.table = SqlIdentifiers.validate(table);
        this.mode = mode;
        this.staging =
                SqlIdentifiers.validate(
                        table.length() > 54
                                ? table.substring(0, 54) + "__staging"
                                : table + "__staging");
        this.retired =
                SqlIdentifiers.validate(
                        table.length() > 54
                                ? table.substring(0, 54) + "__retired"
                                : table + "__retired");
        prepareStatements();
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c);
            this.deletes =
                    new SourceDeletes(
                            schema,
                            table,
                            dialect,
                            mode,
                            deleteSettings,
                            java.time.Clock.systemUTC());
            // a delete stream's schema names keys only: its child tables are the ones found
            this.children =
                    mode == WriteMode.DELETE
                            ? ChildTables.existing(c, dialect, schema, table)
                            : new ChildTables(dialect, schema, table, mode, connector);
            // a parent deleted at the source takes its child rows with it (a marked one keeps them)
            deletes.dependents(
                    (connection, action, keys, seenTable) -> {
                        if (action == SourceDeletes.Action.DELETE) {
                            if (keys != null) {
                                children.deleteChildrenOf(connection, keys);
                            } else {
                                children.deleteChildrenNotIn(connection, seenTable);
                            }
                        }
                    });
            c.setAutoCommit(
                    false); // one transaction under the schema lock: replicas may start together
            dialect.lockSchemaChanges(c);
            if (mode == WriteMode.REPLACE) {
                finishInterruptedSwap(
                        c); // and no schema changes: each sync rebuilds the table from the schema
                children.finishInterruptedSwap(c);
            } else if (mode != WriteMode.DELETE) { // a delete stream's schema names only keys
                // the table's and its child tables' changes: one change set, one schema version
                children.evolve(c, connector, evolveTable(c, connector));
            }
            if (mode != WriteMode.DELETE) {
                createTable(c, table);
                children.create(c);
            }
            deletes.prepare(c, connector);
            DeadLetterTable.create(c, dialect);
            DriftEventTable.create(c, dialect);
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(e.getMessage(), e);
        }
        cursorStore.ensureTable();
        this.upsertSql = statement(mode == WriteMode.REPLACE ? staging : table);
        this.merge = pageMerge();
    }

    /** PostgreSQL's upsert by page table, or null (another database or write mode). */
    private PostgresMerge pageMerge() {
        return mode == WriteMode.UPSERT && dialect.mergesPages()
                ? new PostgresMerge(dialect, table, schema.columns(), schema.primaryKey())
                : null;
    }

    /**
     * Before a page's transaction: the page table of this session, when the page can be merged
     * ({@link #mergeable}).
     */
    private void prepareMerge(Connection c, PageBatch batch) throws SQLException {
        PostgresMerge m = merge;
        if (m != null && mergeable(batch)) {
            m.prepare(c);
        }
    }

    /**
     * A page with rows, none lacking an optional path (those keep stored values, row by row, in
     * {@link #keeping} statements).
     */
    private static boolean mergeable(PageBatch batch) {
        return !batch.rows().isEmpty() && DuckDbRows.canMerge(batch);
    }

    /**
     * An existing table takes the schema file's changes now, or start-up fails naming what cannot
     * change.
     */
    private int evolveTable(Connection c, String connector) throws SQLException {
        TableChanges plan = TableChanges.plan(c, dialect, schema, table, mode);
        if (plan.refusal() != null) {
            c.rollback();
            throw new io.tributary.config.ConnectorConfigException(
                    connector, "schema", schema.source(), plan.refusal());
        }
        return plan.apply(c, connector);
    }

    /**
     * For {@code check} and {@code preview}, which change nothing: logs the changes the next run
     * will make to the connector's table, and fails as the run would when the table cannot take the
     * schema.
     */
    public static void planChanges(
            DataSource dataSource,
            TargetSchema schema,
            String table,
            WriteMode mode,
            String connector) {
        if (mode == WriteMode.REPLACE || mode == WriteMode.DELETE) {
            return;
        }
        TableChanges plan;
        try (Connection c = dataSource.getConnection()) {
            plan = TableChanges.plan(c, SqlDialect.of(c), schema, table, mode);
            new ChildTables(SqlDialect.of(c), schema, table, mode, connector).plan(c, connector);
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Reading table '" + table + "' failed: " + e.getMessage(), e);
        }
        if (plan.refusal() != null) {
            throw new io.tributary.config.ConnectorConfigException(
                    connector, "schema", schema.source(), plan.refusal());
        }
        plan.report(connector);
    }

    private void prepareStatements() {
        keepingSql.clear(); // an added column changes every statement
        this.types = schema.columns().stream().map(Column::type).toArray(ColumnType[]::new);
        int[] jdbc = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            jdbc[i] = jdbcType(types[i]);
        }
        this.sqlTypes = jdbc;
    }

    private String statement(String target) {
        List<String> names =
                schema.columns().stream().map(Column::name).collect(Collectors.toList());
        if (mode == WriteMode.APPEND) {
            return "INSERT INTO "
                    + SqlIdentifiers.quote(target)
                    + " ("
                    + SqlDialect.list(names)
                    + ") VALUES ("
                    + SqlDialect.marks(names.size())
                    + ")";
        }
        return dialect.upsert(target, names, schema.primaryKey());
    }

    /** Whether {@link #write} reads a page's source records (a soft-delete flag's value). */
    boolean readsSources() {
        return deletes.readsSources();
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public WriteMode mode() {
        return mode;
    }

    @Override
    public void startSync(String connector) {
        deletes.startSync(dataSource); // a key scan starts with no key seen
        if (mode != WriteMode.REPLACE) {
            return;
        }
        heldCursor = null;
        unpublished.clear();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            dialect.lockSchemaChanges(c);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "DROP TABLE IF EXISTS "
                                + SqlIdentifiers.quote(staging)); // a failed refresh's leftovers
            }
            createTable(c, staging);
            children.startSync(c);
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Preparing staging table '" + staging + "' failed: " + e.getMessage(), e);
        }
    }

    /** Replace: the staging table becomes the table, and the cursor moves, only now. */
    @Override
    public void finishSync(String connector) {
        if (mode != WriteMode.REPLACE) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            dialect.lockSchemaChanges(c);
            try (Statement s = c.createStatement()) {
                // one transaction where DDL is transactional (PostgreSQL, DuckDB); H2's renames
                // are finished or undone at start-up after a crash (finishInterruptedSwap)
                for (String sql : dialect.swapIn(staging, table, retired)) {
                    s.execute(sql);
                }
            }
            children.finishSync(c);
            if (heldCursor != null) {
                cursorStore.save(c, connector, heldCursor);
            }
            c.commit();
            heldCursor = null;
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Swapping in the refreshed table '" + table + "' failed: " + e.getMessage(), e);
        }
        List<PageBatch> published = List.copyOf(unpublished);
        unpublished.clear();
        published.forEach(PageBatch::committed); // only now are its rows and cursor in the table
    }

    /** The sync succeeded: published, then a key scan deletes what it did not see. */
    @Override
    public void finishSync(String connector, PageBatch end) {
        finishSync(connector);
        end.deleted(SourceDeletes.SCAN, deletes.finishScan(dataSource, end.mayBePartial()));
        end.committed();
    }

    @Override
    public void abandonSync(String connector) {
        heldCursor =
                null; // the staging table is dropped by the next sync's start; the table itself is
        // untouched
        unpublished.clear(); // never published: they do not count
    }

    /** H2 only: a crash between the renames of a swap left the table missing; put one back. */
    private void finishInterruptedSwap(Connection c) throws SQLException {
        if (!exists(c, table) && exists(c, retired)) {
            try (Statement s = c.createStatement()) {
                s.execute(
                        "ALTER TABLE "
                                + SqlIdentifiers.quote(retired)
                                + " RENAME TO "
                                + SqlIdentifiers.quote(table));
            }
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (var rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }

    @Override
    public synchronized void addColumn(Column column) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            dialect.lockSchemaChanges(c);
            for (String target :
                    mode == WriteMode.REPLACE ? List.of(table, staging) : List.of(table)) {
                if (!columnExists(c, target, column.name())) {
                    try (Statement s = c.createStatement()) {
                        s.execute(
                                "ALTER TABLE "
                                        + SqlIdentifiers.quote(target)
                                        + " ADD COLUMN "
                                        + SqlIdentifiers.quote(column.name())
                                        + " "
                                        + dialect.sqlType(column));
                    }
                    if (target.equals(table)) { // one evolve, one schema version
                        SchemaChangeTable.recordEvolved(
                                c, connector, table, column.name(), dialect.sqlType(column));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Adding column '"
                            + column.name()
                            + "' to table '"
                            + table
                            + "' failed: "
                            + e.getMessage(),
                    e);
        }
        schema = schema.withColumn(column);
        prepareStatements();
        upsertSql = statement(mode == WriteMode.REPLACE ? staging : table);
        merge = pageMerge(); // a page table of the new shape
    }

    private static boolean columnExists(Connection c, String table, String column)
            throws SQLException {
        try (var rs = c.getMetaData().getColumns(null, null, table, column)) {
            return rs.next();
        }
    }

    @Override
    public void recordDrift(String connector, DriftEvent event) {
        DriftEventTable.insert(dataSource, connector, event);
    }

    @Override
    public void replay(
            String connector,
            PageBatch batch,
            List<Long> loaded,
            java.util.Map<Long, DeadLetter> failing) {
        deletes.split(batch); // a replayed deletion deletes, as it would have in its sync
        try (Connection c = dataSource.getConnection()) {
            prepareMerge(c, batch);
            c.setAutoCommit(false);
            try {
                // between syncs, into the table itself (replace has no staging table then)
                insertRows(c, batch, true);
                children.write(c, batch, true);
                if (mode == WriteMode.DELETE && !batch.deletions().isEmpty()) {
                    children = ChildTables.existing(c, dialect, schema, table);
                }
                deletes.apply(c, batch);
                DeadLetterTable.delete(c, loaded);
                DeadLetterTable.updateReasons(c, failing);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Replaying dead letters into table '" + table + "' failed: " + e.getMessage(),
                    e);
        }
    }

    private void insertRows(Connection c, PageBatch batch) throws SQLException {
        insertRows(c, batch, false);
    }

    /** {@code live}: into the table even under replace (a replay: no staging table then). */
    private void insertRows(Connection c, PageBatch batch, boolean live) throws SQLException {
        boolean staged = mode == WriteMode.REPLACE && !live;
        if (!batch.rows().isEmpty()
                && mode == WriteMode.APPEND
                && dialect == SqlDialect.POSTGRESQL) {
            copy(c, batch); // plain inserts: COPY beat batched INSERTs here (see docs/measured.md,
            // "Throughput benchmark")
            return;
        }
        if (batch.rows().isEmpty()) {
            return;
        }
        PostgresMerge m = merge;
        if (m != null && mode == WriteMode.UPSERT && mergeable(batch) && m.preparedOn(c)) {
            m.upsert(c, batch.rows()); // COPY + one merge: see PostgresMerge
            return;
        }
        if (dialect == SqlDialect.DUCKDB
                && (mode == WriteMode.APPEND || DuckDbRows.canMerge(batch))) {
            String target = staged ? staging : table;
            if (mode == WriteMode.APPEND) {
                DuckDbRows.append(c, target, schema.columns(), batch.rows());
            } else {
                DuckDbRows.upsert(
                        c, dialect, target, schema.columns(), schema.primaryKey(), batch.rows());
            }
            return; // the Appender: DuckDB's fast path (see DuckDbRows)
        }
        int[] jdbc = sqlTypes;
        ColumnType[] t = types;
        List<Object[]> rows = batch.rows();
        int from = 0;
        while (from < rows.size()) {
            // consecutive rows that lack the same optional paths share one statement, in page order
            int[] absent =
                    mode == WriteMode.UPSERT ? batch.absentColumns(rows.get(from)) : new int[0];
            int to = from + 1;
            while (to < rows.size()
                    && java.util.Arrays.equals(
                            absent,
                            mode == WriteMode.UPSERT
                                    ? batch.absentColumns(rows.get(to))
                                    : absent)) {
                to++;
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            absent.length == 0
                                    ? (staged || mode != WriteMode.REPLACE
                                            ? upsertSql
                                            : statement(table))
                                    : keeping(absent))) {
                for (Object[] row : rows.subList(from, to)) {
                    bind(dialect, ps, row, jdbc, t);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            from = to;
        }
    }

    /**
     * The upsert that keeps the stored values of the columns a record lacked (one per shape,
     * cached).
     */
    private String keeping(int[] absent) {
        return keepingSql.computeIfAbsent(
                java.util.Arrays.toString(absent),
                k -> {
                    java.util.Set<String> kept = new java.util.HashSet<>();
                    for (int i : absent) {
                        kept.add(schema.columns().get(i).name());
                    }
                    return dialect.upsertKeeping(
                            table,
                            schema.columns().stream()
                                    .map(Column::name)
                                    .collect(Collectors.toList()),
                            schema.primaryKey(),
                            kept);
                });
    }

    /**
     * PostgreSQL COPY ... FROM STDIN (CSV) of the page's rows, in the page's transaction, streamed
     * as it is encoded ({@link CopyStream}).
     */
    private void copy(Connection c, PageBatch batch) throws SQLException {
        List<Column> columns = schema.columns();
        String sql =
                "COPY "
                        + SqlIdentifiers.quote(table)
                        + " ("
                        + SqlDialect.list(
                                columns.stream().map(Column::name).collect(Collectors.toList()))
                        + ") FROM STDIN WITH (FORMAT csv)";
        CopyStream.copy(c, sql, batch.rows(), columns.size());
    }

    @Override
    public void write(String connector, PageBatch batch, io.tributary.state.CursorState cursor) {
        deletes.split(batch); // flagged records delete or mark their rows instead
        try (Connection c = dataSource.getConnection()) {
            prepareMerge(c, batch);
            c.setAutoCommit(false);
            try {
                if (dialect == SqlDialect.DUCKDB) {
                    DuckDbRows.deadLetterUnfitDecimals(batch, schema.columns());
                }
                insertRows(c, batch);
                children.write(c, batch); // the page's parents' children replaced, same transaction
                if (mode == WriteMode.DELETE && !batch.deletions().isEmpty()) {
                    // the connector that makes the child tables may have started after this one,
                    // and a Kamelet sink starts no sync: found again for each page that deletes
                    children = ChildTables.existing(c, dialect, schema, table);
                }
                deletes.apply(c, batch);
                DeadLetterTable.insert(c, dialect, connector, batch.deadLetters());
                if (cursor != null && mode == WriteMode.REPLACE) {
                    heldCursor = cursor;
                } else if (cursor != null) {
                    cursorStore.save(c, connector, cursor);
                }
                c.commit();
                if (dialect == SqlDialect.H2 && cursor != null && cursor.advanced()) {
                    // H2 writes commits to its file up to a second later; a page whose cursor moved
                    // is
                    // made durable now, so a kill -9 loses no progress already reported
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
                if (mode == WriteMode.REPLACE) {
                    unpublished.add(
                            batch); // in the staging table: counted once finishSync has swapped it
                    // in
                } else {
                    batch.committed();
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(
                            rollbackFailed); // keep the original failure as the one reported
                }
                throw e;
            }
        } catch (SQLException e) {
            SQLException next = e.getNextException(); // batch failures hide the real cause here
            // the driver's text quotes the batch's values: record data never goes into the message
            throw new RuntimeCamelException(
                    "Writing to table '"
                            + table
                            + "' failed: "
                            + SqlMessages.withoutValues(e.getMessage())
                            + (next != null
                                    ? " (" + SqlMessages.withoutValues(next.getMessage()) + ")"
                                    : ""),
                    e);
        }
    }

    static void bind(
            SqlDialect dialect,
            PreparedStatement ps,
            Object[] row,
            int[] sqlTypes,
            ColumnType[] types)
            throws SQLException {
        for (int i = 0; i < types.length; i++) {
            Object v =
                    i < row.length
                            ? row[i]
                            : null; // a row mapped before an evolved column was added
            int index = i + 1;
            if (v == null) {
                ps.setNull(index, sqlTypes[i]);
            } else if (types[i] == ColumnType.JSON) {
                dialect.bindJson(ps, index, (String) v);
            } else if (v instanceof String) {
                ps.setString(index, (String) v);
            } else if (v instanceof Long) {
                ps.setLong(index, (Long) v);
            } else if (v instanceof BigDecimal) {
                ps.setBigDecimal(index, (BigDecimal) v);
            } else if (v instanceof Boolean) {
                ps.setBoolean(index, (Boolean) v);
            } else {
                ps.setObject(
                        index,
                        v); // LocalDate, OffsetDateTime: JDBC 4.2 types both drivers bind natively
            }
        }
    }

    private void createTable(Connection c, String name) throws SQLException {
        String columns =
                schema.columns().stream()
                        .map(
                                col ->
                                        SqlIdentifiers.quote(col.name())
                                                + " "
                                                + dialect.sqlType(col)
                                                + (col.required() ? " NOT NULL" : ""))
                        .collect(Collectors.joining(", "));
        String pk =
                schema.primaryKey().stream()
                        .map(SqlIdentifiers::quote)
                        .collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            // append keeps every record, so repeated keys are allowed
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + SqlIdentifiers.quote(name)
                            + " ("
                            + columns
                            + (mode == WriteMode.APPEND ? "" : ", PRIMARY KEY (" + pk + ")")
                            + ")");
        }
    }

    static int jdbcType(ColumnType type) {
        switch (type) {
            case INTEGER:
                return Types.BIGINT;
            case DECIMAL:
                return Types.NUMERIC;
            case BOOLEAN:
                return Types.BOOLEAN;
            case DATE:
                return Types.DATE;
            case TIMESTAMP:
                return Types.TIMESTAMP_WITH_TIMEZONE;
            case JSON:
                return Types.OTHER;
            default:
                return Types.VARCHAR;
        }
    }
}
