package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stream's declared target: its columns, primary key and cursor field, read from a compact YAML
 * file beside the route. Example ({@code routes/weather-observations.schema.yaml}):
 *
 * <pre>
 * primaryKey: [id]
 * cursorField: observed_at
 * columns:
 *   id:            {type: string, required: true}
 *   station_id:    {type: string, path: /station/id, required: true}
 *   observed_at:   {type: timestamp, required: true}
 *   temperature_c: {type: decimal}
 *   wind_speed:    {type: decimal, path: /wind/speed_kmh}
 *   tags:          {type: json}
 * </pre>
 *
 * {@code path} is a JSON pointer into the record and defaults to {@code /<column name>}.
 * Transforms: a column's name differing from its path renames, its type casts, a nested path
 * flattens, a column with {@code expression} is computed (Camel simple over the mapped row),
 * top-level {@code filter} keeps only records for which a simple predicate holds, and {@code drop}
 * lists source fields left out on purpose (schema drift ignores them). Every problem is reported
 * with the file, the field and the value.
 */
public final class TargetSchema {
    private static final Set<String> COLUMN_KEYS =
            Set.of("type", "path", "required", "format", "default", "expression", "zone", "scale");
    private static final Set<String> TOP_KEYS =
            Set.of(
                    "primaryKey",
                    "cursorField",
                    "columns",
                    "filter",
                    "drop",
                    "deletedWhen",
                    "children");

    private final String source;
    private final List<Column> columns;
    private final List<String> primaryKey;
    private final String cursorField;
    private final String filter;
    private final List<String> drop;
    private final DeletedWhen deletedWhen; // the soft-delete flag, or null
    private final List<ChildSchema> children;

    public TargetSchema(
            String source, List<Column> columns, List<String> primaryKey, String cursorField) {
        this(source, columns, primaryKey, cursorField, null, List.of());
    }

