package io.tributary.cli.openapi;

import java.util.ArrayList;
import java.util.List;

/** A schema file's text from the columns an item schema gives: one line a column, why beside it. */
final class SchemaFileText {
    private SchemaFileText() {}

    static String of(
            String name,
            String schemaRef,
            String operation,
            List<ColumnsGuess.Column> columns,
            String key,
            String cursorField) {
        boolean cursor = cursorField != null && !cursorField.isEmpty();
        List<String> l = new ArrayList<>();
        l.add("# yaml-language-server: $schema=" + schemaRef);
        l.add("# The table of " + name + ": its columns from the records' schema in the OpenAPI");
        l.add("# document (" + operation + "): types from type and format, required from");
        l.add("# 'required', a small object's fields by path, larger objects and arrays as json.");
        l.add(
                "# Delete the columns you do not want; 'tributary schema infer "
                        + name
                        + "' compares");
        l.add("# them with real pages.");
        l.add("primaryKey: [" + key + "]");
        if (cursor) {
            l.add("cursorField: " + cursorField);
        }
        l.add("columns:");
        int width = 0;
        for (ColumnsGuess.Column c : columns) {
            width = Math.max(width, c.name().length() + 1);
        }
        for (ColumnsGuess.Column c : columns) {
            StringBuilder spec = new StringBuilder("{type: ").append(c.type());
            if (c.pointer() != null) {
                spec.append(", path: \"").append(c.pointer()).append('"');
            }
            if (c.required() || c.name().equals(key) || c.name().equals(cursorField)) {
                spec.append(", required: true");
            }
            spec.append('}');
            String label = c.name() + ":";
            l.add(
                    "  "
                            + label
                            + " ".repeat(width - label.length() + 1)
                            + spec
                            + (c.note() == null ? "" : "   # " + c.note()));
        }
        return String.join("\n", l) + "\n";
    }
}
