package io.tributary.support;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A legacy {@code orders} table in a source database (H2, or a second PostgreSQL database on the
 * embedded server), as an ERP keeps it: an {@code updated_at} that many rows share (a batch job
 * touches hundreds in one instant), and the route file of a {@code tributary-sql-source} connector
 * that reads it into a target table.
 */
public final class LegacyOrders {
    /** The first row's updated_at; 7 rows share each second after it. */
    public static final OffsetDateTime BASE =
            OffsetDateTime.of(2024, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    public static final String COLUMNS = "id, customer, amount, active, ordered, updated_at";

    public final Database db;
    private final String table;

    public LegacyOrders(Database db) {
        this(db, "orders");
    }

    public LegacyOrders(Database db, String table) {
        this.db = db;
        this.table = table;
        execute(
                "CREATE TABLE "
                        + table
                        + " (id BIGINT PRIMARY KEY, customer VARCHAR(100) NOT NULL, amount NUMERIC(12, 2),"
                        + " active BOOLEAN, ordered DATE, updated_at TIMESTAMP WITH TIME ZONE)");
    }

    /**
     * Rows 1..n: 7 share each second of updated_at, and the last 250 all share one instant (a tie
     * longer than a page).
     */
    public LegacyOrders withTiedRows(int n) {
        insert(1, n);
        return this;
    }

    /** Rows {@code from}..{@code from + count - 1}, their updated_at as {@link #withTiedRows}. */
    public void insert(int from, int count) {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO "
                                        + table
                                        + " ("
                                        + COLUMNS
                                        + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int id = from; id < from + count; id++) {
                ps.setLong(1, id);
                ps.setString(2, "customer " + (id % 97));
                ps.setBigDecimal(
                        3, new BigDecimal(id).multiply(new BigDecimal("1.10")).setScale(2));
                ps.setBoolean(4, id % 3 == 0);
                ps.setObject(5, LocalDate.of(2024, 1, 1).plusDays(id % 60));
                ps.setObject(6, updatedAt(id));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime updatedAt(int id) {
        return id > 2250 ? BASE.plusHours(1) : BASE.plusSeconds((id - 1) / 7);
    }

    /** Changes rows {@code from}..{@code to}: a new amount and an updated_at of {@code at}. */
    public void update(int from, int to, OffsetDateTime at) {
        execute(
                "UPDATE "
                        + table
                        + " SET amount = amount + 1, updated_at = ? WHERE id BETWEEN ? AND ?",
                at,
                from,
                to);
    }

    /** Changes rows {@code from}..{@code to} as a writer does: updated_at is the database's now. */
    public void touch(int from, int to) {
        execute(
                "UPDATE "
                        + table
                        + " SET amount = amount + 1, updated_at = CURRENT_TIMESTAMP WHERE id BETWEEN ? AND ?",
                from,
                to);
    }

    public void execute(String sql, Object... args) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The source's rows, one text each, by id. */
    public List<String> rows() {
        return rows(db, table);
    }

    /**
     * A table's rows as comparable text (decimals without trailing zeros, instants in UTC), by id.
     */
    public static List<String> rows(Database db, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM "
                                        + table
                                        + " ORDER BY id, updated_at")) {
            while (rs.next()) {
                rows.add(
                        rs.getLong(1)
                                + "|"
                                + rs.getString(2)
                                + "|"
                                + rs.getBigDecimal(3).stripTrailingZeros().toPlainString()
                                + "|"
                                + rs.getBoolean(4)
                                + "|"
                                + rs.getObject(5, LocalDate.class)
                                + "|"
                                + rs.getObject(6, OffsetDateTime.class).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The target schema the records map through (append keeps its key, for the table only). */
    public static Path schema(Path dir) throws java.io.IOException {
        Path file = dir.resolve("orders.schema.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "primaryKey: [id]",
                        "columns:",
                        "  id:         {type: integer, required: true}",
                        "  customer:   {type: string, required: true}",
                        "  amount:     {type: decimal}",
                        "  active:     {type: boolean}",
                        "  ordered:    {type: date}",
                        "  updated_at: {type: timestamp, required: true}",
                        ""));
        return file;
    }

    /** A connector's route file: this table through {@code tributary-sql-source} to a table. */
    public static final class Route {
        private final String id;
        private final Database source;
        private final java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        private String steps = "";
        private String writeMode = "upsert";
        private String schedule;

        public Route(String id, Database source) {
            this.id = id;
            this.source = source;
            this.schedule = "direct:" + id;
            parameters.put("table", "orders");
            parameters.put("cursorColumn", "updated_at");
            parameters.put("keyColumns", "id");
            parameters.put("pageSize", "100");
            parameters.put("settle", "PT0S");
        }

        /** A parameter of the source Kamelet (null removes it). */
        public Route with(String name, String value) {
            if (value == null) {
                parameters.remove(name);
            } else {
                parameters.put(name, value);
            }
            return this;
        }

        public Route schedule(String uri) {
            schedule = uri;
            return this;
        }

        public Route writeMode(String mode) {
            writeMode = mode;
            return this;
        }

        /** YAML steps between the source and the sink, indented for a route's {@code steps:}. */
        public Route steps(String... lines) {
            StringBuilder b = new StringBuilder();
            for (String line : lines) {
                b.append("        ").append(line).append('\n');
            }
            steps = b.toString();
            return this;
        }

        public Path writeTo(Path dir) throws java.io.IOException {
            Path schema = schema(dir);
            StringBuilder yaml = new StringBuilder();
            yaml.append("- route:\n    id: ").append(id).append('\n');
            yaml.append("    from:\n      uri: kamelet:tributary-sql-source\n      parameters:\n");
            yaml.append("        schedule: \"RAW{").append(schedule).append("}\"\n");
            if (!parameters.containsKey("sourceUrl")) {
                yaml.append("        sourceUrl: \"RAW{").append(source.url).append("}\"\n");
            }
            yaml.append("        sourceUser: ").append(source.user).append('\n');
            if (!source.password.isEmpty()) {
                yaml.append("        sourcePassword: \"RAW{")
                        .append(source.password)
                        .append("}\"\n");
            }
            parameters.forEach(
                    (name, value) ->
                            yaml.append("        ")
                                    .append(name)
                                    .append(": \"RAW{")
                                    .append(value)
                                    .append("}\"\n"));
            yaml.append("      steps:\n").append(steps);
            yaml.append("        - to:\n            uri: kamelet:tributary-jdbc-sink\n");
            yaml.append("            parameters: {schema: \"")
                    .append(schema)
                    .append("\", table: erp_orders, writeMode: ")
                    .append(writeMode)
                    .append("}\n");
            Path file = dir.resolve(id + ".camel.yaml");
            Files.writeString(file, yaml);
            return file;
        }
    }
}
