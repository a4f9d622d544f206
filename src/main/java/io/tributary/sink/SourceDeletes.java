package io.tributary.sink;

import io.tributary.config.ConnectorConfigException;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.DeletedWhen;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Deletes at the source reaching one table of a JDBC sink, in the transactions of the sink. Three
 * shapes, each declared per connector, and one action ({@code onDelete}):
 *
 * <ul>
 *   <li>{@code flag}: the schema's {@code deletedWhen} matches a record (Zendesk's {@code status:
 *       deleted}, an {@code archived_at}): its row is deleted or marked in the page's transaction.
 *   <li>{@code endpoint}: {@code writeMode: delete}, a connector of its own reading a
 *       deleted-records endpoint (Salesforce {@code getDeleted}): each record names a key.
 *   <li>{@code scan}: {@code deleteMissing: true}, for a full read: each page's keys go to {@code
 *       <table>__seen} with its rows; when the whole sync succeeded ({@link #finishScan}) the rows
 *       whose keys were not seen are deleted or marked in one transaction.
 * </ul>
 *
 * {@code onDelete: mark} sets {@value #MARK_COLUMN} (added to the table under the schema lock) and
 * clears it when the record comes back; {@code delete} removes the row. A deletion delivered twice
 * changes nothing the second time and counts nothing. Every statement comes from {@link
 * SqlDialect}.
 */
public final class SourceDeletes {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SourceDeletes.class);

    /** The column {@code onDelete: mark} sets to the time the deletion was committed. */
    public static final String MARK_COLUMN = "_deleted_at";

    public static final String FLAG = "flag";
    public static final String ENDPOINT = "endpoint";
    public static final String SCAN = "scan";

    /** The kinds, for meters registered at zero. */
    public static final List<String> KINDS = List.of(FLAG, ENDPOINT, SCAN);

    /** {@code onDelete}: what a deletion does to its row. */
    public enum Action {
        DELETE,
        MARK;

        public static Action parse(String text) {
            for (Action a : values()) {
                if (a.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * What goes with a deleted (or marked) row, in the same transaction and before it: a child
     * table's rows of that parent ({@code sink/ChildTables}). {@link #cascade} is its one call.
     */
    @FunctionalInterface
    public interface Dependents {
        Dependents NONE = (c, action, keys, seenTable) -> {};

        /**
         * @param keys the key values of the rows going (flag, endpoint), or null for a key scan
         * @param seenTable for a key scan: the table of the keys seen; rows whose key is not in it
         *     go
         */
        void deleting(Connection c, Action action, List<Object[]> keys, String seenTable)
                throws SQLException;
    }

    /** A connector's delete parameters: {@code onDelete} and {@code deleteMissing}. */
    public record Settings(Action action, boolean deleteMissing) {
        public static final Settings NONE = new Settings(Action.DELETE, false);

        /** The parameters' values, checked: a bad one names the parameter. */
        public static Settings of(String connector, String onDelete, String deleteMissing) {
            Action action =
                    Action.parse(onDelete == null || onDelete.isBlank() ? "delete" : onDelete);
            if (action == null) {
                throw new ConnectorConfigException(
                        connector, "onDelete", onDelete, "must be delete or mark");
            }
            return new Settings(
                    action, "true".equalsIgnoreCase(String.valueOf(deleteMissing).trim()));
        }
    }

    /**
     * The refusals that need the schema and the sink together; a bad combination names the
     * parameter (or the schema file) and says what to do.
     */
    public static void check(
            String connector, String sink, WriteMode mode, TargetSchema schema, Settings s) {
        boolean flag = schema.deletedWhen() != null;
        boolean file = !"jdbc".equals(sink);
        if (file && (flag || s.deleteMissing() || mode == WriteMode.DELETE)) {
            throw new ConnectorConfigException(
                    connector,
                    flag ? "schema" : s.deleteMissing() ? "deleteMissing" : "writeMode",
                    flag ? schema.source() : s.deleteMissing() ? "true" : "delete",
                    "deletes at the source need sink jdbc: a "
                            + sink
                            + " sink writes new files and never removes a row from earlier ones");
        }
        if (flag && (mode == WriteMode.APPEND || mode == WriteMode.REPLACE)) {
            throw new ConnectorConfigException(
                    connector,
                    "writeMode",
                    mode.name().toLowerCase(Locale.ROOT),
                    "cannot take the schema's deletedWhen ("
                            + schema.source()
                            + "): "
                            + (mode == WriteMode.APPEND
                                    ? "append keeps every record and has no key to delete by"
                                    : "replace rebuilds the table from each full read")
                            + "; use upsert");
        }
        if (flag && mode == WriteMode.DELETE) {
            throw new ConnectorConfigException(
                    connector,
                    "schema",
                    schema.source(),
                    "has deletedWhen, but writeMode delete takes every record as a deletion; drop deletedWhen");
        }
        if (s.deleteMissing() && schema.cursorField() != null) {
            throw new ConnectorConfigException(
                    connector,
                    "deleteMissing",
                    "true",
                    "needs a full read each sync, but the schema "
                            + schema.source()
                            + " has cursorField '"
                            + schema.cursorField()
                            + "' (records read again are then skipped as unchanged and would look deleted); drop cursorField");
        }
    }

    private final String table;
    private final String seen; // the scan's key table, or null
    private final SqlDialect dialect;
    private final Action action;
    private final DeletedWhen flag; // null: no soft-delete flag
    private final boolean endpoint;
    private final boolean unmarks; // mark on an upsert table: a row written again is live again
    private final List<Column> key;
    private final int[] keyIndexes;
    private final int markIndex; // endpoint: its schema's _deleted_at column, else -1
    private final Clock clock;
    private volatile Dependents dependents = Dependents.NONE;

    SourceDeletes(
            TargetSchema schema,
            String table,
            SqlDialect dialect,
            WriteMode mode,
            Settings settings,
            Clock clock) {
        this.table = table;
        this.dialect = dialect;
        this.action = settings.action();
        this.endpoint = mode == WriteMode.DELETE;
        this.unmarks = action == Action.MARK && mode == WriteMode.UPSERT;
        this.flag = endpoint ? null : schema.deletedWhen();
        this.seen = settings.deleteMissing() ? seenTable(table) : null;
        this.key =
                schema.primaryKey().stream()
                        .map(k -> schema.columns().get(schema.indexOf(k)))
                        .collect(Collectors.toList());
        this.keyIndexes = schema.primaryKey().stream().mapToInt(schema::indexOf).toArray();
        int mark = schema.indexOf(MARK_COLUMN);
        this.markIndex =
                endpoint && mark >= 0 && schema.columns().get(mark).type() == ColumnType.TIMESTAMP
                        ? mark
                        : -1;
        this.clock = clock;
    }

    /** {@code <table>__seen}, cut to fit an identifier as the staging table's name is. */
    static String seenTable(String table) {
        return SqlIdentifiers.validate(
                (table.length() > 57 ? table.substring(0, 57) : table) + "__seen");
    }

    /** Connects what a deleted row takes with it (child tables); none by default. */
    public void dependents(Dependents dependents) {
        this.dependents = dependents;
    }

    /** The one call of {@link Dependents}: before the rows themselves are deleted or marked. */
    private void cascade(Connection c, List<Object[]> rows) throws SQLException {
        if (dependents == Dependents.NONE) {
            return;
        }
        List<Object[]> keys = null;
        if (rows != null) {
            keys = new java.util.ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] key = new Object[keyIndexes.length];
                for (int i = 0; i < keyIndexes.length; i++) {
                    key[i] = row[keyIndexes[i]];
                }
                keys.add(key);
            }
        }
        dependents.deleting(c, action, keys, rows == null ? seen : null);
    }

    /** False when the connector declares no deletes: every call then does nothing. */
    /** Whether {@link #split} reads the pages' source records (a soft-delete flag does). */
    boolean readsSources() {
        return flag != null;
    }

    boolean declared() {
        return flag != null || endpoint || seen != null || unmarks;
    }

    /**
     * At start-up, under the schema lock in the sink's transaction: a delete stream's table exists
     * with its key (made from the key alone when it is missing: the main connector's schema adds
     * the rest and never loses a column), the mark column, the scan's key table.
     */
    void prepare(Connection c, String connector) throws SQLException {
        if (!declared()) {
            return;
        }
        if (endpoint) {
            createIfMissing(c, table);
            for (Column k : key) {
                if (!columnExists(c, table, k.name())) {
                    c.rollback();
                    throw new ConnectorConfigException(
                            connector,
                            "table",
                            table,
                            "has no column '"
                                    + k.name()
                                    + "': the deleted records' primaryKey must name the table's key columns");
                }
            }
        }
        if (action == Action.MARK && !columnExists(c, table, MARK_COLUMN)) {
            try (Statement s = c.createStatement()) {
                s.execute(
                        dialect.addColumn(
                                table, MARK_COLUMN, dialect.sqlType(ColumnType.TIMESTAMP)));
            }
        }
        if (seen != null) {
            createIfMissing(c, seen);
        }
    }

    /** A scan begins: no key is seen yet. */
    void startSync(javax.sql.DataSource dataSource) {
        if (seen == null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(dialect.deleteAll(seen));
        } catch (SQLException e) {
            throw new org.apache.camel.RuntimeCamelException(
                    "Resetting the seen keys of table '" + table + "' failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Before a page's transaction: its flagged rows (or every row of a delete stream) move to
     * {@link PageBatch#deletions()}; a flagged row under {@code mark} stays to be upserted as the
     * source last had it. Done once: a redone write finds nothing more to move.
     */
    void split(PageBatch batch) {
        if (!batch.deletions().isEmpty()) {
            return; // split already: this is a redone write
        }
        if (endpoint) {
            batch.withdraw((row, source) -> true);
        } else if (flag != null) {
            if (action == Action.DELETE) {
                batch.withdraw((row, source) -> flag.matches(source));
            } else { // marked: written as the source last had it, then marked
                List<Object[]> rows = batch.rows();
                for (int i = 0; i < rows.size(); i++) {
                    if (flag.matches(batch.source(i))) {
                        batch.deletions().add(rows.get(i));
                    }
                }
            }
        }
    }

    /**
     * In the page's transaction, after its rows: deletes or marks its deletions (counted on the
     * batch), clears the mark of rows that came back, and records the keys a scan has seen.
     */
    void apply(Connection c, PageBatch batch) throws SQLException {
        if (!declared()) {
            return;
        }
        List<Object[]> deletions = batch.deletions();
        if (unmarks) {
            unmark(c, batch.rows(), deletions);
        }
        if (!deletions.isEmpty()) {
            batch.deleted(endpoint ? ENDPOINT : FLAG, remove(c, deletions));
        }
        if (seen != null && !batch.rows().isEmpty()) {
            try (PreparedStatement ps =
                    c.prepareStatement(dialect.insertIfAbsent(seen, keyNames(), keyNames()))) {
                for (Object[] row : batch.rows()) {
                    bindKey(ps, row, 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private long remove(Connection c, List<Object[]> rows) throws SQLException {
        String sql =
                action == Action.DELETE
                        ? dialect.deleteByKey(table, keyNames())
                        : dialect.markByKey(table, keyNames(), MARK_COLUMN);
        cascade(c, rows);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        long changed = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                int at = 1;
                if (action == Action.MARK) {
                    Object when = markIndex >= 0 && markIndex < row.length ? row[markIndex] : null;
                    ps.setObject(at++, when != null ? when : now);
                }
                bindKey(ps, row, at);
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                changed += Math.max(n, 0);
            }
        }
        return changed;
    }

    /**
     * {@code mark}: rows upserted again and not flagged are live once more (a Salesforce undelete,
     * a price back in the list, a ticket restored), whichever connector marked them.
     */
    private void unmark(Connection c, List<Object[]> rows, List<Object[]> flagged)
            throws SQLException {
        java.util.Set<Object[]> marked =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        marked.addAll(flagged);
        try (PreparedStatement ps =
                c.prepareStatement(dialect.unmarkByKey(table, keyNames(), MARK_COLUMN))) {
            boolean any = false;
            for (Object[] row : rows) {
                if (!marked.contains(row)) {
                    bindKey(ps, row, 1);
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /**
     * The whole sync succeeded (its every page committed): the rows whose keys it did not see are
     * deleted or marked, in one transaction that also empties the seen keys.
     *
     * @param mayBePartial the read may have left records behind (a suspect end): nothing is taken
     *     as missing, and a warning says so
     * @return the rows deleted or marked; 0 without {@code deleteMissing}
     */
    long finishScan(javax.sql.DataSource dataSource, boolean mayBePartial) {
        if (seen == null) {
            return 0;
        }
        if (mayBePartial) {
            LOG.warn(
                    "table={} deleteMissing skipped: paging stopped after a full page the source did not call the last, "
                            + "so the read may be partial; no row is taken as deleted",
                    table);
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                cascade(c, null);
                long changed;
                try (PreparedStatement ps =
                        c.prepareStatement(
                                action == Action.DELETE
                                        ? dialect.deleteUnseen(table, seen, keyNames())
                                        : dialect.markUnseen(
                                                table, seen, keyNames(), MARK_COLUMN))) {
                    if (action == Action.MARK) {
                        ps.setObject(
                                1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                    }
                    changed = ps.executeUpdate();
                }
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.deleteAll(seen));
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new org.apache.camel.RuntimeCamelException(
                    "Deleting the rows of table '"
                            + table
                            + "' the full read did not see failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private void createIfMissing(Connection c, String name) throws SQLException {
        List<String> columns =
                key.stream()
                        .map(
                                k ->
                                        SqlIdentifiers.quote(k.name())
                                                + " "
                                                + dialect.sqlType(k)
                                                + " NOT NULL")
                        .collect(Collectors.toList());
        try (Statement s = c.createStatement()) {
            s.execute(dialect.createTableIfMissing(name, columns, keyNames()));
        }
    }

    private List<String> keyNames() {
        return key.stream().map(Column::name).collect(Collectors.toList());
    }

    private void bindKey(PreparedStatement ps, Object[] row, int first) throws SQLException {
        for (int i = 0; i < keyIndexes.length; i++) {
            ps.setObject(first + i, row[keyIndexes[i]]);
        }
    }

    private static boolean columnExists(Connection c, String table, String column)
            throws SQLException {
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (var rs = c.getMetaData().getColumns(null, null, name, column)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
