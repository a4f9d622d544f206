package io.tributary.sink;

import io.tributary.config.ConnectorConfigException;
import io.tributary.schema.ChildTable;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.NestedRows;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child tables of a JDBC sink's table ({@code orders__lines}, {@code orders__lines__discounts}:
 * a schema's {@code children}, {@link ChildTable}). {@link JdbcUpsertSink} calls it with the
 * connection of each of its own steps, so children are created and compared under the parent's
 * schema lock and written in the parent's page transaction, before the cursor: for the page's
 * parents their stored children are deleted (at every level, by the {@code _parent_*} columns each
 * level carries), then the page's are inserted. An updated parent so replaces its children whole:
 * none left over, none twice. {@code replace} stages each child table beside the parent's staging
 * table and swaps them in with it. An instance without children does nothing.
 */
final class ChildTables {
    private final SqlDialect dialect;
    private final WriteMode mode;
    private final List<ChildTable> children;
    private final String[] names;
    private final String[] stagings;
    private final String[] retireds;
    private final int[] parentKey; // indexes of the primary key in the parent's row
    private final int[] keyTypes;
    private final ColumnType[] keyColumnTypes;
    private final List<String> primaryKey; // the parent's, as a key scan's seen table names it
    private final List<List<String>> rootKeys; // each table's _parent_* columns

    ChildTables(
            SqlDialect dialect,
            TargetSchema schema,
            String table,
            WriteMode mode,
            String connector) {
        this.dialect = dialect;
        this.mode = mode;
        this.children = ChildTable.of(schema);
        refuseUnsupported(connector, "jdbc", mode, schema);
        names = new String[children.size()];
        stagings = new String[children.size()];
        retireds = new String[children.size()];
        for (int i = 0; i < names.length; i++) {
            String name = table + "__" + children.get(i).suffix();
            try {
                names[i] = SqlIdentifiers.validate(name);
            } catch (IllegalArgumentException e) {
                throw new ConnectorConfigException(
                        connector,
                        "table",
                        table,
                        "its child table '"
                                + name
                                + "' (schema 'children') is not a valid name: "
                                + e.getMessage()
                                + "; shorten the table's or the child's name");
            }
            stagings[i] = suffixed(name, "__staging");
            retireds[i] = suffixed(name, "__retired");
        }
        primaryKey = schema.primaryKey();
        rootKeys = new ArrayList<>();
        for (ChildTable child : children) {
            rootKeys.add(child.keyColumns().subList(0, primaryKey.size()));
        }
        parentKey = schema.primaryKey().stream().mapToInt(schema::indexOf).toArray();
        keyColumnTypes = new ColumnType[parentKey.length];
        keyTypes = new int[parentKey.length];
        for (int i = 0; i < parentKey.length; i++) {
            keyColumnTypes[i] = schema.columns().get(parentKey[i]).type();
            keyTypes[i] = JdbcUpsertSink.jdbcType(keyColumnTypes[i]);
        }
    }

