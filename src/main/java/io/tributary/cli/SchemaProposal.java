package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A schema file proposed from sampled records, each guess stated with its evidence: columns from
 * the records' fields (nested objects flattened to paths, {@code customer.address.city} -> column
 * {@code customer_address_city} at {@code /customer/address/city}; arrays as {@code json}), their
 * types (integer, decimal, boolean, timestamp, date, string), {@code required} when present and
 * non-null in every record, the key ({@code id}, else a {@code *_id}, unique in the sample) and the
 * cursor (a timestamp named {@code updated*}, {@code modified*} or {@code changed*} whose values
 * rise). The text loads with {@code TargetSchema.load}. It names fields, never their values: a
 * sample's values are the source's data.
 */
final class SchemaProposal {
    private static final Pattern CURSOR_NAME =
            Pattern.compile("^(last_|date_)?(updated|modified|changed).*");

    /** What a non-null value looked like. */
    enum Kind {
        BOOLEAN,
        INTEGER,
        DECIMAL,
        OFFSET_TIMESTAMP,
        LOCAL_TIMESTAMP,
        DATE,
        TEXT,
        ARRAY,
        EMPTY_OBJECT
    }

    /** One path's observations across the sample, in record order. */
    private static final class Field {
        final String pointer;
        int present;
        int nonNull;
        int objects; // non-empty objects: its fields are columns of their own
        final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        final Set<String> distinct = new HashSet<>();
        final List<Comparable<?>> times = new ArrayList<>();

        Field(String pointer) {
            this.pointer = pointer;
        }
    }

    /** A proposed column. */
    record Proposed(
            String name, String pointer, String type, boolean required, String note, Field field) {}

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private int records;

    static SchemaProposal of(List<JsonNode> records) {
        SchemaProposal p = new SchemaProposal();
        records.forEach(p::add);
        return p;
    }

    int records() {
        return records;
    }

    private void add(JsonNode record) {
        if (!record.isObject()) {
            return;
        }
        records++;
        walk("", record);
    }

