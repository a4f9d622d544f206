package io.tributary.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schema.Column;
import io.tributary.schema.ColumnType;
import io.tributary.schema.RecordRejectedException;
import io.tributary.schema.SchemaRecordMapper;
import io.tributary.schema.TargetSchema;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code check} adds about the first page: the cursor the next request sends ({@link
 * #cursor}), and the first record against the schema ({@link #compare}): required fields it lacks,
 * fields no column maps, and values the column's type would refuse, each a warning naming the field
 * (a sync dead-letters such records; it still runs). A value is never shown, only its shape ({@code
 * 2024-01-01 10:00} is {@code 9999-99-99 99:99}), since records are the user's data:
 *
 * <pre>
 *        first record: 4 fields; 3 mapped, not mapped: [owner]
 *   warning: routes/deals.camel.yaml: connector 'deals': parameter 'schema' value 'routes/deals.schema.yaml':
 *   column 'updated_at' (field /updated_at): text like '9999-99-99 99:99' has no offset (such as Z or +02:00)
 *   and column 'updated_at' declares no zone; ...; the schema says timestamp
 * </pre>
 */
final class FirstPageReport {
    private final PrintStream out;
    private final Consumer<String> warning;

    FirstPageReport(PrintStream out, Consumer<String> warning) {
        this.out = out;
        this.warning = warning;
    }

    /**
     * Compares the first record with the schema's columns; {@code where} names file and connector;
     * columns {@code reported} already (found in no record of the page) are not named again.
     */
    void compare(
            TargetSchema schema,
            String where,
            JsonNode first,
            java.util.Collection<String> reported) {
        if (first == null || !first.isObject()) {
            out.println(
                    "       first record: "
                            + (first == null ? "none" : "not an object (" + kind(first) + ")")
                            + "; its fields could not be compared with the schema");
            return;
        }
        String schemaAt = where + "parameter 'schema' value '" + schema.source() + "': ";
        Set<String> mappedTop = new LinkedHashSet<>();
        for (Column column : schema.columns()) {
            if (column.computed() || column.path() == null) {
                continue;
            }
            String pointer = TargetSchema.toPointer(column.path());
            mappedTop.add(firstSegment(pointer));
            JsonNode value = first.at(JsonPointer.compile(pointer));
            if (value.isMissingNode() || value.isNull()) {
                if (column.required() && !reported.contains(column.name())) {
                    warning.accept(
                            schemaAt
                                    + "column '"
                                    + column.name()
                                    + "' (field "
                                    + pointer
                                    + ") is required, and the first record has "
                                    + (value.isNull() ? "null there" : "no such field")
                                    + "; such a record becomes a dead letter");
                }
                continue;
            }
            String refused = refusal(column, value, schema.source());
            if (refused != null) {
                warning.accept(
                        schemaAt
                                + "column '"
                                + column.name()
                                + "' (field "
                                + pointer
                                + "): "
                                + refused
                                + "; the schema says "
                                + column.type().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        schema.children()
                .forEach(
                        child -> mappedTop.add(firstSegment(TargetSchema.toPointer(child.path()))));
        List<String> extra = new ArrayList<>();
        int fields = 0;
        for (Iterator<String> names = first.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            fields++;
            if (!mappedTop.contains(name) && !schema.drop().contains(name)) {
                extra.add(name);
            }
        }
        out.println(
                "       first record: "
                        + fields
                        + " field(s); "
                        + (extra.isEmpty()
                                ? "each one mapped by a column"
                                : (fields - extra.size())
                                        + " mapped, not mapped by any column: "
                                        + extra));
    }

    /**
     * Why the column would refuse the value, its text shown only as a shape; null when it reads.
     */
    static String refusal(Column column, JsonNode value, String source) {
        if (column.type() == ColumnType.JSON) {
            return null; // any JSON value is kept as it is
        }
        if (value.isContainerNode()) {
            return "the value is " + kind(value);
        }
        String text = value.asText();
        try {
            SchemaRecordMapper.parseText(column, text);
            return null;
        } catch (RecordRejectedException e) {
            String reason = e.reason() == null ? "refused" : e.reason();
            String shape = shape(text);
            // a parser's message quotes the text: only its shape is shown
            reason = text.isEmpty() ? reason : reason.replace(text, shape);
            if (reason.startsWith("not a valid ") && reason.indexOf(':') > 0) {
                reason = reason.substring(0, reason.indexOf(':')); // the rest quotes a character
            }
            reason = reason.replace("' in value", "' in " + source); // parseText's source name
            return kind(value) + " like '" + shape + "': " + reason;
        } catch (RuntimeException e) {
            return kind(value) + " like '" + shape(text) + "' cannot be read";
        }
    }

    /** Digits as 9, letters as a, the rest kept, at most 40 characters: the form, not the value. */
    static String shape(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 40; i++) {
            char ch = text.charAt(i);
            b.append(Character.isDigit(ch) ? '9' : Character.isLetter(ch) ? 'a' : ch);
        }
        return text.length() > 40 ? b + "..." : b.toString();
    }

    /**
     * The cursor the next sync's first request sends, and where it comes from: the stored cursor,
     * {@code cursorStart}, or none (the first sync reads from the start). Cursor values are not
     * secrets, but the line is masked as every line is.
     */
    void cursor(io.tributary.connector.Connector c, io.tributary.http.PageRequest first) {
        String origin = c.nextCursorOrigin();
        String param = c.cursorParam();
        String sent = param == null ? null : first.query().get(param);
        String from =
                "stored".equals(origin)
                        ? "the cursor the last sync stored"
                        : "cursorStart".equals(origin) ? "cursorStart" : null;
        String line;
        if (from == null) {
            line =
                    c.targetSchema().cursorField() == null
                            ? "none: the schema names no cursorField, so each sync reads everything"
                            : "none yet: the first sync reads from the start (no stored cursor, no cursorStart)";
        } else if (sent != null) {
            line = "the next request sends " + param + "=" + sent + " (from " + from + ")";
        } else {
            line = "from " + from + ", in the request template's {cursor}";
        }
        out.println("       cursor: " + c.masker().mask(line));
    }

    private static String kind(JsonNode value) {
        return value.isTextual()
                ? "text"
                : value.isNumber()
                        ? "a number"
                        : value.isBoolean()
                                ? "a boolean"
                                : value.isArray()
                                        ? "an array"
                                        : value.isObject() ? "an object" : "null";
    }

    private static String firstSegment(String pointer) {
        String p = pointer.startsWith("/") ? pointer.substring(1) : pointer;
        int slash = p.indexOf('/');
        String segment = slash < 0 ? p : p.substring(0, slash);
        return segment.replace("~1", "/").replace("~0", "~");
    }
}
