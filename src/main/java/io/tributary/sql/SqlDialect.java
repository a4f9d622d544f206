package io.tributary.sql;

import io.tributary.schema.ColumnType;
import io.tributary.schema.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The few places where H2, PostgreSQL and DuckDB differ: the upsert statement, a handful of column
 * types, how JSON is bound and how a row is locked. Everything else in the sinks and stores is
 * plain JDBC shared by both.
 */
public enum SqlDialect {
    POSTGRESQL {
        @Override
        public String upsert(String table, List<String> columns, List<String> key) {
            List<String> others =
                    columns.stream().filter(c -> !key.contains(c)).collect(Collectors.toList());
            String action =
                    others.isEmpty()
                            ? "DO NOTHING"
                            : "DO UPDATE SET "
                                    + others.stream()
                                            .map(c -> q(c) + " = EXCLUDED." + q(c))
                                            .collect(Collectors.joining(", "));
            return "INSERT INTO "
                    + q(table)
                    + " ("
                    + list(columns)
                    + ") VALUES ("
                    + marks(columns.size())
                    + ")"
                    + " ON CONFLICT ("
                    + list(key)
                    + ") "
                    + action;
        }

        @Override
        public String insertIfAbsent(String table, List<String> columns, List<String> key) {
            return "INSERT INTO "
                    + q(table)
                    + " ("
                    + list(columns)
                    + ") VALUES ("
                    + marks(columns.size())
                    + ")"
                    + " ON CONFLICT ("
                    + list(key)
                    + ") DO NOTHING";
        }

        @Override
        public boolean mergesPages() {
            return true;
        }

        @Override
        public String createPageTable(
                String pageTable, String table, List<String> columns, String position) {
            // CREATE TABLE AS: the columns' types without the target's constraints (a NOT NULL
            // column the schema no longer lists stays out); temporary: this session's own
            return "CREATE TEMPORARY TABLE IF NOT EXISTS "
                    + q(pageTable)
                    + " ON COMMIT DELETE ROWS AS SELECT "
                    + list(columns)
                    + ", CAST(0 AS BIGINT) AS "
                    + q(position)
                    + " FROM "
                    + q(table)
                    + " WITH NO DATA";
        }

        @Override
        public String loadPageTable(String pageTable, List<String> columns, String position) {
            return "COPY pg_temp."
                    + q(pageTable)
                    + " ("
                    + list(columns)
                    + ", "
                    + q(position)
                    + ") FROM STDIN WITH (FORMAT csv)";
        }

        @Override
        public String mergePageTable(
                String table,
                String pageTable,
                List<String> columns,
                List<String> key,
                String position) {
            String upsert = upsert(table, columns, key);
            // ON CONFLICT cannot update a row twice in one statement: one row per key, the last
            return upsert.substring(0, upsert.indexOf(" VALUES ("))
                    + " SELECT "
                    + list(columns)
                    + " FROM (SELECT DISTINCT ON ("
                    + list(key)
                    + ") * FROM pg_temp."
                    + q(pageTable)
                    + " ORDER BY "
                    + list(key)
                    + ", "
                    + q(position)
                    + " DESC) AS page"
                    + upsert.substring(upsert.indexOf(" ON CONFLICT "));
        }

        @Override
        public String upsertKeeping(
                String table, List<String> columns, List<String> key, java.util.Set<String> kept) {
            List<String> updated =
                    columns.stream()
                            .filter(c -> !key.contains(c) && !kept.contains(c))
                            .collect(Collectors.toList());
            String action =
                    updated.isEmpty()
                            ? "DO NOTHING"
                            : "DO UPDATE SET "
                                    + updated.stream()
                                            .map(c -> q(c) + " = EXCLUDED." + q(c))
                                            .collect(Collectors.joining(", "));
            return "INSERT INTO "
                    + q(table)
                    + " ("
                    + list(columns)
                    + ") VALUES ("
                    + marks(columns.size())
                    + ")"
                    + " ON CONFLICT ("
                    + list(key)
                    + ") "
                    + action;
        }

        @Override
        public String sqlType(ColumnType type) {
            switch (type) {
                case DECIMAL:
                    return "NUMERIC";
                case JSON:
                    return "JSONB";
                default:
                    return common(type);
            }
        }

        @Override
        public String textType() {
            return "TEXT";
        }

        @Override
        public void bindJson(PreparedStatement ps, int index, String json) throws SQLException {
            ps.setObject(index, json, Types.OTHER); // lets PostgreSQL cast the text to jsonb
        }

        @Override
        public String alterType(String table, String column, String type) {
            return "ALTER TABLE "
                    + q(table)
                    + " ALTER COLUMN "
                    + q(column)
                    + " TYPE "
                    + type
                    + " USING "
                    + q(column)
                    + "::"
                    + type;
        }

        @Override
        public void lockSchemaChanges(Connection c) throws SQLException {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            }
        }

