package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * A page's upsert into PostgreSQL in two statements: {@code COPY} of its rows into a temporary page
 * table ({@link CopyStream}, streamed as the rows are encoded), then one {@code INSERT ... SELECT
 * ... ON CONFLICT DO UPDATE} from it. A JDBC batch of upserts (pgjdbc rewrites it into multi-row
 * INSERTs) made the server plan and bind ~11 parameters a row; COPY parses rows of text, and the
 * merge is planned once a page. Both run in the page's transaction, so its rows, dead letters and
 * cursor still commit together or not at all; the page table is {@code ON COMMIT DELETE ROWS} (a
 * rollback takes its rows too).
 *
 * <p>The page table is created once per database session (a temporary table is the session's own),
 * named after the target table and its column list, so a column the drift policy added gets a table
 * of its own. Of a key held twice in a page the later record wins, as in a batch in page order:
 * each row carries its position and the merge keeps one row per key, the last.
 */
final class PostgresMerge {
    static final String POSITION = "__tributary_position";

    private final SqlDialect dialect;
    private final String pageTable;
    private final String create;
    private final String load;
    private final String merge;
    private final int columns;

    /** The sessions (pgjdbc's connections behind the pool's proxies) that have the page table. */
    private final Set<Object> prepared = Collections.newSetFromMap(syncWeak());

    PostgresMerge(SqlDialect dialect, String table, List<Column> columns, List<String> key) {
        this.dialect = dialect;
        List<String> names = columns.stream().map(Column::name).collect(Collectors.toList());
        this.columns = names.size();
        this.pageTable = pageTableName(table, columns);
        this.create = dialect.createPageTable(pageTable, table, names, POSITION);
        this.load = dialect.loadPageTable(pageTable, names, POSITION);
        this.merge = dialect.mergePageTable(table, pageTable, names, key, POSITION);
    }

    private static Map<Object, Boolean> syncWeak() {
        return Collections.synchronizedMap(new WeakHashMap<>());
    }

    /**
     * {@code tributary_page_<table>_<hash of the columns>}, within PostgreSQL's 63 bytes (table
     * names are checked ASCII identifiers).
     */
    static String pageTableName(String table, List<Column> columns) {
        String shape =
                columns.stream()
                        .map(c -> c.name() + ":" + c.type() + ":" + c.scale())
                        .collect(Collectors.joining(","));
        String hash = Integer.toHexString((table + "|" + shape).hashCode());
        String stem = table.length() > 36 ? table.substring(0, 36) : table;
        return "tributary_page_" + stem + "_" + hash;
    }

    /**
     * Before the page's transaction begins (auto-commit on): creates this session's page table
     * once, in a transaction of its own, so a page that rolls back cannot take it with it.
     */
    void prepare(Connection c) throws SQLException {
        Object session = c.unwrap(org.postgresql.PGConnection.class);
        if (prepared.contains(session)) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(create);
        } finally {
            c.setAutoCommit(auto);
        }
        prepared.add(session);
    }

    /**
     * Whether this session has the page table: a column added by drift between a page's {@link
     * #prepare} and its write (another page, concurrently) makes a new merge whose table this
     * session lacks, and that page then takes the row-by-row upsert.
     */
    boolean preparedOn(Connection c) throws SQLException {
        return prepared.contains(c.unwrap(org.postgresql.PGConnection.class));
    }

    /** The rows (each {@code columns} long, or shorter: a row mapped before a column was added). */
    void upsert(Connection c, List<Object[]> rows) throws SQLException {
        CopyStream.copyWithPositions(c, load, rows, columns);
        try (java.sql.PreparedStatement ps = c.prepareStatement(merge)) {
            ps.executeUpdate(); // pgjdbc's statement cache: planned once per session
        }
    }

    String pageTable() {
        return pageTable;
    }

    SqlDialect dialect() {
        return dialect;
    }
}
