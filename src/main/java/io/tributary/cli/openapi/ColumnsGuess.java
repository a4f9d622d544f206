package io.tributary.cli.openapi;

import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema file's columns from the records' item schema: integer (int32, int64) -> integer,
 * number -> decimal, string date-time -> timestamp, string date -> date, boolean, string; an object
 * of a few scalar fields -> one column per field by its path ({@code address_city: {path:
 * /address/city}}), a larger object, a map or an array -> json (an array may become a child table:
 * docs "children"); {@code required} when the document requires the field and it is not nullable.
 * The key is {@code id} when the records have one; the cursor a date-time field named like a change
 * time ({@code updated_at}, {@code updatedAt}, {@code modified}...).
 */
final class ColumnsGuess {
    /** An object with at most this many fields, all scalar, is flattened into columns. */
    private static final int FLATTEN_AT_MOST = 8;

    private static final List<String> CURSOR_NAMES =
            List.of(
                    "updated_at",
                    "updatedat",
                    "modified",
                    "modified_at",
                    "modifiedat",
                    "last_modified",
                    "lastmodified",
                    "date_modified",
                    "updated",
                    "update_time",
                    "updatetime");

    /**
     * @param pointer null: the field of that name at the top
     * @param note why a column is json, or what its source type was; null: nothing to say
     */
    record Column(String name, String type, String pointer, boolean required, String note) {}

    final List<Column> columns = new ArrayList<>();
    private final SchemaShape item;

    ColumnsGuess(SchemaShape item) {
        this.item = item;
        add("", item, true);
    }

    @SuppressWarnings("rawtypes")
    private void add(String prefix, SchemaShape object, boolean top) {
        List<String> required = object.required();
        for (Map.Entry<String, Schema> p : object.properties().entrySet()) {
            String field = p.getKey();
            SchemaShape shape = SchemaShape.of(p.getValue());
            String name = (prefix.isEmpty() ? "" : prefix + "_") + columnName(field);
            String pointer = (prefix.isEmpty() ? "" : "/" + prefix) + "/" + escape(field);
            boolean req = top && required.contains(field) && !shape.nullable();
            if (top && flattens(shape)) {
                add(columnName(field), shape, false);
                continue;
            }
            String type = type(shape);
            String note = null;
            if (type == null) {
                type = "json";
                note =
                        shape.isArray()
                                ? "an array: json (or a child table, schema 'children')"
                                : "an object: json";
            } else if ("unix-time".equals(shape.format())) {
                note = "seconds since the epoch (unix-time)";
            }
            boolean plain = top && name.equals(field);
            columns.add(new Column(name, type, plain ? null : pointer, req, note));
        }
    }

    private static boolean flattens(SchemaShape shape) {
        if (!"object".equals(shape.type()) || shape.isMap()) {
            return false;
        }
        if (shape.properties().size() > FLATTEN_AT_MOST) {
            return false;
        }
        return shape.properties().values().stream().allMatch(s -> type(SchemaShape.of(s)) != null);
    }

    /** The column type of a scalar; null for an object, a map, an array or an unknown. */
    static String type(SchemaShape shape) {
        String t = shape.type();
        if (t == null) {
            return null;
        }
        String f = shape.format() == null ? "" : shape.format();
        return switch (t) {
            case "integer" -> "integer";
            case "number" -> "decimal";
            case "boolean" -> "boolean";
            case "string" ->
                    switch (f) {
                        case "date-time" -> "timestamp";
                        case "date" -> "date";
                        default -> "string";
                    };
            default -> null;
        };
    }

    /** A field name as a column: lower case, other characters '_' (camelCase -> camel_case). */
    static String columnName(String field) {
        String snake = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        snake = snake.replaceAll("[^a-z0-9_]", "_");
        return snake.isEmpty() || Character.isDigit(snake.charAt(0)) ? "_" + snake : snake;
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }

    /** The primary key's column: {@code wanted} when the records have it, else null. */
    String key(String wanted) {
        for (Column c : columns) {
            if (c.pointer() == null && c.name().equals(wanted)) {
                return c.name();
            }
        }
        return null;
    }

    /** The change-time column a cursor could follow, or null. */
    Column cursor() {
        for (String wanted : CURSOR_NAMES) {
            for (Column c : columns) {
                if ("timestamp".equals(c.type())
                        && c.name().replace("_", "").equals(wanted.replace("_", ""))) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The records' field names, for a message. */
    List<String> fields() {
        return new ArrayList<>(item.properties().keySet());
    }
}