    private void walk(String pointer, JsonNode object) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            Field f = fields.computeIfAbsent(p, Field::new);
            JsonNode v = e.getValue();
            f.present++;
            if (v.isNull()) {
                continue;
            }
            f.nonNull++;
            if (v.isObject() && !v.isEmpty()) {
                f.objects++;
                walk(p, v);
                continue;
            }
            Kind kind = kind(v);
            f.kinds.add(kind);
            f.distinct.add(v.isValueNode() ? v.asText() : v.toString());
            Comparable<?> time = time(kind, v.asText());
            if (time != null) {
                f.times.add(time);
            }
        }
    }

    private static Kind kind(JsonNode v) {
        if (v.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? Kind.INTEGER : Kind.DECIMAL;
        }
        if (v.isNumber()) {
            return Kind.DECIMAL;
        }
        if (v.isArray()) {
            return Kind.ARRAY;
        }
        if (v.isObject()) {
            return Kind.EMPTY_OBJECT;
        }
        String text = v.asText().trim();
        if (time(Kind.OFFSET_TIMESTAMP, text) != null) {
            return Kind.OFFSET_TIMESTAMP;
        }
        if (time(Kind.LOCAL_TIMESTAMP, text) != null) {
            return Kind.LOCAL_TIMESTAMP;
        }
        if (time(Kind.DATE, text) != null) {
            return Kind.DATE;
        }
        return Kind.TEXT;
    }

    private static Comparable<?> time(Kind kind, String text) {
        try {
            return switch (kind) {
                case OFFSET_TIMESTAMP -> OffsetDateTime.parse(text.trim()).toInstant();
                case LOCAL_TIMESTAMP -> LocalDateTime.parse(text.trim());
                case DATE -> LocalDate.parse(text.trim());
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The columns, in the order their fields first appeared. */
    List<Proposed> columns() {
        List<Proposed> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> asJson = new ArrayList<>(); // objects here, values there: one json column
        for (Field f : fields.values()) {
            if (asJson.stream().anyMatch(j -> f.pointer.startsWith(j + "/"))) {
                continue;
            }
            boolean leafValues = !f.kinds.isEmpty() && !f.kinds.equals(Set.of(Kind.EMPTY_OBJECT));
            boolean hasChildren =
                    fields.keySet().stream().anyMatch(k -> k.startsWith(f.pointer + "/"));
            String type;
            String note = null;
            if (f.objects > 0 && leafValues) {
                asJson.add(f.pointer);
                type = "json";
                note = "an object in " + f.objects + " record(s), a value in others";
            } else if (f.objects > 0 || (hasChildren && !leafValues)) {
                continue; // its fields are the columns
            } else {
                String[] t = type(f);
                type = t[0];
                note = t[1];
            }
            String name = unique(columnName(f.pointer), names);
            boolean required = f.nonNull == records && f.objects == 0 && type != null;
            columns.add(new Proposed(name, f.pointer, type, required, note, f));
        }
        return columns;
    }

    /** {type, note}. */
    private String[] type(Field f) {
        Set<Kind> k = f.kinds;
        if (k.isEmpty() || k.equals(Set.of(Kind.EMPTY_OBJECT))) {
            return f.nonNull == 0
                    ? new String[] {"string", "null in every sampled record: its type is a guess"}
                    : new String[] {"json", "an empty object in every sampled record"};
        }
        if (k.contains(Kind.ARRAY) || k.contains(Kind.EMPTY_OBJECT)) {
            return new String[] {"json", k.size() == 1 ? "an array" : "arrays and other values"};
        }
        if (k.equals(Set.of(Kind.BOOLEAN))) {
            return new String[] {"boolean", null};
        }
        if (k.equals(Set.of(Kind.INTEGER))) {
            return new String[] {"integer", null};
        }
        if (k.equals(Set.of(Kind.DECIMAL)) || k.equals(EnumSet.of(Kind.INTEGER, Kind.DECIMAL))) {
            return new String[] {"decimal", "exact: every digit as the source wrote it"};
        }
        if (k.equals(Set.of(Kind.OFFSET_TIMESTAMP))) {
            return new String[] {"timestamp", null};
        }
        if (k.contains(Kind.LOCAL_TIMESTAMP)
                && EnumSet.of(Kind.LOCAL_TIMESTAMP, Kind.OFFSET_TIMESTAMP).containsAll(k)) {
            return new String[] {
                "timestamp",
                "date-times without an offset (yyyy-MM-ddTHH:mm:ss): zone says which clock they are"
                        + " on; UTC is a guess, check the API's documentation"
            };
        }
        if (k.equals(Set.of(Kind.DATE))) {
            return new String[] {"date", null};
        }
        if (k.contains(Kind.TEXT)) {
            return new String[] {"string", null};
        }
        return new String[] {"string", "mixed values (" + names(k) + "): kept as text"};
    }

    private static String names(Set<Kind> kinds) {
        List<String> n = new ArrayList<>();
        kinds.forEach(k -> n.add(k.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return String.join(", ", n);
    }

    /** The key: {@code id}, else a {@code *_id}, else any column, unique and present in all. */
    Proposed key(List<Proposed> columns) {
        List<Proposed> candidates = new ArrayList<>();
        columns.stream().filter(c -> c.name().equals("id")).forEach(candidates::add);
        columns.stream().filter(c -> c.name().endsWith("_id")).forEach(candidates::add);
        columns.stream().filter(c -> !candidates.contains(c)).forEach(candidates::add);
        for (Proposed c : candidates) {
            if (uniqueInAll(c)) {
                return c;
            }
        }
        return null;
    }

    boolean uniqueInAll(Proposed c) {
        return !c.type().equals("json")
                && c.field().nonNull == records
                && c.field().distinct.size() == records;
    }

    /** How often a column's values rise from one record to the next (the first counts). */
    static int rises(Proposed c) {
        return steps(c, true);
    }

    static int falls(Proposed c) {
        return steps(c, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int steps(Proposed c, boolean up) {
        List<Comparable<?>> t = c.field().times;
        int n = t.isEmpty() ? 0 : 1;
        for (int i = 1; i < t.size(); i++) {
            Comparable a = t.get(i - 1);
            Comparable b = t.get(i);
            if (a.getClass() != b.getClass()) {
                continue;
            }
            int cmp = b.compareTo(a);
            if (up ? cmp >= 0 : cmp <= 0) {
                n++;
            }
        }
        return n;
    }

    /** Timestamp columns whose names say they hold a change time. */
    List<Proposed> cursorCandidates(List<Proposed> columns) {
        List<Proposed> out = new ArrayList<>();
        for (Proposed c : columns) {
            String last = c.pointer().substring(c.pointer().lastIndexOf('/') + 1);
            if (c.type().equals("timestamp")
                    && CURSOR_NAME.matcher(snake(last)).matches()
                    && !c.field().times.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The schema file: a comment per guess with its evidence, then {@code primaryKey}, {@code
     * cursorField} and the columns.
     *
     * @param schemaRef the JSON Schema the first line names (relative to the file)
     */
    String yaml(String connector, int pages, String schemaRef) {
        List<Proposed> columns = columns();
        List<String> l = new ArrayList<>();
        l.add("# yaml-language-server: $schema=" + schemaRef);
        l.add(
                "# Proposed by 'tributary schema infer "
                        + connector
                        + "' from "
                        + records
                        + " record(s) on "
                        + pages
                        + " page(s): review each guess before the first sync.");
        Proposed key = key(columns);
        String keyName;
        if (key != null) {
            keyName = key.name();
            l.add(
                    "# primaryKey: "
                            + keyName
                            + " — present and unique in "
                            + records
                            + " of "
                            + records
                            + " records");
        } else {
            keyName = columns.get(0).name();
            l.add(
                    "# primaryKey: "
                            + keyName
                            + " is a placeholder — no field is present and unique in every sampled"
                            + " record; name the field (or fields: [a, b]) that identifies a record");
        }
        Proposed cursor = null;
        List<String> cursorNotes = new ArrayList<>();
        for (Proposed c : cursorCandidates(columns)) {
            int n = c.field().times.size();
            int up = rises(c);
            int down = falls(c);
            if (cursor == null && up * 100 >= n * 95) {
                cursor = c;
                cursorNotes.add(
                        "# cursorField: "
                                + c.name()
                                + " — rises in "
                                + up
                                + " of "
                                + n
                                + " records");
            } else if (cursor == null && down * 100 >= n * 95) {
                cursor = c;
                cursorNotes.add(
                        "# cursorField: "
                                + c.name()
                                + " — falls in "
                                + down
                                + " of "
                                + n
                                + " records: the source sends newest first, so set order:"
                                + " descending on the source");
            } else {
                cursorNotes.add(
                        "# not the cursor: "
                                + c.name()
                                + " rises in only "
                                + up
                                + " of "
                                + n
                                + " records (order: unordered fits a source sorted otherwise)");
            }
        }
        if (cursorNotes.isEmpty()) {
            cursorNotes.add(
                    "# cursorField: none — no timestamp field named updated*, modified* or changed*;"
                            + " each sync reads everything");
        }
        l.addAll(cursorNotes);
        l.add("primaryKey: [" + keyName + "]");
        if (cursor != null) {
            l.add("cursorField: " + cursor.name());
        }
        l.add("columns:");
        int width = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2;
        for (Proposed c : columns) {
            StringBuilder spec = new StringBuilder("{type: ").append(c.type());
            if (!c.pointer().equals("/" + c.name())) {
                spec.append(", path: ").append(NewCommand.quote(c.pointer()));
            }
            if (c.required() || c.name().equals(keyName)) {
                spec.append(", required: true");
            }
            if (c.note() != null && c.note().startsWith("date-times without an offset")) {
                spec.append(", zone: UTC");
            }
            spec.append('}');
            String line = "  " + (c.name() + ":") + " ".repeat(width - c.name().length()) + spec;
            l.add(c.note() == null ? line : line + "   # " + c.note());
        }
        return String.join("\n", l) + "\n";
    }

    static String columnName(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String s = segment.replace("~1", "/").replace("~0", "~");
            if (b.length() > 0) {
                b.append('_');
            }
            b.append(snake(s));
        }
        String name = b.toString().replaceAll("_+", "_").replaceAll("^_(?=.)|_$", "");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "_" + name;
        }
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** {@code updatedAt}, {@code Updated-At} -> {@code updated_at}. */
    static String snake(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
    }

    private static String unique(String name, Set<String> taken) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) {
            String suffix = "_" + i;
            n =
                    (name.length() + suffix.length() > 63
                                    ? name.substring(0, 63 - suffix.length())
                                    : name)
                            + suffix;
        }
        return n;
    }
}
