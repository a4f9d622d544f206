package io.tributary.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.config.ConnectorConfigException;
import io.tributary.http.SourceResponseException;
import io.tributary.schema.Column;
import io.tributary.schema.SqlIdentifiers;
import io.tributary.schema.TargetSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * A child stream's parents, as slices (Airbyte's stream slicer): one sync of the child per parent,
 * each with its own cursor ({@code <connector>/<parent key>}). The parents are the rows of the
 * parent connector's table ({@code parent}, columns {@code parentFields}) or of a {@code
 * parentQuery}; a route that names one parent in header {@value ConnectorPaging#PARENT_HEADER} (a
 * driver route, {@code preview --parent}) runs that one slice.
 *
 * <p>In a slice, {@code {parent}} (the key) and {@code {parent.FIELD}} in the url, the request
 * headers and the request body become the parent's values ({@link RequestTemplate}), and {@code
 * parentColumns} ({@code project_id=id}) writes parent fields into every record at the child
 * column's path before it is mapped.
 */
final class ParentSlices {
    /**
     * One parent: its key (the first field) and its fields by lower-case column name; {@link #NONE}
     * for a stream without parents.
     */
    record Slice(String key, Map<String, Object> fields) {
        static final Slice NONE = new Slice(null, Map.of());
    }

    /**
     * What one run reads and where its cursor is kept: its slice, its stream ({@code connector} or
     * {@code connector/parent}), and for a parent's slice the connector's url (camel-http is
     * pointed at it; null otherwise); its placeholders are filled per request by {@link
     * RequestTemplate}.
     */
    record Target(Slice slice, String stream, java.net.URI baseUrl) {
        String parent() {
            return slice.key();
        }
    }

    private final String id;
    private final String parent;
    private final String query;
    private final List<String> fields;
    private final Map<String, String> columns =
            new LinkedHashMap<>(); // child column's path -> parent field
    private final String columnsText;

