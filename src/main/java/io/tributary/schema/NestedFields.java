package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nested objects a schema maps part of, compiled once from its columns' paths into a tree, so
 * that a record's new field inside one of them (the schema maps {@code /customer/address/city}, a
 * record brings {@code customer.address.zip}) is found by one hash lookup per field of those
 * objects. A path a column stores whole (a {@code json} column over {@code /customer}) is a leaf:
 * nothing below it is drift. Arrays are not descended (their elements are not fields).
 *
 * <p>The top level is {@link SchemaDrift}'s own; this tree only walks below it. Not thread-safe:
 * its owner, {@link SchemaDrift}, calls it under its lock.
 */
final class NestedFields {
    /** A field below the top level that the schema does not map: its path and its value. */
    record Found(List<String> path, JsonNode value) {
        /** {@code customer.address.zip}, as findings and dead letters name it. */
        String dotted() {
            return String.join(".", path);
        }
    }

    private static final class Node {
        final List<String> path; // compiled once: a record's walk allocates nothing
        boolean whole; // a column stores this value whole: nothing below is drift
        final Map<String, Node> children = new HashMap<>();

        Node(List<String> path) {
            this.path = path;
        }

        Node child(String name) {
            return children.computeIfAbsent(name, n -> new Node(with(path, n)));
        }

        boolean branch() {
            return !whole && !children.isEmpty();
        }
    }

    private final Node root = new Node(List.of());

    NestedFields(TargetSchema schema) {
        for (Column c : schema.columns()) {
            if (!c.computed() && c.path().length() > 1) {
                add(segments(c.path()));
            }
        }
    }

    /** A path now mapped (a column evolve added): stored whole from now on. */
    void add(List<String> path) {
        Node node = root;
        for (String s : path) {
            node = node.child(s);
        }
        node.whole = true;
    }

    /** Whether any nested object is mapped in part: otherwise {@link #find} has nothing to do. */
    boolean any() {
        return root.children.values().stream().anyMatch(Node::branch);
    }

    /** The record's fields below the top level that the schema does not map, in record order. */
    List<Found> find(JsonNode record) {
        List<Found> found = null;
        for (Map.Entry<String, Node> e : root.children.entrySet()) {
            if (e.getValue().branch()) {
                found = walk(record.get(e.getKey()), e.getValue(), found);
            }
        }
        return found == null ? List.of() : found;
    }

    private static List<Found> walk(JsonNode value, Node node, List<Found> found) {
        if (value == null || !value.isObject()) {
            return found; // absent, null, an array or a scalar: no fields to be new
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            Node child = node.children.get(field.getKey());
            if (child == null) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(new Found(with(node.path, field.getKey()), field.getValue()));
            } else if (child.branch()) {
                found = walk(field.getValue(), child, found);
            }
        }
        return found;
    }

    private static List<String> with(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return List.copyOf(longer);
    }

    /** A JSON pointer's decoded segments: {@code /a~1b/c} is {@code [a/b, c]}. */
    static List<String> segments(String pointer) {
        List<String> out = new ArrayList<>();
        for (String s : pointer.substring(1).split("/", -1)) {
            out.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }
}
