package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;

/**
 * What a connector's schema file will do to its table on the next start, read and changing nothing
 * (for {@code tributary schema diff}): the {@link TableChanges} plan of an existing table (columns
 * added, types widened, {@code NOT NULL} dropped, and what is refused and why), or the columns of a
 * table still to create.
 *
 * @param sink the connector's sink ({@code jdbc}, or a file format: then there is no table)
 * @param writeMode upsert, append, replace (rebuilds the table each sync: no changes) or delete (a
 *     deleted-records stream: changes no table)
 * @param exists whether the table exists
 * @param create a new table's columns (empty when it exists)
 * @param childTables the same for each of the schema's child tables ({@code children}), parents
 *     first; each has none of its own
 */
public record SchemaPlan(
        String sink,
        String schemaFile,
        String table,
        String writeMode,
        boolean exists,
        List<NewColumn> create,
        List<String> primaryKey,
        List<Change> changes,
        List<Refusal> refusals,
        String refusal,
        List<SchemaPlan> childTables) {

    /** A column of a table still to create. */
    public record NewColumn(String name, String type, boolean notNull) {}

    /** One change: {@code add_column}, {@code widen_type} or {@code drop_not_null}. */
    public record Change(String kind, String column, String oldType, String newType, String note) {}

    /** One change the table cannot take, and why. */
    public record Refusal(String column, String oldType, String newType, String problem) {}

    /** Whether the schema file can apply (nothing is refused, in a child table neither). */
    public boolean applies() {
        return refusals.isEmpty() && childTables.stream().allMatch(SchemaPlan::applies);
    }

    /** The plan for a jdbc sink's table, read in one connection that changes nothing. */
    static SchemaPlan of(DataSource dataSource, TargetSchema schema, String table, WriteMode mode) {
        try (Connection c = dataSource.getConnection()) {
            SqlDialect dialect = SqlDialect.of(c);
            SchemaPlan plan = of(c, dialect, schema, table, mode);
            if (mode == WriteMode.DELETE) {
                return plan;
            }
            List<SchemaPlan> children = new java.util.ArrayList<>();
            for (io.tributary.schema.ChildTable child : io.tributary.schema.ChildTable.of(schema)) {
                children.add(of(c, dialect, child.table(), table + "__" + child.suffix(), mode));
            }
            return new SchemaPlan(
                    plan.sink,
                    plan.schemaFile,
                    plan.table,
                    plan.writeMode,
                    plan.exists,
                    plan.create,
                    plan.primaryKey,
                    plan.changes,
                    plan.refusals,
                    plan.refusal,
                    List.copyOf(children));
        } catch (SQLException e) {
            throw new RuntimeCamelException(
                    "Reading table '" + table + "' failed: " + e.getMessage(), e);
        }
    }

    /** One table's plan, without its child tables. */
    private static SchemaPlan of(
            Connection c, SqlDialect dialect, TargetSchema schema, String table, WriteMode mode)
            throws SQLException {
        boolean exists = SchemaVersions.hasTable(c, table);
        String modeName = mode.name().toLowerCase(java.util.Locale.ROOT);
        if (mode == WriteMode.DELETE) { // a deleted-records stream: its schema names keys only
            return new SchemaPlan(
                    "jdbc",
                    schema.source(),
                    table,
                    modeName,
                    exists,
                    List.of(),
                    schema.primaryKey(),
                    List.of(),
                    List.of(),
                    null,
                    List.of());
        }
        if (!exists || mode == WriteMode.REPLACE) {
            List<NewColumn> columns =
                    schema.columns().stream()
                            .map(
                                    (Column col) ->
                                            new NewColumn(
                                                    col.name(),
                                                    dialect.sqlType(col),
                                                    col.required()))
                            .toList();
            return new SchemaPlan(
                    "jdbc",
                    schema.source(),
                    table,
                    modeName,
                    exists,
                    columns,
                    mode == WriteMode.APPEND ? List.of() : schema.primaryKey(),
                    List.of(),
                    List.of(),
                    null,
                    List.of());
        }
        TableChanges plan = TableChanges.plan(c, dialect, schema, table, mode);
        return new SchemaPlan(
                "jdbc",
                schema.source(),
                table,
                modeName,
                true,
                List.of(),
                mode == WriteMode.APPEND ? List.of() : schema.primaryKey(),
                plan.changes().stream()
                        .map(
                                ch ->
                                        new Change(
                                                ch.kind(),
                                                ch.column(),
                                                ch.oldType(),
                                                ch.newType(),
                                                ch.note()))
                        .toList(),
                plan.refusals().stream()
                        .map(r -> new Refusal(r.column(), r.oldType(), r.newType(), r.problem()))
                        .toList(),
                plan.refusal(),
                List.of());
    }

    /** A file sink's connector: no table to compare with. */
    static SchemaPlan files(String sink, TargetSchema schema) {
        return new SchemaPlan(
                sink,
                schema.source(),
                null,
                null,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of());
    }
}
