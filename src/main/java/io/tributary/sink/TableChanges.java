package io.tributary.sink;

import io.tributary.schema.Column;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import io.tributary.sql.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schema file asks of the table it loads into, once that table exists: columns to add
 * (always nullable: existing rows have no value), types to widen (a smaller integer to {@code
 * BIGINT}, an integer to a decimal, a decimal to a larger precision or scale, a bounded {@code
 * VARCHAR} to an unbounded one, a number to text), {@code NOT NULL} to drop; and what it cannot
 * have — another primary key, a narrower or another type — which is refused before anything runs. A
 * column the table has and the schema no longer names is left alone (only its {@code NOT NULL}
 * goes, so that new rows without it still insert). Read from {@code information_schema}, planned
 * without a change, so {@code check} can report the plan; {@link #apply} runs it under the caller's
 * schema lock.
 */
final class TableChanges {
    private static final Logger LOG = LoggerFactory.getLogger(TableChanges.class);
    private static final java.util.Set<String> REPORTED =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * One change to make: {@code kind} is {@code add_column}, {@code widen_type} or {@code
     * drop_not_null}.
     */
    record Change(
            String column, String kind, String oldType, String newType, String ddl, String note) {}

    /** One change the table cannot take. */
    record Refusal(String column, String oldType, String newType, String problem) {}

    private final String table;
    private final String schemaFile;
    private final List<Change> changes = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();

    private TableChanges(String table, String schemaFile) {
        this.table = table;
        this.schemaFile = schemaFile;
    }

    /**
     * The plan for {@code table}, or an empty plan when the table does not exist yet (it is created
     * whole).
     */
    static TableChanges plan(
            Connection c, SqlDialect dialect, TargetSchema schema, String table, WriteMode mode)
            throws SQLException {
        TableChanges plan = new TableChanges(table, schema.source());
        Map<String, Existing> existing = columns(c, table);
        if (existing.isEmpty()) {
            return plan;
        }
        if (mode != WriteMode.APPEND) { // an append table has no key
            List<String> key = primaryKey(c, table);
            if (!new java.util.HashSet<>(key)
                    .equals(new java.util.HashSet<>(schema.primaryKey()))) {
                plan.refusals.add(
                        new Refusal(
                                "primaryKey",
                                key.isEmpty() ? "none" : String.join(", ", key),
                                String.join(", ", schema.primaryKey()),
                                "the primary key cannot change on a table that holds rows"));
            }
        }
        for (Column column : schema.columns()) {
            Existing old = existing.get(column.name());
            String wanted = dialect.sqlType(column);
            String newType = column.type().name().toLowerCase(Locale.ROOT) + " (" + wanted + ")";
            if (old == null) {
                plan.changes.add(
                        new Change(
                                column.name(),
                                "add_column",
                                null,
                                wanted,
                                "ALTER TABLE "
                                        + SqlIdentifiers.quote(table)
                                        + " ADD COLUMN "
                                        + SqlIdentifiers.quote(column.name())
                                        + " "
                                        + wanted,
                                column.required()
                                        ? "required in the schema but added as nullable: the rows already there have no value"
                                        : null));
                continue;
            }
            Fit fit = old.fits(dialect, column);
            if (fit.widen()) {
                plan.changes.add(
                        new Change(
                                column.name(),
                                "widen_type",
                                old.text,
                                wanted,
                                dialect.alterType(table, column.name(), wanted),
                                null));
            } else if (fit.problem() != null) {
                plan.refusals.add(new Refusal(column.name(), old.text, newType, fit.problem()));
            }
            if (!old.nullable && !column.required()) {
                plan.changes.add(dropNotNull(table, column.name(), old.text));
            }
        }
        List<String> key = schema.primaryKey();
        for (Existing old : existing.values()) {
            if (schema.indexOf(old.name) < 0 && !old.nullable && !key.contains(old.name)) {
                plan.changes.add(
                        dropNotNull(
                                table, old.name, old.text)); // kept, but new rows do not fill it
            }
        }
        return plan;
    }

    private static Change dropNotNull(String table, String column, String type) {
        return new Change(
                column,
                "drop_not_null",
                type,
                type,
                "ALTER TABLE "
                        + SqlIdentifiers.quote(table)
                        + " ALTER COLUMN "
                        + SqlIdentifiers.quote(column)
                        + " DROP NOT NULL",
                null);
    }

    List<Change> changes() {
        return changes;
    }

    List<Refusal> refusals() {
        return refusals;
    }

    /**
     * Why the schema cannot load into the table, naming the file, every refused column with its old
     * and new type, and the ways out; null when nothing is refused.
     */
    String refusal() {
        if (refusals.isEmpty()) {
            return null;
        }
        return "table '"
                + table
                + "' cannot take the schema in "
                + schemaFile
                + ": "
                + refusals.stream()
                        .map(
                                r ->
                                        "column '"
                                                + r.column()
                                                + "' is "
                                                + r.oldType()
                                                + " in the table and "
                                                + r.newType()
                                                + " in the schema: "
                                                + r.problem())
                        .collect(Collectors.joining("; "))
                + ". To rebuild the table from the schema, run once with writeMode: replace (a full refresh), or drop table '"
                + table
                + "' and run 'tributary state reset' for the connector to load everything again; or change the schema back";
    }

    /**
     * Runs the changes and records each in {@code tributary_schema_changes}, in the caller's
     * transaction, all with the one schema version they make.
     */
    int apply(Connection c, String connector) throws SQLException {
        return apply(c, connector, 0);
    }

    /**
     * As {@link #apply(Connection, String)}, in a start-up whose change set has already taken
     * version {@code startUp} (another table of the connector changed first: its child tables share
     * the one version); 0 when none has.
     *
     * @return the version this start-up's change set has now (still {@code startUp} when there was
     *     nothing to change here)
     */
    int apply(Connection c, String connector, int startUp) throws SQLException {
        if (changes.isEmpty()) {
            return startUp;
        }
        SchemaChangeTable.create(c, SqlDialect.of(c));
        try (Statement s = c.createStatement()) {
            for (Change change : changes) {
                s.execute(change.ddl());
            }
        }
        SchemaVersions.Version version =
                startUp > 0
                        ? new SchemaVersions.Version(startUp, SchemaVersions.fingerprint(c, table))
                        : SchemaVersions.next(c, connector, table); // one per set
        for (Change change : changes) {
            SchemaChangeTable.insert(c, connector, table, change, version);
            LOG.info(
                    "connector={} table={} schema change kind={} column={} old_type=\"{}\" new_type=\"{}\" schema={} version={}{}",
                    connector,
                    table,
                    change.kind(),
                    change.column(),
                    change.oldType() == null ? "" : change.oldType(),
                    change.newType(),
                    schemaFile,
                    version.number(),
                    change.note() == null ? "" : " note=\"" + change.note() + "\"");
        }
        return version.number();
    }

    /**
     * For {@code check} and {@code preview}: the changes the next run will make, logged, none made
     * (a warning, so that check's output, which drops INFO lines, shows them).
     */
    void report(String connector) {
        for (Change change : changes) {
            if (!REPORTED.add(
                    schemaFile
                            + "/"
                            + connector
                            + "/"
                            + table
                            + "/"
                            + change.column()
                            + "/"
                            + change.kind()
                            + "/"
                            + change.newType())) {
                continue; // each of a route's Connector beans plans it: say it once
            }
            LOG.warn(
                    "connector={} table={} planned schema change kind={} column={} old_type=\"{}\" new_type=\"{}\" schema={} "
                            + "(made by the next run){}",
                    connector,
                    table,
                    change.kind(),
                    change.column(),
                    change.oldType() == null ? "" : change.oldType(),
                    change.newType(),
                    schemaFile,
                    change.note() == null ? "" : " note=\"" + change.note() + "\"");
        }
    }

    // ---- the table as it is ----

    /**
     * How an existing column takes a schema column: as it is, widened, or not ({@code problem} says
     * why).
     */
    private record Fit(boolean widen, String problem) {
        static final Fit SAME = new Fit(false, null);
        static final Fit WIDEN = new Fit(true, null);

        static Fit refused(String problem) {
            return new Fit(false, problem);
        }
    }

    /** A column as {@code information_schema.columns} describes it. */
    private static final class Existing {
        final String name;
        final String type; // data_type, lower case
        final Long length; // character_maximum_length, null when unbounded
        final Integer precision;
        final Integer scale;
        final boolean nullable;
        final String text; // as the messages show it

        Existing(
                String name,
                String type,
                Long length,
                Integer precision,
                Integer scale,
                boolean nullable) {
            this.name = name;
            this.type = type;
            this.length =
                    length != null && length >= 1_000_000
                            ? null
                            : length; // H2's unbounded VARCHAR reports its maximum
            this.precision = precision;
            this.scale = scale;
            this.nullable = nullable;
            this.text =
                    type
                            + (this.length != null && isText()
                                    ? "(" + this.length + ")"
                                    : isNumeric() && precision != null
                                            ? "(" + precision + ", " + scale + ")"
                                            : "");
        }

        boolean isText() {
            return type.equals("character varying")
                    || type.equals("varchar")
                    || type.equals("character")
                    || type.equals("char");
        }

        boolean isLongText() {
            return type.equals("text")
                    || type.equals("character large object")
                    || type.equals("clob");
        }

        boolean isNumeric() {
            return type.equals("numeric") || type.equals("decimal");
        }

        boolean isSmallInteger() {
            return type.equals("smallint")
                    || type.equals("integer")
                    || type.equals("tinyint")
                    || type.equals("int");
        }

        boolean isInteger() {
            return isSmallInteger() || type.equals("bigint");
        }

        boolean isExactNumber() {
            return isInteger() || isNumeric() || type.equals("decfloat");
        }

        /** Decimal with unlimited scale: PostgreSQL's bare NUMERIC, H2's DECFLOAT. */
        boolean isAnyDecimal() {
            return type.equals("decfloat") || isNumeric() && precision == null;
        }

        Fit fits(SqlDialect dialect, Column column) {
            switch (column.type()) {
                case STRING:
                    if (isText() && length == null || isLongText()) {
                        return Fit.SAME;
                    }
                    return isText() || isExactNumber()
                            ? Fit.WIDEN
                            : incompatible(); // every number has a text
                case INTEGER:
                    if (type.equals("bigint")) {
                        return Fit.SAME;
                    }
                    if (isSmallInteger()) {
                        return Fit.WIDEN;
                    }
                    return isExactNumber()
                            ? Fit.refused(
                                    "narrowing: the digits after the point of stored values would be lost")
                            : incompatible();
                case DECIMAL:
                    if (isInteger()) {
                        return Fit.WIDEN;
                    }
                    if (column.scale() == null && dialect == SqlDialect.DUCKDB) {
                        // DuckDB has no unbounded decimal: its own default is what it creates
                        return isNumeric()
                                        && Integer.valueOf(38).equals(precision)
                                        && Integer.valueOf(SqlDialect.DUCKDB_SCALE).equals(scale)
                                ? Fit.SAME
                                : isInteger() ? Fit.WIDEN : incompatible();
                    }
                    if (column.scale() == null) {
                        return isAnyDecimal() ? Fit.SAME : isNumeric() ? Fit.WIDEN : incompatible();
                    }
                    if (!isNumeric() && !type.equals("decfloat")) {
                        return incompatible();
                    }
                    if (isAnyDecimal()) {
                        return Fit.refused(
                                "narrowing: stored values may have more than "
                                        + column.scale()
                                        + " digits after the point");
                    }
                    if (column.scale() < scale) {
                        return Fit.refused(
                                "narrowing: scale "
                                        + scale
                                        + " to "
                                        + column.scale()
                                        + " would round stored values");
                    }
                    return column.scale().equals(scale) && precision == dialect.maxPrecision()
                            ? Fit.SAME
                            : Fit.WIDEN;
                case BOOLEAN:
                    return type.equals("boolean") ? Fit.SAME : incompatible();
                case DATE:
                    return type.equals("date") ? Fit.SAME : incompatible();
                case TIMESTAMP:
                    if (type.equals("timestamp with time zone")) {
                        return Fit.SAME;
                    }
                    return type.startsWith("timestamp")
                            ? Fit.refused(
                                    "another type: the stored values carry no time zone, so the instants they name are unknown")
                            : incompatible();
                case JSON:
                    if (dialect == SqlDialect.DUCKDB) {
                        return type.equals("json") ? Fit.SAME : incompatible();
                    }
                    if (dialect == SqlDialect.POSTGRESQL) {
                        return type.equals("jsonb")
                                ? Fit.SAME
                                : type.equals("json") ? Fit.WIDEN : incompatible();
                    }
                    return isLongText() || isText() && length == null ? Fit.SAME : incompatible();
                default:
                    return incompatible();
            }
        }

        private static Fit incompatible() {
            return Fit.refused(
                    "an incompatible type change: the values already stored cannot all be read as the new type");
        }
    }

    private static Map<String, Existing> columns(Connection c, String table) throws SQLException {
        Map<String, Existing> columns = new LinkedHashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                                + " numeric_scale, is_nullable FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                                + " ORDER BY ordinal_position")) {
            ps.setString(1, c.getSchema());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    columns.put(
                            name,
                            new Existing(
                                    name,
                                    rs.getString(2)
                                            .toLowerCase(Locale.ROOT)
                                            // DuckDB's names for H2's and PostgreSQL's
                                            .replaceFirst("^decimal\\(.*\\)$", "decimal")
                                            .replaceFirst("^varchar$", "character varying"),
                                    number(rs, 3),
                                    rs.getObject(4) == null ? null : rs.getInt(4),
                                    rs.getObject(5) == null ? null : rs.getInt(5),
                                    "YES".equalsIgnoreCase(rs.getString(6))));
                }
            }
        }
        return columns;
    }

    private static Long number(ResultSet rs, int index) throws SQLException {
        Object v = rs.getObject(index);
        return v == null ? null : ((Number) v).longValue();
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, c.getSchema(), table)) {
            while (rs.next()) {
                key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(key.values());
    }
}