    /**
     * A deleted-records stream's ({@code writeMode: delete}): its schema names keys only, so the
     * child tables another connector's schema made are found in the database, as {@code <table>__*}
     * tables that carry a {@code _parent_<c>} column for each key column {@code c}; a deleted
     * record takes its rows there with it. They are only deleted from, never created.
     */
    static ChildTables existing(Connection c, SqlDialect dialect, TargetSchema schema, String table)
            throws SQLException {
        List<String> found = new ArrayList<>();
        // tables only (H2 and DuckDB say BASE TABLE): not a view, not an index
        try (var rs =
                c.getMetaData()
                        .getTables(
                                null, c.getSchema(), null, new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.startsWith(table + "__")
                        && !name.endsWith("__staging")
                        && !name.endsWith("__retired")
                        && !name.endsWith("__seen")) {
                    found.add(name);
                }
            }
        }
        found.removeIf(
                name -> {
                    try {
                        for (String k : schema.primaryKey()) {
                            if (!SchemaVersions.hasColumn(c, name, "_parent_" + k)) {
                                return true;
                            }
                        }
                        return false;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
        java.util.Collections.sort(found);
        return new ChildTables(dialect, schema, found);
    }

    private ChildTables(SqlDialect dialect, TargetSchema schema, List<String> found) {
        this.dialect = dialect;
        this.mode = WriteMode.DELETE;
        this.children = List.of();
        this.names = found.toArray(new String[0]);
        this.stagings = new String[names.length];
        this.retireds = new String[names.length];
        this.primaryKey = schema.primaryKey();
        this.rootKeys = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rootKeys.add(primaryKey.stream().map(k -> "_parent_" + k).toList());
        }
        this.parentKey = primaryKey.stream().mapToInt(schema::indexOf).toArray();
        this.keyColumnTypes = new ColumnType[parentKey.length];
        this.keyTypes = new int[parentKey.length];
        for (int i = 0; i < parentKey.length; i++) {
            keyColumnTypes[i] = schema.columns().get(parentKey[i]).type();
            keyTypes[i] = JdbcUpsertSink.jdbcType(keyColumnTypes[i]);
        }
    }

    /**
     * Children need a table whose rows have one version per key: {@code append} keeps every version
     * of a record under the same key, so a line could not tell which version it belongs to; a file
     * sink has no tables. Both are refused at start-up.
     */
    static void refuseUnsupported(
            String connector, String sink, WriteMode mode, TargetSchema schema) {
        if (schema.children().isEmpty()) {
            return;
        }
        if (!sink.equals("jdbc")) {
            throw new ConnectorConfigException(
                    connector,
                    "sink",
                    sink,
                    "the schema file "
                            + schema.source()
                            + " declares 'children' (child tables), which only sink jdbc writes; remove 'children' or use sink jdbc");
        }
        if (mode == WriteMode.APPEND) {
            throw new ConnectorConfigException(
                    connector,
                    "writeMode",
                    "append",
                    "the schema file "
                            + schema.source()
                            + " declares 'children': append keeps every version of a record, so their child rows could not tell which one they belong to; use upsert or replace");
        }
    }

    private static String suffixed(String name, String suffix) {
        return SqlIdentifiers.validate(
                name.length() > 63 - suffix.length()
                        ? name.substring(0, 63 - suffix.length()) + suffix
                        : name + suffix);
    }

    /** The names of the child tables, parents first. */
    List<String> names() {
        return List.of(names);
    }

    /** Creates the child tables that are missing (and, under replace, nothing more). */
    void create(Connection c) throws SQLException {
        for (int i = 0; i < names.length; i++) {
            create(c, names[i], children.get(i).table());
        }
    }

    /**
     * Existing child tables take the schema file's changes, or start-up fails naming what not; all
     * with the one schema version of the start-up's change set ({@code startUp}, 0 when the parent
     * table took none).
     */
    void evolve(Connection c, String connector, int startUp) throws SQLException {
        int version = startUp;
        for (int i = 0; i < names.length; i++) {
            TableChanges plan =
                    TableChanges.plan(c, dialect, children.get(i).table(), names[i], mode);
            if (plan.refusal() != null) {
                c.rollback();
                throw new ConnectorConfigException(
                        connector,
                        "schema",
                        children.get(i).table().source(),
                        "child table '" + names[i] + "': " + plan.refusal());
            }
            version = plan.apply(c, connector, version);
        }
    }

    /** For check and preview: what the next run will change in the child tables, or its refusal. */
    void plan(Connection c, String connector) throws SQLException {
        for (int i = 0; i < names.length; i++) {
            TableChanges plan =
                    TableChanges.plan(c, dialect, children.get(i).table(), names[i], mode);
            if (plan.refusal() != null) {
                throw new ConnectorConfigException(
                        connector,
                        "schema",
                        children.get(i).table().source(),
                        "child table '" + names[i] + "': " + plan.refusal());
            }
            plan.report(connector);
        }
    }

    /** Replace: fresh staging tables beside the parent's. */
    void startSync(Connection c) throws SQLException {
        for (int i = 0; i < names.length; i++) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + SqlIdentifiers.quote(stagings[i]));
            }
            create(c, stagings[i], children.get(i).table());
        }
    }

    /** Replace: the staging child tables take the place of the child tables. */
    void finishSync(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < names.length; i++) {
                for (String sql : dialect.swapIn(stagings[i], names[i], retireds[i])) {
                    s.execute(sql);
                }
            }
        }
    }

    /** H2: a child table a crash left renamed away in the middle of a swap is put back. */
    void finishInterruptedSwap(Connection c) throws SQLException {
        for (int i = 0; i < names.length; i++) {
            if (!exists(c, names[i]) && exists(c, retireds[i])) {
                try (Statement s = c.createStatement()) {
                    s.execute(
                            "ALTER TABLE "
                                    + SqlIdentifiers.quote(retireds[i])
                                    + " RENAME TO "
                                    + SqlIdentifiers.quote(names[i]));
                }
            }
        }
    }

    /**
     * In the page's transaction: the stored children of the page's parents are deleted and the
     * page's inserted; a key the page holds twice keeps the children of its last record, as the
     * parent's row does.
     *
     * @return the child rows inserted
     */
    long write(Connection c, PageBatch batch) throws SQLException {
        return write(c, batch, false);
    }

    /**
     * As {@link #write(Connection, PageBatch)}; {@code live}: into the child tables themselves even
     * under replace (a replay, between syncs: there is no staging table then).
     */
    long write(Connection c, PageBatch batch, boolean live) throws SQLException {
        if (children.isEmpty() || batch.rows().isEmpty()) { // a delete stream's: none to write
            return 0;
        }
        Map<List<Object>, Object[]> last = new LinkedHashMap<>();
        for (Object[] row : batch.rows()) {
            last.put(key(row), row);
        }
        List<Object[]> keys = new ArrayList<>();
        for (List<Object> k : last.keySet()) {
            keys.add(k.toArray());
        }
        deleteChildrenOf(c, keys, live);
        long inserted = 0;
        for (int t = 0; t < names.length; t++) {
            ChildTable child = children.get(t);
            List<Object[]> rows = new ArrayList<>();
            for (Object[] parent : last.values()) {
                NestedRows nested = batch.children().of(parent);
                if (nested != null) {
                    rows.addAll(nested.of(t));
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            List<Column> columns = child.table().columns();
            ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
            int[] jdbc = new int[types.length];
            for (int i = 0; i < types.length; i++) {
                jdbc[i] = JdbcUpsertSink.jdbcType(types[i]);
            }
            String sql =
                    "INSERT INTO "
                            + SqlIdentifiers.quote(live ? names[t] : target(t))
                            + " ("
                            + SqlDialect.list(
                                    columns.stream().map(Column::name).collect(Collectors.toList()))
                            + ") VALUES ("
                            + SqlDialect.marks(columns.size())
                            + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    JdbcUpsertSink.bind(dialect, ps, row, jdbc, types);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            inserted += rows.size();
        }
        return inserted;
    }

    /**
     * Deletes every child row (all levels) of the parents with these primary keys (values in the
     * schema's {@code primaryKey} order), in the caller's transaction. A parent deleted at the
     * source should call this with the same keys in the transaction that deletes it.
     */
    /**
     * Deletes the child rows whose top-level parent's key is not in {@code seenTable} (a key scan's
     * keys seen, named as the parent's {@code primaryKey}), in the caller's transaction.
     */
    void deleteChildrenNotIn(Connection c, String seenTable) throws SQLException {
        if (names.length == 0) {
            return;
        }
        List<String> key = primaryKey;
        for (int t = 0; t < names.length; t++) {
            List<String> rootKey = rootKeys.get(t);
            StringBuilder match = new StringBuilder();
            for (int k = 0; k < rootKey.size(); k++) {
                match.append(k == 0 ? "" : " AND ")
                        .append("s.")
                        .append(SqlIdentifiers.quote(key.get(k)))
                        .append(" = c.")
                        .append(SqlIdentifiers.quote(rootKey.get(k)));
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "DELETE FROM "
                                    + SqlIdentifiers.quote(target(t))
                                    + " c WHERE NOT EXISTS (SELECT 1 FROM "
                                    + SqlIdentifiers.quote(seenTable)
                                    + " s WHERE "
                                    + match
                                    + ")")) {
                ps.executeUpdate();
            }
        }
    }

    void deleteChildrenOf(Connection c, List<Object[]> keys) throws SQLException {
        deleteChildrenOf(c, keys, false);
    }

    private void deleteChildrenOf(Connection c, List<Object[]> keys, boolean live)
            throws SQLException {
        if (names.length == 0 || keys.isEmpty()) {
            return;
        }
        for (int t = 0; t < names.length; t++) {
            List<String> rootKey = rootKeys.get(t);
            String sql =
                    "DELETE FROM "
                            + SqlIdentifiers.quote(live ? names[t] : target(t))
                            + " WHERE "
                            + rootKey.stream()
                                    .map(k -> SqlIdentifiers.quote(k) + " = ?")
                                    .collect(Collectors.joining(" AND "));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] key : keys) {
                    JdbcUpsertSink.bind(dialect, ps, key, keyTypes, keyColumnTypes);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private List<Object> key(Object[] row) {
        List<Object> k = new ArrayList<>(parentKey.length);
        for (int i : parentKey) {
            k.add(row[i]);
        }
        return k;
    }

    private String target(int t) {
        return mode == WriteMode.REPLACE ? stagings[t] : names[t];
    }

    private void create(Connection c, String name, TargetSchema table) throws SQLException {
        String columns =
                table.columns().stream()
                        .map(
                                col ->
                                        SqlIdentifiers.quote(col.name())
                                                + " "
                                                + dialect.sqlType(col)
                                                + (col.required() ? " NOT NULL" : ""))
                        .collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + SqlIdentifiers.quote(name)
                            + " ("
                            + columns
                            + ", PRIMARY KEY ("
                            + SqlDialect.list(table.primaryKey())
                            + "))");
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (var rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }
}