        @Override
        public List<String> swapIn(String staging, String table, String retired) {
            // one transaction: readers see the old table until the commit, then the new one
            return List.of(
                    "DROP TABLE " + q(table),
                    "ALTER TABLE " + q(staging) + " RENAME TO " + q(table),
                    "ALTER TABLE "
                            + q(table)
                            + " RENAME CONSTRAINT "
                            + q(staging + "_pkey")
                            + " TO "
                            + q(table + "_pkey"));
        }
    },
    H2 {
        @Override
        public String upsert(String table, List<String> columns, List<String> key) {
            return "MERGE INTO "
                    + q(table)
                    + " ("
                    + list(columns)
                    + ") KEY ("
                    + list(key)
                    + ") VALUES ("
                    + marks(columns.size())
                    + ")";
        }

        @Override
        public String insertIfAbsent(String table, List<String> columns, List<String> key) {
            String on =
                    key.stream()
                            .map(k -> "t." + q(k) + " = s." + q(k))
                            .collect(Collectors.joining(" AND "));
            return "MERGE INTO "
                    + q(table)
                    + " t USING (VALUES ("
                    + marks(columns.size())
                    + ")) s ("
                    + list(columns)
                    + ")"
                    + " ON "
                    + on
                    + " WHEN NOT MATCHED THEN INSERT ("
                    + list(columns)
                    + ") VALUES ("
                    + columns.stream().map(c -> "s." + q(c)).collect(Collectors.joining(", "))
                    + ")";
        }

        @Override
        public String upsertKeeping(
                String table, List<String> columns, List<String> key, java.util.Set<String> kept) {
            String on =
                    key.stream()
                            .map(k -> "t." + q(k) + " = s." + q(k))
                            .collect(Collectors.joining(" AND "));
            List<String> updated =
                    columns.stream()
                            .filter(c -> !key.contains(c) && !kept.contains(c))
                            .collect(Collectors.toList());
            return "MERGE INTO "
                    + q(table)
                    + " t USING (VALUES ("
                    + marks(columns.size())
                    + ")) s ("
                    + list(columns)
                    + ")"
                    + " ON "
                    + on
                    + (updated.isEmpty()
                            ? ""
                            : " WHEN MATCHED THEN UPDATE SET "
                                    + updated.stream()
                                            .map(c -> q(c) + " = s." + q(c))
                                            .collect(Collectors.joining(", ")))
                    + " WHEN NOT MATCHED THEN INSERT ("
                    + list(columns)
                    + ") VALUES ("
                    + columns.stream().map(c -> "s." + q(c)).collect(Collectors.joining(", "))
                    + ")";
        }

        @Override
        public String sqlType(ColumnType type) {
            switch (type) {
                case DECIMAL:
                    return "DECFLOAT"; // keeps every digit, like PostgreSQL's unconstrained NUMERIC
                case JSON:
                    return "CHARACTER LARGE OBJECT";
                default:
                    return common(type);
            }
        }

        @Override
        public String textType() {
            return "CHARACTER LARGE OBJECT";
        }

        @Override
        public void bindJson(PreparedStatement ps, int index, String json) throws SQLException {
            ps.setString(index, json);
        }
    },
    /**
     * DuckDB (embedded, one process per file): PostgreSQL's {@code INSERT ... ON CONFLICT}; each
     * row of a JDBC batch is its own statement, so a key twice in a page updates its row twice
     * (DuckDB refuses that inside one multi-row statement). Only non-key columns are updated, never
     * a column of the primary key's index. DDL is transactional, as on PostgreSQL.
     */
    DUCKDB {
        @Override
        public String upsert(String table, List<String> columns, List<String> key) {
            return POSTGRESQL.upsert(table, columns, key);
        }

        @Override
        public String insertIfAbsent(String table, List<String> columns, List<String> key) {
            return POSTGRESQL.insertIfAbsent(table, columns, key);
        }

        @Override
        public String upsertKeeping(
                String table, List<String> columns, List<String> key, java.util.Set<String> kept) {
            return POSTGRESQL.upsertKeeping(table, columns, key, kept);
        }

        @Override
        public String sqlType(ColumnType type) {
            switch (type) {
                case DECIMAL:
                    // DuckDB's widest decimal has 38 digits; 9 after the point, as dlt's DuckDB
                    // destination (declare a column's scale for another split)
                    return "DECIMAL(38, " + DUCKDB_SCALE + ")";
                case JSON:
                    return "JSON";
                default:
                    return common(type);
            }
        }

        @Override
        public int maxPrecision() {
            return 38;
        }

        @Override
        public String textType() {
            return "VARCHAR";
        }

        @Override
        public void bindJson(PreparedStatement ps, int index, String json) throws SQLException {
            ps.setString(index, json); // DuckDB casts the text to JSON, checking it
        }

        @Override
        public String forUpdate() {
            return "";
        }

        @Override
        public List<String> swapIn(String staging, String table, String retired) {
            // DuckDB's DDL is transactional: readers see the old table until the commit
            return List.of(
                    "DROP TABLE " + q(table),
                    "ALTER TABLE " + q(staging) + " RENAME TO " + q(table));
        }

        @Override
        public String idColumn(java.sql.Statement s, String table) throws SQLException {
            s.execute("CREATE SEQUENCE IF NOT EXISTS " + table + "_id"); // no IDENTITY in DuckDB
            return "id BIGINT PRIMARY KEY DEFAULT nextval('" + table + "_id')";
        }

        @Override
        public RowLocks.Held lockRow(String table, String key, java.time.Duration wait)
                throws SQLException {
            return RowLocks.lock(table, key, wait);
        }
    };

    /** Insert the row, or replace the non-key columns of the row with the same key. */
    public abstract String upsert(String table, List<String> columns, List<String> key);

    /**
     * Whether a page's upsert can go through a per-connection page table ({@link #createPageTable},
     * a bulk load into it, {@link #mergePageTable}): PostgreSQL's COPY.
     */
    public boolean mergesPages() {
        return false;
    }

    /**
     * The statement creating, once per connection, a temporary table of the {@code columns} of
     * {@code table} (their types, no constraints) and a {@code position} column, emptied at every
     * commit.
     */
    public String createPageTable(
            String pageTable, String table, List<String> columns, String position) {
        throw new UnsupportedOperationException(name() + " merges no page table");
    }

    /** The bulk load of the page table: its columns, then the position. */
    public String loadPageTable(String pageTable, List<String> columns, String position) {
        throw new UnsupportedOperationException(name() + " merges no page table");
    }

    /**
     * One statement upserting the page table's rows into {@code table}: of a key held twice the row
     * at the higher position wins, as it would in a batch of {@link #upsert}s in page order.
     */
    public String mergePageTable(
            String table,
            String pageTable,
            List<String> columns,
            List<String> key,
            String position) {
        throw new UnsupportedOperationException(name() + " merges no page table");
    }

    /**
     * Like {@link #upsert}, but a row with the same key keeps its values of the {@code kept}
     * columns (a record that did not have their paths); a new row gets NULL there.
     */
    public abstract String upsertKeeping(
            String table, List<String> columns, List<String> key, java.util.Set<String> kept);

    /** Insert the row unless one with the same key exists. */
    public abstract String insertIfAbsent(String table, List<String> columns, List<String> key);

    public abstract String sqlType(ColumnType type);

    /**
     * A column's SQL type: its type's, or {@code NUMERIC(1000, scale)} for a decimal with a
     * declared scale.
     */
    public String sqlType(io.tributary.schema.Column column) {
        return column.type() == ColumnType.DECIMAL && column.scale() != null
                ? "NUMERIC(" + maxPrecision() + ", " + column.scale() + ")"
                : sqlType(column.type());
    }

    /** Digits of a decimal with a declared scale. */
    public int maxPrecision() {
        return MAX_PRECISION;
    }

    /**
     * The definition of an {@code id} primary key the database numbers, for one of Tributary's own
     * tables; creates what the definition needs first.
     */
    public String idColumn(java.sql.Statement s, String table) throws SQLException {
        return "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    }

    /**
     * The locking clause that ends a {@code SELECT} of rows the transaction will update; empty
     * where {@link #lockRow} locks instead.
     */
    public String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * Taken before the transaction that selects {@link #forUpdate} and held until it ends: nothing
     * where the database locks rows, an in-process lock where it cannot ({@link RowLocks}).
     */
    public RowLocks.Held lockRow(String table, String key, java.time.Duration wait)
            throws SQLException {
        return RowLocks.NONE;
    }

    /**
     * Digits of a decimal with a declared scale: PostgreSQL's largest precision (H2 allows more).
     */
    public static final int MAX_PRECISION = 1000;

    /** Changes a column's type to a wider one, converting the values it holds. */
    public String alterType(String table, String column, String type) {
        return "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(column) + " SET DATA TYPE " + type;
    }

    /** A column type for long text such as raw records. */
    public abstract String textType();

    public abstract void bindJson(PreparedStatement ps, int index, String json) throws SQLException;

    /**
     * Serialises table creation across processes until the caller's transaction ends. PostgreSQL's
     * {@code CREATE TABLE IF NOT EXISTS} is not safe when two replicas start at once (the loser
     * fails on pg_class's unique index); H2 and DuckDB are embedded in one process and need nothing
     * (Tributary creates its tables while routes start, one after the other).
     */
    public void lockSchemaChanges(Connection c) throws SQLException {}

    /**
     * The statements that put table {@code staging} in the place of {@code table} (replace mode).
     * Where DDL is transactional (PostgreSQL) they drop and rename in the caller's transaction;
     * here (H2, whose DDL commits at once) the old table is first renamed to {@code retired}, so
     * that start-up can put it back after a crash between the renames.
     */
    public List<String> swapIn(String staging, String table, String retired) {
        return List.of(
                "DROP TABLE IF EXISTS " + q(retired),
                "ALTER TABLE " + q(table) + " RENAME TO " + q(retired),
                "ALTER TABLE " + q(staging) + " RENAME TO " + q(table),
                "DROP TABLE " + q(retired));
    }

    /**
     * Creates one of Tributary's own tables when missing, in a transaction of its own under {@link
     * #lockSchemaChanges}, so that no caller's transaction holds DDL and replicas starting together
     * do not collide.
     */
    @SuppressWarnings("try") // the lock is held for the try, not used in it
    public static void createTable(
            javax.sql.DataSource dataSource, String table, String createIfNotExists) {
        try (Connection c = dataSource.getConnection();
                // DuckDB fails the second of two concurrent CREATEs of one table ("Catalog
                // write-write conflict"), even with IF NOT EXISTS: one at a time in this process
                RowLocks.Held held = of(c).lockRow("tributary ddl", table, DDL_WAIT);
                java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            of(c).lockSchemaChanges(c);
            s.execute(createIfNotExists);
            c.commit();
        } catch (SQLException e) {
            throw new org.apache.camel.RuntimeCamelException(
                    "Cannot create table " + table + ": " + e.getMessage(), e);
        }
    }

    private static final java.time.Duration DDL_WAIT = java.time.Duration.ofSeconds(60);

    /** Digits after the point of a DuckDB decimal whose schema declares no scale. */
    public static final int DUCKDB_SCALE = 9;

    // ---- deletes at the source (sink.SourceDeletes): standard SQL; a dialect may override ----

    /** Creates a table of the given column definitions and primary key, unless it exists. */
    public String createTableIfMissing(
            String table, List<String> columnDefinitions, List<String> key) {
        return "CREATE TABLE IF NOT EXISTS "
                + q(table)
                + " ("
                + String.join(", ", columnDefinitions)
                + ", PRIMARY KEY ("
                + list(key)
                + "))";
    }

    /** Adds a nullable column. */
    public String addColumn(String table, String column, String type) {
        return "ALTER TABLE " + q(table) + " ADD COLUMN " + q(column) + " " + type;
    }

    /** Empties a table of Tributary's own (a key scan's seen keys), in the caller's transaction. */
    public String deleteAll(String table) {
        return "DELETE FROM " + q(table);
    }

    /** Deletes the row whose key is bound ({@code key} in order). */
    public String deleteByKey(String table, List<String> key) {
        return "DELETE FROM " + q(table) + " WHERE " + keyMatch(key);
    }

    /**
     * Sets {@code mark} to the first bound value on the row whose key follows, unless it is marked
     * already (a re-delivered deletion keeps the first time and counts nothing).
     */
    public String markByKey(String table, List<String> key, String mark) {
        return "UPDATE "
                + q(table)
                + " SET "
                + q(mark)
                + " = ? WHERE "
                + keyMatch(key)
                + " AND "
                + q(mark)
                + " IS NULL";
    }

    /** Clears {@code mark} on the row whose key is bound: the record came back undeleted. */
    public String unmarkByKey(String table, List<String> key, String mark) {
        return "UPDATE "
                + q(table)
                + " SET "
                + q(mark)
                + " = NULL WHERE "
                + keyMatch(key)
                + " AND "
                + q(mark)
                + " IS NOT NULL";
    }

    /** Deletes every row of {@code table} whose key is not in {@code seen}. */
    public String deleteUnseen(String table, String seen, List<String> key) {
        return "DELETE FROM " + q(table) + " WHERE " + notSeen(table, seen, key);
    }

    /**
     * Sets {@code mark} to the bound value on the unmarked rows whose key is not in {@code seen}.
     */
    public String markUnseen(String table, String seen, List<String> key, String mark) {
        return "UPDATE "
                + q(table)
                + " SET "
                + q(mark)
                + " = ? WHERE "
                + q(mark)
                + " IS NULL AND "
                + notSeen(table, seen, key);
    }

    private static String keyMatch(List<String> key) {
        return key.stream().map(k -> q(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    private static String notSeen(String table, String seen, List<String> key) {
        return "NOT EXISTS (SELECT 1 FROM "
                + q(seen)
                + " s WHERE "
                + key.stream()
                        .map(k -> "s." + q(k) + " = " + q(table) + "." + q(k))
                        .collect(Collectors.joining(" AND "))
                + ")";
    }

    /** Key of the advisory lock for Tributary's table creation ("tributary ddl"). */
    static final long SCHEMA_LOCK = 0x7472_6962_6464_6c00L;

    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("duckdb")) {
            return DUCKDB;
        }
        throw new SQLException(
                "Unsupported database '"
                        + product
                        + "': Tributary's JDBC sink supports PostgreSQL, H2 and DuckDB");
    }

    static String common(ColumnType type) {
        switch (type) {
            case STRING:
                return "VARCHAR";
            case INTEGER:
                return "BIGINT";
            case BOOLEAN:
                return "BOOLEAN";
            case DATE:
                return "DATE";
            case TIMESTAMP:
                return "TIMESTAMP WITH TIME ZONE";
            default:
                throw new IllegalArgumentException("no common SQL type for " + type);
        }
    }

    static String q(String identifier) {
        return SqlIdentifiers.quote(identifier);
    }

    /** Quoted identifiers, comma-separated: {@code "id", "name"}. */
    public static String list(List<String> identifiers) {
        return identifiers.stream().map(SqlDialect::q).collect(Collectors.joining(", "));
    }

    /** {@code n} JDBC parameter marks, comma-separated. */
    public static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
