package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One open XML element on its way to JSON. Its children by local name (a repeated child: an array,
 * in document order), its attributes as {@code @name}; a leaf's text as a string, kept as written;
 * text beside child elements or attributes as {@code #text}, whitespace between elements dropped;
 * {@code xsi:nil="true"}: null. E.g. {@code <Item id="7"><Tag>a</Tag><Tag>b</Tag></Item>} is {@code
 * {"@id":"7","Tag":["a","b"]}}.
 */
final class XmlElement {
    static final String TEXT = "#text";

    final String name;
    private ObjectNode fields;
    private StringBuilder text;
    private boolean hasChildren;
    private boolean nil;

    XmlElement(String name) {
        this.name = name;
    }

    void attribute(String key, String value) {
        fields().put(key, value);
    }

    void nil() {
        nil = true;
    }

    void text(char[] chars, int start, int length, boolean whitespace) {
        if (whitespace && hasChildren) {
            return; // indentation between child elements
        }
        if (text == null) {
            text = new StringBuilder(length);
        }
        text.append(chars, start, length);
    }

    void child(String childName, JsonNode value) {
        startChildren();
        add(fields(), childName, value);
    }

    /** Where records go: an empty array in the envelope, whatever their number. */
    void records(String childName) {
        startChildren();
        if (!(fields().get(childName) instanceof ArrayNode)) {
            fields.set(childName, RecordJson.NODES.arrayNode());
        }
    }

    private void startChildren() {
        if (!hasChildren) {
            hasChildren = true;
            if (text != null && isBlank(text)) {
                text = null;
            }
        }
    }

    private static void add(ObjectNode fields, String childName, JsonNode value) {
        JsonNode before = fields.get(childName);
        if (before == null) {
            fields.set(childName, value);
        } else if (before.isArray()) {
            ((ArrayNode) before).add(value); // only repetition makes arrays
        } else {
            ArrayNode many = fields.arrayNode();
            many.add(before);
            many.add(value);
            fields.set(childName, many);
        }
    }

    /** The element as JSON, once it has ended. */
    JsonNode value() {
        if (nil) {
            return RecordJson.NODES.nullNode();
        }
        if (fields == null) {
            return TextNode.valueOf(text == null ? "" : text.toString());
        }
        if (text != null && (!hasChildren || !isBlank(text))) {
            fields.put(TEXT, text.toString());
        }
        return fields;
    }

    /** The element as a record: always an object (a leaf's text as {@code #text}). */
    ObjectNode record() {
        JsonNode value = value();
        if (value.isObject()) {
            return (ObjectNode) value;
        }
        ObjectNode record = RecordJson.NODES.objectNode();
        if (value.isTextual()) {
            record.set(TEXT, value);
        }
        return record;
    }

    /** What was read of it so far, {@code child} (an element still open) included. */
    ObjectNode partial(String childName, JsonNode child) {
        ObjectNode copy = fields == null ? RecordJson.NODES.objectNode() : fields.deepCopy();
        if (childName != null) {
            add(copy, childName, child);
        }
        return copy;
    }

    /** The finished document's fields: the root element by its name. */
    ObjectNode fieldsOrEmpty() {
        return fields == null ? RecordJson.NODES.objectNode() : fields;
    }

    private ObjectNode fields() {
        if (fields == null) {
            fields = RecordJson.NODES.objectNode();
        }
        return fields;
    }

    private static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