    /**
     * @param filter a Camel simple predicate over the mapped row; records for which it is false are
     *     skipped
     * @param drop source fields deliberately not loaded: schema drift neither reports nor adds them
     */
    public TargetSchema(
            String source,
            List<Column> columns,
            List<String> primaryKey,
            String cursorField,
            String filter,
            List<String> drop) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.cursorField = cursorField;
        this.filter = filter;
        this.drop = List.copyOf(drop);
        this.children = List.of();
        this.deletedWhen = null;
    }

    private TargetSchema(
            TargetSchema schema,
            List<Column> columns,
            List<ChildSchema> children,
            DeletedWhen deletedWhen) {
        this.source = schema.source;
        this.columns = List.copyOf(columns);
        this.primaryKey = schema.primaryKey;
        this.cursorField = schema.cursorField;
        this.filter = schema.filter;
        this.drop = schema.drop;
        this.children = List.copyOf(children);
        this.deletedWhen = deletedWhen;
    }

    /** This schema with its nested arrays loaded into child tables ({@link ChildSchema}). */
    public TargetSchema withChildren(List<ChildSchema> children) {
        return new TargetSchema(this, columns, children, deletedWhen);
    }

    /** The nested arrays loaded into child tables; empty for most schemas. */
    public List<ChildSchema> children() {
        return children;
    }

    /**
     * This schema with one more (nullable) column, as schema drift under {@code evolve} adds it.
     */
    public TargetSchema withColumn(Column column) {
        List<Column> more = new ArrayList<>(columns);
        more.add(column);
        return new TargetSchema(this, more, children, deletedWhen);
    }

    /** This schema, whose records are deleted at the source when {@code flag} matches them. */
    public TargetSchema withDeletedWhen(DeletedWhen flag) {
        return new TargetSchema(this, columns, children, flag);
    }

    /** The soft-delete flag of the source's records ({@code deletedWhen}), or null. */
    public DeletedWhen deletedWhen() {
        return deletedWhen;
    }

    /** The record filter (Camel simple predicate over the mapped row), or null. */
    public String filter() {
        return filter;
    }

    /** Source fields dropped on purpose. */
    public List<String> drop() {
        return drop;
    }

    public static TargetSchema load(Path file) {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new SchemaException(
                    where + ": schema file not found (looked in " + file.toAbsolutePath() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new SchemaException(
                    where
                            + ": not valid YAML: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                                    ? ((com.fasterxml.jackson.core.JsonProcessingException) e)
                                            .getOriginalMessage()
                                    : e.getMessage()));
        }
        return parse(where, root);
    }

    static TargetSchema parse(String where, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new SchemaException(
                    where + ": expected a mapping with 'columns', 'primaryKey' and 'cursorField'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                throw new SchemaException(
                        where + ": unknown field '" + key + "' (expected one of " + TOP_KEYS + ")");
            }
        }
        JsonNode cols = root.path("columns");
        if (!cols.isObject() || cols.isEmpty()) {
            throw new SchemaException(
                    where + ": field 'columns' must map column names to {type: ...}");
        }
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : cols.properties()) {
            columns.add(column(where, "columns." + e.getKey(), e.getKey(), e.getValue()));
        }
        List<String> pk = new ArrayList<>();
        JsonNode pkNode = root.path("primaryKey");
        if (pkNode.isTextual()) {
            pk.add(pkNode.asText());
        } else if (pkNode.isArray()) {
            pkNode.forEach(n -> pk.add(n.asText()));
        }
        if (pk.isEmpty()) {
            throw new SchemaException(
                    where + ": field 'primaryKey' is required (the upsert merges rows by it)");
        }
        for (String k : pk) {
            Column c =
                    columns.stream()
                            .filter(col -> col.name().equals(k))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new SchemaException(
                                                    where
                                                            + ": field 'primaryKey' names '"
                                                            + k
                                                            + "', which is not a declared column"));
            if (!c.required()) {
                // a null key cannot be merged; make it explicit rather than silently rejecting rows
                // later
                columns.set(columns.indexOf(c), c.withRequired(true));
            }
        }
        String cursor =
                root.path("cursorField").isTextual() ? root.path("cursorField").asText() : null;
        if (cursor != null && columns.stream().noneMatch(c -> c.name().equals(cursor))) {
            throw new SchemaException(
                    where
                            + ": field 'cursorField' names '"
                            + cursor
                            + "', which is not a declared column");
        }
        String filter = root.hasNonNull("filter") ? root.get("filter").asText() : null;
        List<String> drop = new ArrayList<>();
        JsonNode dropNode = root.path("drop");
        if (dropNode.isTextual()) {
            drop.add(dropNode.asText());
        } else if (dropNode.isArray()) {
            dropNode.forEach(n -> drop.add(n.asText()));
        } else if (!dropNode.isMissingNode()) {
            throw new SchemaException(
                    where
                            + ": field 'drop' must list source field names, e.g. [internal_notes, _links]");
        }
        TargetSchema schema =
                new TargetSchema(where, columns, pk, cursor, filter, drop)
                        .withDeletedWhen(
                                root.has("deletedWhen")
                                        ? DeletedWhen.parse(where, root.get("deletedWhen"))
                                        : null)
                        .withChildren(
                                ChildSchema.parseAll(where, "children", root.path("children")));
        new SchemaRecordMapper(
                schema); // compiles formats and defaults now, so mistakes surface at start-up
        return schema;
    }

    /** One column's declaration; {@code field} names it in errors ({@code columns.id}). */
    static Column column(String where, String field, String name, JsonNode spec) {
        try {
            SqlIdentifiers.validate(name);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(where + ": field '" + field + "': " + e.getMessage());
        }
        if (spec.isTextual()) { // shorthand: "name: string"
            ColumnType t = type(where, field, spec.asText());
            return new Column(name, t, "/" + name, false, null, null);
        }
        if (!spec.isObject()) {
            throw new SchemaException(
                    where + ": field '" + field + "' must be a type name or {type: ...}");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!COLUMN_KEYS.contains(key)) {
                throw new SchemaException(
                        where
                                + ": field '"
                                + field
                                + "."
                                + key
                                + "' is unknown (expected one of "
                                + COLUMN_KEYS
                                + ")");
            }
        }
        ColumnType type = type(where, field + ".type", spec.path("type").asText(null));
        String path = toPointer(spec.path("path").asText("/" + name));
        if (!path.startsWith("/")) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".path' value '"
                            + path
                            + "' must be a JSON pointer such as /wind/speed_kmh");
        }
        JsonNode required = spec.path("required");
        if (!required.isMissingNode() && !required.isBoolean()) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".required' value '"
                            + required.asText()
                            + "' must be true or false");
        }
        String format = spec.hasNonNull("format") ? spec.get("format").asText() : null;
        String def = spec.hasNonNull("default") ? spec.get("default").asText() : null;
        String expression = spec.hasNonNull("expression") ? spec.get("expression").asText() : null;
        if (expression != null && spec.has("path")) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' has both 'path' and 'expression'; a computed column has no path");
        }
        return new Column(
                name,
                type,
                expression != null ? "" : path,
                required.asBoolean(false),
                format,
                def,
                expression,
                zone(where, field, type, spec.get("zone")),
                scale(where, field, type, spec.get("scale")));
    }

    /** {@code zone: Europe/Berlin}: the time zone of a timestamp whose text has no offset. */
    private static java.time.ZoneId zone(
            String where, String field, ColumnType type, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (type != ColumnType.TIMESTAMP) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".zone' value '"
                            + value.asText()
                            + "' applies to timestamp columns only (this one is "
                            + type.name().toLowerCase(java.util.Locale.ROOT)
                            + ")");
        }
        try {
            return java.time.ZoneId.of(value.asText().trim());
        } catch (java.time.DateTimeException e) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".zone' value '"
                            + value.asText()
                            + "' is not a time zone; use UTC, an offset such as +02:00, or a region such as Europe/Berlin");
        }
    }

    /** {@code scale: 2}: a decimal column keeping exactly that many digits after the point. */
    private static Integer scale(String where, String field, ColumnType type, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (type != ColumnType.DECIMAL) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".scale' value '"
                            + value.asText()
                            + "' applies to decimal columns only (this one is "
                            + type.name().toLowerCase(java.util.Locale.ROOT)
                            + ")");
        }
        if (!value.canConvertToInt()
                || !value.isIntegralNumber()
                || value.intValue() < 0
                || value.intValue() > 100) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".scale' value '"
                            + value.asText()
                            + "' must be a whole number of digits after the point, 0 to 100");
        }
        return value.intValue();
    }

    private static ColumnType type(String where, String field, String value) {
        ColumnType t = value == null ? null : ColumnType.parse(value);
        if (t == null) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' value '"
                            + value
                            + "' is not one of: "
                            + ColumnType.names());
        }
        return t;
    }

    /**
     * Accepts a JSON pointer ({@code /wind/speed_kmh}) or the simple JSONPath form ({@code
     * $.wind.speed_kmh}).
     */
    public static String toPointer(String path) {
        if (path.equals("$")) {
            return ""; // the whole document: APIs such as GitHub's issues list answer with a bare
            // array
        }
        // $.lines[0].sku is /lines/0/sku: an element of an array
        return path.startsWith("$.")
                ? "/" + path.substring(2).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/')
                : path;
    }

    public String source() {
        return source;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The column whose highest committed value is the connector's cursor, or null. */
    public String cursorField() {
        return cursorField;
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
