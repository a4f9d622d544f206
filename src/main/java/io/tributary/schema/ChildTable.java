package io.tributary.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * One child table of a schema's {@code children}, flattened: the table {@code <table>__lines} (or
 * {@code <table>__lines__discounts} for an array inside each line), the path that reaches its
 * arrays, and its columns.
 *
 * <p>Its key columns come first, named so they cannot clash with an element's own (those may not
 * start with {@code _}): {@code _parent_<c>} for each primary-key column {@code c} of the top-level
 * table, then {@code _<child>_position} for each child level above it, then {@code _position}, the
 * element's 0-based index in its array. The key is the parent's full key plus the position, so
 * {@code orders__lines__discounts} joins {@code orders__lines} on {@code _parent_id} and {@code
 * _lines_position = _position}, and every level deletes by {@code _parent_*} alone.
 *
 * @param suffix the table name after the top-level table's {@code __}: {@code lines__discounts}
 * @param parent the index of the parent child table in {@link #of}, or -1 for the top-level table
 * @param child the declaration
 * @param table the child table's columns (keys first) and primary key, for DDL and comparisons
 * @param rootKey how many {@code _parent_*} columns lead the key
 */
public record ChildTable(
        String suffix, int parent, ChildSchema child, TargetSchema table, int rootKey) {

    /** Every child table of the schema, parents before their children. */
    public static List<ChildTable> of(TargetSchema schema) {
        List<ChildTable> all = new ArrayList<>();
        List<Column> rootKey = new ArrayList<>();
        for (String k : schema.primaryKey()) {
            Column c = schema.columns().get(schema.indexOf(k));
            rootKey.add(
                    new Column(
                            key(schema, "_parent_" + k),
                            c.type(),
                            "",
                            true,
                            null,
                            null,
                            null,
                            null,
                            c.scale()));
        }
        for (ChildSchema child : schema.children()) {
            add(schema, all, -1, "", child, rootKey);
        }
        return all;
    }

    private static void add(
            TargetSchema schema,
            List<ChildTable> all,
            int parent,
            String prefix,
            ChildSchema child,
            List<Column> keys) {
        List<Column> own = new ArrayList<>(keys);
        own.add(position(schema, "_position"));
        List<Column> columns = new ArrayList<>(own);
        columns.addAll(child.columns());
        List<String> pk = own.stream().map(Column::name).toList();
        TargetSchema table = new TargetSchema(schema.source(), columns, pk, null);
        String suffix = prefix + child.name();
        int index = all.size();
        int rootKey = schema.primaryKey().size();
        all.add(new ChildTable(suffix, parent, child, table, rootKey));
        List<Column> below = new ArrayList<>(keys);
        below.add(position(schema, key(schema, "_" + child.name() + "_position")));
        for (ChildSchema grandchild : child.children()) {
            add(schema, all, index, suffix + "__", grandchild, below);
        }
    }

    private static Column position(TargetSchema schema, String name) {
        return new Column(name, ColumnType.INTEGER, "", true, null, null);
    }

    private static String key(TargetSchema schema, String name) {
        try {
            return SqlIdentifiers.validate(name);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(schema.source() + ": field 'children': " + e.getMessage());
        }
    }

    /** The names of the key columns: {@code _parent_id, _lines_position, _position}. */
    public List<String> keyColumns() {
        return table.primaryKey();
    }

    /** Columns from the element, after the keys. */
    public List<Column> elementColumns() {
        return child.columns();
    }
}
