package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.TargetSchema;
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
 * Upserts rows by primary key into one table of H2 or PostgreSQL: one prepared statement, one JDBC
 * batch and one transaction per page, which also carries the page's dead letters and the new cursor.
 * The table is created from the schema when missing. Values are always bound, never written into SQL.
 */
public final class JdbcUpsertSink implements Sink {
    private final DataSource dataSource;
    private final JdbcCursorStore cursorStore;
    private final TargetSchema schema;
    private final String table;
    private final SqlDialect dialect;
    private final String upsertSql;
    private final int[] sqlTypes;
    private final ColumnType[] types;

    /**
     * Connects once to learn the dialect and create the tables, so a wrong URL or missing rights
     * fail at start-up rather than at the first page.
     */
    public JdbcUpsertSink(DataSource dataSource, JdbcCursorStore cursorStore, TargetSchema schema, String table) {
        if (cursorStore.dataSource() != dataSource) {
            // rows and cursor must commit in one transaction, which needs one database
            throw new IllegalArgumentException("the JDBC sink and the cursor store must use the same DataSource");
        }
        this.dataSource = dataSource;
        this.cursorStore = cursorStore;
        this.schema = schema;
        this.table = SqlIdentifiers.validate(table);
        List<String> names = schema.columns().stream().map(Column::name).collect(Collectors.toList());
        this.types = schema.columns().stream().map(Column::type).toArray(ColumnType[]::new);
        this.sqlTypes = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            sqlTypes[i] = jdbcType(types[i]);
        }
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c);
            c.setAutoCommit(false); // one transaction under the schema lock: replicas may start together
            dialect.lockSchemaChanges(c);
            createTable(c);
            DeadLetterTable.create(c, dialect);
            c.commit();
        } catch (SQLException e) {
            throw new RuntimeCamelException(e.getMessage(), e);
        }
        cursorStore.ensureTable();
        this.upsertSql = dialect.upsert(table, names, schema.primaryKey());
    }

    @Override
    public void write(String connector, PageBatch batch, String cursor) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!batch.rows().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
                        for (Object[] row : batch.rows()) {
                            bind(ps, row);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                DeadLetterTable.insert(c, dialect, connector, batch.deadLetters());
                if (cursor != null) {
                    cursorStore.save(c, connector, cursor);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed); // keep the original failure as the one reported
                }
                throw e;
            }
        } catch (SQLException e) {
            SQLException next = e.getNextException(); // batch failures hide the real cause here
            throw new RuntimeCamelException("Writing to table '" + table + "' failed: " + e.getMessage()
                    + (next != null ? " (" + next.getMessage() + ")" : ""), e);
        }
    }

    private void bind(PreparedStatement ps, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
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
                ps.setObject(index, v); // LocalDate, OffsetDateTime: JDBC 4.2 types both drivers bind natively
            }
        }
    }

    private void createTable(Connection c) throws SQLException {
        String columns = schema.columns().stream()
                .map(col -> SqlIdentifiers.quote(col.name()) + " " + dialect.sqlType(col.type()) + (col.required() ? " NOT NULL" : ""))
                .collect(Collectors.joining(", "));
        String pk = schema.primaryKey().stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SqlIdentifiers.quote(table) + " (" + columns + ", PRIMARY KEY (" + pk + "))");
        }
    }

    private static int jdbcType(ColumnType type) {
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
