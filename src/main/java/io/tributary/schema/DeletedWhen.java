package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * A schema file's {@code deletedWhen}: the one field of a record that says the source deleted it,
 * read declaratively (no expressions over record values). Two forms, from real APIs:
 *
 * <pre>
 * deletedWhen: {path: /status, equals: deleted}     # Zendesk's Incremental Ticket Export
 * deletedWhen: {path: /IsDeleted, equals: true}     # Salesforce queryAll
 * deletedWhen: {path: /archived_at, notNull: true}  # HubSpot, Pipedrive: a timestamp once archived
 * </pre>
 *
 * {@code equals} compares the field's scalar value as text ({@code true} matches JSON {@code true}
 * and {@code "true"}); {@code notNull} matches a field present and not null.
 */
public final class DeletedWhen {
    private static final Set<String> KEYS = Set.of("path", "equals", "notNull");

    private final String path;
    private final String equals; // null with notNull

    private DeletedWhen(String path, String equals) {
        this.path = path;
        this.equals = equals;
    }

    /** True when the record is flagged deleted. */
    public boolean matches(JsonNode record) {
        if (record == null) {
            return false;
        }
        JsonNode value = record.at(path);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        return equals == null || (value.isValueNode() && value.asText().equals(equals));
    }

    /** The JSON pointer of the flag. */
    public String path() {
        return path;
    }

    static DeletedWhen parse(String where, JsonNode spec) {
        String field = "deletedWhen";
        if (!spec.isObject()) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' must be {path: /deleted, equals: true} or {path: /archived_at, notNull: true}");
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
                                + new java.util.TreeSet<>(KEYS)
                                + ")");
            }
        }
        String path = TargetSchema.toPointer(spec.path("path").asText(""));
        if (!path.startsWith("/")) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".path' value '"
                            + path
                            + "' must be a JSON pointer such as /deleted");
        }
        JsonNode equals = spec.get("equals");
        JsonNode notNull = spec.get("notNull");
        if ((equals == null) == (notNull == null)) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + "' needs one of 'equals' (a value) or 'notNull: true'");
        }
        if (equals != null && !equals.isValueNode()) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".equals' must be a single value such as true or deleted");
        }
        if (notNull != null && !(notNull.isBoolean() && notNull.booleanValue())) {
            throw new SchemaException(
                    where
                            + ": field '"
                            + field
                            + ".notNull' value '"
                            + notNull.asText()
                            + "' must be true");
        }
        return new DeletedWhen(path, equals == null ? null : equals.asText());
    }
}
