package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A nested array of the record loaded into a child table of its own, declared under {@code
 * children} in the schema file. Example (a Shopify order's {@code line_items}, each with its {@code
 * discount_allocations}; and its {@code tags}, a list of text):
 *
 * <pre>
 * children:
 *   lines:                       # table orders__lines
 *     path: line_items
 *     columns:
 *       sku:      {type: string}
 *       quantity: {type: integer, required: true}
 *     children:
 *       discounts:               # table orders__lines__discounts
 *         path: discount_allocations
 *         columns: {amount: {type: decimal}}
 *   tags: {path: tags, type: string}   # a scalar array: one column, value
 * </pre>
 *
 * Paths are relative to the element they are read from ({@code sku} is {@code /sku} of a line).
 * Each child row also carries the keys that place it: see {@link ChildTable}.
 *
 * @param name the child's name, the last part of its table's name
 * @param path JSON pointer of the array in its parent's element (or record)
 * @param columns the element's columns; for a scalar array the one column {@code value}
 * @param scalar whether the elements are values (text, numbers) rather than objects
 * @param children arrays inside each element, each a child table of this one
 */
public record ChildSchema(
        String name,
        String path,
        List<Column> columns,
        boolean scalar,
        List<ChildSchema> children) {
    static final Set<String> KEYS = Set.of("path", "columns", "children", "type");

    /** The column of a scalar array's value. */
    public static final String VALUE = "value";

    /** Every {@code children} entry of a mapping (a schema file's top level or a child's). */
    static List<ChildSchema> parseAll(String where, String field, JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' must map child names to {path: ..., columns: {...}}");
        }
        List<ChildSchema> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            all.add(parse(where, field + "." + e.getKey(), e.getKey(), e.getValue()));
        }
        return all;
    }

    private static ChildSchema parse(String where, String field, String name, JsonNode spec) {
        try {
            SqlIdentifiers.validate(name);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(where + ": field '" + field + "': " + e.getMessage());
        }
        if (name.contains("__")) {
            // "__" separates the levels of a child table's name
            throw new SchemaException(
                    where + ": field '" + field + "': a child's name cannot contain '__'");
        }
        if (!spec.isObject()) {
            throw new SchemaException(
                    where + ": field '" + field + "' must be {path: ..., columns: {...}}");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new SchemaException(
                        where
                                + ": field '"
                                + field
                                + "."
                                + key
                                + "' is unknown (expected one of "
                                + KEYS
                                + ")");
            }
        }
        String path = relative(spec.path("path").asText(name));
        if (path.length() < 2) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".path' must name the array, e.g. line_items or /order/line_items");
        }
        boolean scalar = spec.has("type");
        if (scalar == spec.has("columns")) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' needs either 'columns' (an array of objects) or 'type' (an array of values, loaded as column '"
                            + VALUE
                            + "')");
        }
        List<Column> columns = new ArrayList<>();
        if (scalar) {
            ObjectNode value =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                            .objectNode()
                            .put("type", spec.path("type").asText());
            value.put("path", "/" + VALUE);
            columns.add(TargetSchema.column(where, field, VALUE, value));
        } else {
            JsonNode cols = spec.path("columns");
            if (!cols.isObject() || cols.isEmpty()) {
                throw new SchemaException(
                        where
                                + ": field '"
                                + field
                                + ".columns' must map column names to {type: ...}");
            }
            for (Map.Entry<String, JsonNode> e : cols.properties()) {
                String columnField = field + ".columns." + e.getKey();
                JsonNode columnSpec = e.getValue();
                if (columnSpec.isObject()) {
                    if (columnSpec.has("expression")) {
                        throw new SchemaException(
                                where
                                        + ": field '"
                                        + columnField
                                        + ".expression': computed columns apply to the top-level table only");
                    }
                    if (columnSpec.has("path")) {
                        columnSpec =
                                ((ObjectNode) columnSpec.deepCopy())
                                        .put("path", relative(columnSpec.get("path").asText()));
                    }
                }
                Column c = TargetSchema.column(where, columnField, e.getKey(), columnSpec);
                if (c.name().startsWith("_")) {
                    // the key columns (_parent_*, _*_position, _position) start with '_'
                    throw new SchemaException(
                            where
                                    + ": field '"
                                    + columnField
                                    + "': a child's column cannot start with '_' (its key columns do); rename it and give 'path'");
                }
                columns.add(c);
            }
        }
        List<ChildSchema> children = parseAll(where, field + ".children", spec.path("children"));
        if (scalar && !children.isEmpty()) {
            throw new SchemaException(
                    where + ": field '" + field + ".children': an array of values has no children");
        }
        return new ChildSchema(name, path, columns, scalar, children);
    }

    /** {@code line_items}, {@code /line_items} and {@code $.line_items} name the same array. */
    private static String relative(String path) {
        String pointer = TargetSchema.toPointer(path);
        return pointer.startsWith("/") || pointer.isEmpty() ? pointer : "/" + pointer;
    }
}
