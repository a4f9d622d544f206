package io.tributary.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a record's nested arrays to the rows of its child tables, compiled once: per child table a
 * pointer to its array and a {@link SchemaRecordMapper} of its elements. An element that does not
 * fit rejects the whole record, named by its place: {@code line_items[3].quantity}.
 */
final class ChildRowMapper {
    private final List<ChildTable> tables;
    private final JsonPointer[] arrays;
    private final SchemaRecordMapper[] elements;
    private final int[][] childrenOf; // per table (and -1 as the last entry): its child tables
    private final int[] rootKey; // the top-level row's indexes of the primary-key columns

    private ChildRowMapper(TargetSchema schema) {
        tables = ChildTable.of(schema);
        arrays = new JsonPointer[tables.size()];
        elements = new SchemaRecordMapper[tables.size()];
        List<List<Integer>> below = new ArrayList<>();
        for (int i = 0; i <= tables.size(); i++) {
            below.add(new ArrayList<>());
        }
        for (int i = 0; i < tables.size(); i++) {
            ChildTable t = tables.get(i);
            arrays[i] = JsonPointer.compile(t.child().path());
            elements[i] =
                    new SchemaRecordMapper(
                            new TargetSchema(
                                    schema.source(), t.child().columns(), List.of(), null));
            below.get(t.parent() < 0 ? tables.size() : t.parent()).add(i);
        }
        childrenOf = new int[below.size()][];
        for (int i = 0; i < below.size(); i++) {
            childrenOf[i] = below.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        rootKey = schema.primaryKey().stream().mapToInt(schema::indexOf).toArray();
    }

    /** Null when the schema declares no children. */
    static ChildRowMapper of(TargetSchema schema) {
        return schema.children().isEmpty() ? null : new ChildRowMapper(schema);
    }

    /** The child rows of a record whose top-level row is {@code row}. */
    NestedRows map(JsonNode record, Object[] row) throws RecordRejectedException {
        NestedRows out = new NestedRows(tables.size());
        Object[] key = new Object[rootKey.length];
        for (int i = 0; i < rootKey.length; i++) {
            key[i] = row[rootKey[i]];
        }
        mapChildren(out, childrenOf[tables.size()], record, key, "");
        return out;
    }

    private void mapChildren(
            NestedRows out, int[] children, JsonNode element, Object[] key, String where)
            throws RecordRejectedException {
        for (int t : children) {
            JsonNode array = element.at(arrays[t]);
            String field = where + fieldName(arrays[t]);
            if (array.isMissingNode() || array.isNull()) {
                continue; // no array: no rows (and an update deletes the ones stored)
            }
            if (!array.isArray()) {
                throw new RecordRejectedException(
                        field,
                        excerpt(array),
                        "not an array (child table " + tables.get(t).suffix() + ")");
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                String at = field + "[" + i + "]";
                Object[] values = mapElement(t, item, at);
                Object[] child = Arrays.copyOf(key, key.length + 1 + values.length);
                child[key.length] = (long) i;
                System.arraycopy(values, 0, child, key.length + 1, values.length);
                out.add(t, child);
                if (childrenOf[t].length > 0) {
                    mapChildren(
                            out,
                            childrenOf[t],
                            item,
                            Arrays.copyOf(child, key.length + 1),
                            at + ".");
                }
            }
        }
    }

    private Object[] mapElement(int t, JsonNode item, String at) throws RecordRejectedException {
        boolean scalar = tables.get(t).child().scalar();
        if (scalar && item.isContainerNode()) {
            throw new RecordRejectedException(at, excerpt(item), "not a single value");
        }
        JsonNode element =
                scalar ? JsonNodeFactory.instance.objectNode().set(ChildSchema.VALUE, item) : item;
        if (!element.isObject()) {
            throw new RecordRejectedException(at, excerpt(element), "not a JSON object");
        }
        Object[] values;
        try {
            values = elements[t].map(element);
        } catch (RecordRejectedException e) {
            throw new RecordRejectedException(
                    scalar ? at : at + "." + e.field(), e.value(), e.reason());
        }
        int n = tables.get(t).child().columns().size();
        // an element lacking an optional path is inserted with null: its rows are replaced whole
        return values.length == n ? values : Arrays.copyOf(values, n);
    }

    private static String fieldName(JsonPointer pointer) {
        return pointer.toString().substring(1).replace('/', '.');
    }

    private static String excerpt(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
