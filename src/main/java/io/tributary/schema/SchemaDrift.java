package io.tributary.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Notices when a source's records stop matching the schema: a new top-level field (Stripe adds
 * {@code payment_method_options}), a new field inside a nested object the schema maps part of (it
 * maps {@code customer.address.city}, a record brings {@code customer.address.zip}: {@link
 * NestedFields}), a declared field gone missing, or a field whose JSON type changed (a number that
 * becomes text). Each finding is reported once per process to the {@link Listener} (log line,
 * counter, {@code tributary_drift_events} row), and the connector's {@link Policy} acts:
 *
 * <ul>
 *   <li>{@code evolve}: a new field becomes a new nullable column (missing fields and changed types
 *       are reported);
 *   <li>{@code freeze}: the run fails with a message naming the field;
 *   <li>{@code quarantine}: the record goes to the dead letters with the reason.
 * </ul>
 *
 * Cheap by design: a record whose field names are those of the record before is not examined
 * further except for one type check per declared field and one lookup per field of the nested
 * objects mapped in part; only a record of a new shape is analysed.
 */
public final class SchemaDrift {

    /** The {@code drift} parameter. */
    public enum Policy {
        OFF,
        EVOLVE,
        FREEZE,
        QUARANTINE;

        public static Policy parse(String text) {
            for (Policy p : values()) {
                if (p.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Told of each finding, and asked to add a column under {@code evolve}. */
    public interface Listener {
        void report(DriftEvent event);

        /**
         * Adds a nullable column for a new source field at {@code path} (one name for a top-level
         * field, more for a nested one: {@code [customer, address, zip]}); returns it (its name may
         * differ from the field's).
         */
        Column evolve(List<String> path, JsonNode sample);
    }

    /** Thrown under {@code freeze}: fails the run, naming the connector and the field. */
    public static final class FrozenSchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FrozenSchemaException(String message) {
            super(message, null, false, false);
        }
    }

    private final String connector;
    private final Policy policy;
    private final Listener listener;
    private final Set<String> known = new HashSet<>();
    private final String[] declared;
    private final JsonNodeType[] seenTypes;
    private final Set<String> reported = new HashSet<>();
    private final NestedFields nested; // below the top level: the objects mapped in part
    private final boolean nestedMapped;
    private Set<String> lastShape = Set.of();
    private String
            lastShapeProblem; // the shape's drift, kept so every record of that shape is treated

    // alike

    public SchemaDrift(String connector, TargetSchema schema, Policy policy, Listener listener) {
        this.connector = connector;
        this.policy = policy;
        this.listener = listener;
        Map<String, Boolean> fields = new LinkedHashMap<>();
        for (Column c : schema.columns()) {
            if (!c.computed() && c.path().length() > 1) {
                String top = c.path().substring(1);
                int slash = top.indexOf('/');
                top =
                        (slash < 0 ? top : top.substring(0, slash))
                                .replace("~1", "/")
                                .replace("~0", "~");
                fields.put(top, Boolean.TRUE);
            }
        }
        known.addAll(fields.keySet());
        known.addAll(schema.drop());
        schema.children().forEach(c -> known.add(c.path().substring(1).split("/", 2)[0])); // tables
        declared = fields.keySet().toArray(new String[0]);
        seenTypes = new JsonNodeType[declared.length];
        nested = new NestedFields(schema);
        nestedMapped = nested.any();
    }

    public Policy policy() {
        return policy;
    }

    /**
     * @return null when the record may be mapped; a rejection (quarantine) when it must go to the
     *     dead letters
     * @throws FrozenSchemaException under {@code freeze}
     */
    public synchronized RecordRejectedException check(JsonNode record) {
        if (record == null || !record.isObject()) {
            return null; // the mapper rejects it
        }
        String problem = null;
        if (!sameShape(record)) {
            lastShape = names(record);
            lastShapeProblem = analyseShape(record);
        }
        problem = lastShapeProblem;
        if (nestedMapped) {
            String below = checkNested(record);
            problem = problem == null ? below : problem;
        }
        for (int i = 0; i < declared.length; i++) {
            JsonNode v = record.get(declared[i]);
            if (v == null || v.isNull()) {
                continue;
            }
            JsonNodeType t = v.getNodeType();
            if (seenTypes[i] == null) {
                seenTypes[i] = t;
            } else if (seenTypes[i] != t) {
                String detail = "was " + name(seenTypes[i]) + ", now " + name(t);
                String action = act("changed_type", declared[i], detail);
                if (action != null && problem == null) {
                    problem = action;
                }
            }
        }
        return problem == null ? null : new RecordRejectedException("$", null, problem);
    }

    /**
     * New fields inside the nested objects the schema maps part of: each record is walked (its
     * nested objects' shapes vary more than its top level), one lookup per field.
     *
     * @return the quarantine reason, or null
     */
    private String checkNested(JsonNode record) {
        String problem = null;
        for (NestedFields.Found f : nested.find(record)) {
            String field = f.dotted();
            if (policy == Policy.EVOLVE) {
                if (!f.value().isNull()) { // its type is unknown yet: added once a value comes
                    Column added = listener.evolve(f.path(), f.value());
                    nested.add(f.path());
                    report("new_field", field, evolved(f.value(), added), "column_added");
                }
                continue;
            }
            String p = act("new_field", field, name(f.value().getNodeType()));
            problem = problem == null ? p : problem;
        }
        return problem;
    }

    private static String evolved(JsonNode sample, Column added) {
        return name(sample.getNodeType())
                + " -> column "
                + added.name()
                + " "
                + added.type().name().toLowerCase(Locale.ROOT);
    }

    private boolean sameShape(JsonNode record) {
        if (record.size() != lastShape.size()) {
            return false;
        }
        for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
            if (!lastShape.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(JsonNode record) {
        Set<String> names = new HashSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * @return the quarantine reason for records of this shape, or null
     */
    private String analyseShape(JsonNode record) {
        String problem = null;
        List<String> fresh = new ArrayList<>();
        for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                fresh.add(f);
            }
        }
        for (String f : fresh) {
            JsonNode sample = record.get(f);
            if (policy == Policy.EVOLVE) {
                if (sample.isNull()) {
                    continue; // its type is unknown yet: added once a record carries a value
                }
                Column added = listener.evolve(List.of(f), sample);
                known.add(f);
                report("new_field", f, evolved(sample, added), "column_added");
                continue;
            }
            String p = act("new_field", f, name(sample.getNodeType()));
            problem = problem == null ? p : problem;
        }
        for (String f : declared) {
            if (!record.has(f)) {
                String p = act("missing_field", f, "absent from the record");
                problem = problem == null ? p : problem;
            }
        }
        return problem;
    }

    /** Reports the finding once and applies the policy; returns the quarantine reason, or null. */
    private String act(String kind, String field, String detail) {
        String text = describe(kind, field, detail);
        switch (policy) {
            case FREEZE:
                report(kind, field, detail, "run_failed");
                throw new FrozenSchemaException(
                        "connector '"
                                + connector
                                + "': schema drift under policy freeze: "
                                + text
                                + "; update the schema file, or set drift to evolve or quarantine");
            case QUARANTINE:
                report(kind, field, detail, "quarantined");
                return "schema drift: " + text;
            default:
                report(kind, field, detail, "reported");
                return null;
        }
    }

    private void report(String kind, String field, String detail, String action) {
        if (reported.add(kind + ":" + field + ":" + detail)) {
            listener.report(new DriftEvent(kind, field, detail, action));
        }
    }

    static String describe(String kind, String field, String detail) {
        switch (kind) {
            case "new_field":
                return "new field '" + field + "' (" + detail + ")";
            case "missing_field":
                return "field '" + field + "' is missing";
            default:
                return "field '" + field + "' changed type (" + detail + ")";
        }
    }

    private static String name(JsonNodeType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The column a new field becomes: a valid identifier (camelCase to snake_case; a nested field's
     * path joined by {@code __} as dlt flattens it: {@code customer.address.zip} is {@code
     * customer__address__zip}) and a type from its value.
     */
    public static Column columnFor(List<String> path, JsonNode sample, TargetSchema schema) {
        List<String> parts = new ArrayList<>();
        for (String segment : path) {
            parts.add(
                    segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9_]", "_"));
        }
        String name = String.join("__", parts);
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "_" + name;
        }
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        String base = name;
        for (int i = 2; schema.indexOf(name) >= 0; i++) {
            name = base + "_" + i;
        }
        ColumnType type;
        if (sample.isNumber()) { // decimal, not integer: a later 9.5 must still fit
            type = ColumnType.DECIMAL;
        } else if (sample.isBoolean()) {
            type = ColumnType.BOOLEAN;
        } else if (sample.isTextual()) {
            type = ColumnType.STRING;
        } else {
            type = ColumnType.JSON;
        }
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return new Column(name, type, pointer.toString(), false, null, null);
    }
}