    ParentSlices(
            String id,
            String parent,
            String parentQuery,
            String parentFields,
            String parentColumns,
            TargetSchema schema) {
        this.id = id;
        this.parent = blankToNull(parent);
        this.query = blankToNull(parentQuery);
        this.columnsText = parentColumns;
        if (query != null && !query.strip().toLowerCase(Locale.ROOT).startsWith("select")) {
            throw new ConnectorConfigException(
                    id,
                    "parentQuery",
                    parentQuery,
                    "must be a SELECT whose rows are the parents, e.g. "
                            + "SELECT id FROM tracker_projects ORDER BY id");
        }
        this.fields = new ArrayList<>();
        if (blankToNull(parentFields) != null) {
            for (String f : parentFields.split(",")) {
                try {
                    fields.add(SqlIdentifiers.validate(f.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConnectorConfigException(
                            id, "parentFields", parentFields, e.getMessage());
                }
            }
        }
        if (blankToNull(parentColumns) != null) {
            for (String pair : parentColumns.split(",")) {
                int eq = pair.indexOf('=');
                String column = eq < 0 ? "" : pair.substring(0, eq).trim();
                String field = eq < 0 ? "" : pair.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
                if (column.isEmpty() || field.isEmpty()) {
                    throw new ConnectorConfigException(
                            id,
                            "parentColumns",
                            parentColumns,
                            "must be COLUMN=FIELD pairs, e.g. project_id=id");
                }
                int index = schema.indexOf(column);
                if (index < 0) {
                    throw new ConnectorConfigException(
                            id,
                            "parentColumns",
                            parentColumns,
                            "column '" + column + "' is not in the schema file " + schema.source());
                }
                Column c = schema.columns().get(index);
                if (c.computed() || c.path() == null) {
                    throw new ConnectorConfigException(
                            id,
                            "parentColumns",
                            parentColumns,
                            "column '" + column + "' is computed; name a column read from a path");
                }
                if (this.parent != null && !fields.isEmpty() && !fields.contains(field)) {
                    throw new ConnectorConfigException(
                            id,
                            "parentColumns",
                            parentColumns,
                            "field '" + field + "' is not in parentFields " + fields);
                }
                columns.put(TargetSchema.toPointer(c.path()), field);
            }
        }
    }

    /**
     * Whether the parents are declared (parent or parentQuery), so a run without a named parent
     * syncs each of them.
     */
    boolean declarative() {
        return parent != null || query != null;
    }

    /** The parent connector's id, or null. */
    String parentConnector() {
        return parent;
    }

    /**
     * The slices a run syncs: the parent named by the route ({@code named}), else every declared
     * parent, else the stream itself ({@link Slice#NONE}).
     */
    List<Slice> slices(CamelContext context, DataSource dataSource, String named) {
        if (!declarative()) {
            return List.of(named == null ? Slice.NONE : new Slice(named, Map.of()));
        }
        if (named == null) {
            return rows(context, dataSource);
        }
        // one parent (preview --parent, a driver route): its stored row, or just its key when not
        // stored
        // (yet: a preview creates no tables)
        List<Slice> all;
        try {
            all = rows(context, dataSource);
        } catch (IllegalStateException e) {
            all = List.of();
        }
        return List.of(
                all.stream()
                        .filter(s -> s.key().equals(named))
                        .findFirst()
                        .orElseGet(() -> new Slice(named, Map.of())));
    }

    private List<Slice> rows(CamelContext context, DataSource dataSource) {
        String sql;
        List<String> names = fields;
        if (query != null) {
            sql = query;
        } else {
            Connector p =
                    context.getRegistry()
                            .lookupByNameAndType("tributaryConnector:" + parent, Connector.class);
            if (p == null) {
                throw new ConnectorConfigException(
                        id, "parent", parent, "is not a connector in the route files");
            }
            if (!"jdbc".equals(p.sinkKind())) {
                throw new ConnectorConfigException(
                        id,
                        "parent",
                        parent,
                        "writes files (sink "
                                + p.sinkKind()
                                + "), so its rows are not in "
                                + "the database: name the parents with parentQuery");
            }
            if (names.isEmpty()) {
                names = p.targetSchema().primaryKey();
                if (names.isEmpty()) {
                    throw new ConnectorConfigException(
                            id,
                            "parentFields",
                            null,
                            "is required: the parent's schema has no primaryKey");
                }
            }
            sql =
                    "SELECT "
                            + String.join(", ", names.stream().map(SqlIdentifiers::quote).toList())
                            + " FROM "
                            + SqlIdentifiers.quote(p.table())
                            + " ORDER BY "
                            + String.join(", ", names.stream().map(SqlIdentifiers::quote).toList());
        }
        List<Slice> slices = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                Object key = rs.getObject(1);
                if (key != null) {
                    slices.add(new Slice(key.toString(), row));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "connector '"
                            + id
                            + "': cannot read its parents ("
                            + (query != null ? "parentQuery" : "parent " + parent)
                            + "): "
                            + io.tributary.sql.SqlMessages.withoutValues(e.getMessage()),
                    e);
        }
        return slices;
    }

    /** Whether records get parent fields ({@code parentColumns}). */
    boolean fillsColumns() {
        return !columns.isEmpty();
    }

    /**
     * A copy of the record with the parent's fields at the paths of the {@code parentColumns}
     * columns.
     */
    JsonNode withParent(JsonNode record, Slice slice) {
        if (columns.isEmpty() || slice.key() == null || !(record instanceof ObjectNode)) {
            return record;
        }
        ObjectNode copy = ((ObjectNode) record).deepCopy();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            Object value = slice.fields().get(e.getValue());
            if (value == null && slice.fields().isEmpty()) {
                value = slice.key(); // a parent named by key alone (preview --parent): its key
            }
            if (value == null && !slice.fields().containsKey(e.getValue())) {
                throw new SourceResponseException(
                        "connector '"
                                + id
                                + "': parameter 'parentColumns' value '"
                                + columnsText
                                + "': parent "
                                + slice.key()
                                + " has no field '"
                                + e.getValue()
                                + "' (its fields: "
                                + slice.fields().keySet()
                                + ")");
            }
            put(copy, e.getKey(), value);
        }
        return copy;
    }

    private static void put(ObjectNode record, String pointer, Object value) {
        String[] steps = pointer.substring(1).split("/");
        ObjectNode at = record;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = unescape(steps[i]);
            JsonNode next = at.get(step);
            at = next instanceof ObjectNode ? (ObjectNode) next : at.putObject(step);
        }
        String last = unescape(steps[steps.length - 1]);
        if (value == null) {
            at.putNull(last);
        } else if (value instanceof Number || value instanceof Boolean) {
            at.set(last, Connector.JSON.valueToTree(value));
        } else {
            at.put(last, value.toString());
        }
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
