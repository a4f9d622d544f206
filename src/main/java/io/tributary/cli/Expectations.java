package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a user expects of a connector's replayed sync, {@code routes/<connector>.expect.yaml}:
 *
 * <pre>
 * outcome: success            # or failed
 * rows: 3                     # rows in the connector's table after the sync
 * includes:                   # some rows; each is found by its first field (the key)
 *   - {id: item-00001, name: Item 1}
 * cursor: "2026-11-01T00:02:00Z"
 * deadLetters: 0
 * deadLetterReasons: [not a timestamp]   # each is part of some dead letter's reason
 * table: items                # optional: the table to read (default: the one the sync made)
 * </pre>
 *
 * Every key is optional; an unknown one is an error naming the file. Values compare as numbers when
 * both are numbers, as instants when both are timestamps, else as text.
 */
final class Expectations {
    static final String SUFFIX = ".expect.yaml";
    private static final Set<String> KEYS =
            Set.of(
                    "outcome",
                    "rows",
                    "includes",
                    "cursor",
                    "deadLetters",
                    "deadLetterReasons",
                    "table");
    private final JsonNode spec;

    private Expectations(JsonNode spec) {
        this.spec = spec;
    }

    /** Nothing expected but a successful sync with every request in the cassette. */
    static Expectations none() {
        return new Expectations(YAMLMapper.builder().build().createObjectNode());
    }

    /**
     * @throws IllegalArgumentException naming the file, the key and what it takes
     */
    static Expectations read(Path file) {
        JsonNode node;
        try {
            node = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": not readable YAML (" + e.getClass().getSimpleName() + ")");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return none();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    file + ": expectations are a map (outcome, rows, ...)");
        }
        node.fieldNames()
                .forEachRemaining(
                        k -> {
                            if (!KEYS.contains(k)) {
                                throw new IllegalArgumentException(
                                        file
                                                + ": unknown key '"
                                                + k
                                                + "'; known: "
                                                + new java.util.TreeSet<>(KEYS));
                            }
                        });
        check(
                file,
                node,
                "outcome",
                n -> n.isTextual() && (n.asText().equals("success") || n.asText().equals("failed")),
                "success or failed");
        check(file, node, "rows", JsonNode::canConvertToLong, "a number");
        check(file, node, "deadLetters", JsonNode::canConvertToLong, "a number");
        check(
                file,
                node,
                "includes",
                n ->
                        n.isArray()
                                && java.util.stream.StreamSupport.stream(n.spliterator(), false)
                                        .allMatch(r -> r.isObject() && r.size() > 0),
                "a list of rows (maps)");
        check(file, node, "deadLetterReasons", JsonNode::isArray, "a list of texts");
        check(
                file,
                node,
                "table",
                n ->
                        n.isTextual()
                                && n.asText()
                                        .matches(
                                                "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?"),
                "a table name ([schema.]table)");
        return new Expectations(node);
    }

    private static void check(
            Path file,
            JsonNode node,
            String key,
            java.util.function.Predicate<JsonNode> ok,
            String what) {
        if (node.has(key) && !ok.test(node.get(key))) {
            throw new IllegalArgumentException(
                    file + ": '" + key + "' must be " + what + ", not '" + node.get(key) + "'");
        }
    }

    String table() {
        return spec.path("table").asText(null);
    }

    /** The differences between this and what the replay did; empty when it passes. */
    List<String> differences(ReplayResult r) {
        List<String> d = new ArrayList<>();
        r.unmatched().forEach(u -> d.add("request not in the cassette: " + u));
        String outcome = spec.path("outcome").asText("success");
        if (!outcome.equals(r.success() ? "success" : "failed")) {
            d.add(
                    "outcome "
                            + (r.success() ? "success" : "failed (" + r.error() + ")")
                            + ", expected "
                            + outcome);
        }
        if (spec.has("rows") && spec.get("rows").asLong() != r.rows().size()) {
            d.add("rows " + r.rows().size() + ", expected " + spec.get("rows").asLong());
        }
        for (JsonNode want : spec.path("includes")) {
            d.addAll(include(want, r.rows()));
        }
        if (spec.has("cursor") && !same(spec.get("cursor").asText(), r.cursor())) {
            d.add("cursor " + r.cursor() + ", expected " + spec.get("cursor").asText());
        }
        if (spec.has("deadLetters")
                && spec.get("deadLetters").asLong() != r.deadLetterReasons().size()) {
            d.add(
                    "dead letters "
                            + r.deadLetterReasons().size()
                            + ", expected "
                            + spec.get("deadLetters").asLong());
        }
        for (JsonNode reason : spec.path("deadLetterReasons")) {
            if (r.deadLetterReasons().stream().noneMatch(x -> x.contains(reason.asText()))) {
                d.add("no dead letter's reason contains '" + reason.asText() + "'");
            }
        }
        return d;
    }

    private static List<String> include(JsonNode want, List<Map<String, Object>> rows) {
        Map.Entry<String, JsonNode> key = want.properties().iterator().next();
        String column = key.getKey().toLowerCase(java.util.Locale.ROOT);
        Map<String, Object> row =
                rows.stream()
                        .filter(x -> same(key.getValue().asText(), x.get(column)))
                        .findFirst()
                        .orElse(null);
        String name = "row " + key.getKey() + "=" + key.getValue().asText();
        if (row == null) {
            return List.of("no " + name);
        }
        List<String> d = new ArrayList<>();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        want.properties().forEach(f -> fields.put(f.getKey(), f.getValue()));
        fields.forEach(
                (field, value) -> {
                    String c = field.toLowerCase(java.util.Locale.ROOT);
                    if (!row.containsKey(c)) {
                        d.add(name + ": no column '" + field + "'");
                    } else if (!same(value.isNull() ? null : value.asText(), row.get(c))) {
                        d.add(
                                name
                                        + ": "
                                        + field
                                        + " is '"
                                        + row.get(c)
                                        + "', expected '"
                                        + (value.isNull() ? null : value.asText())
                                        + "'");
                    }
                });
        return d;
    }

    static boolean same(String expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        String a = actual.toString();
        if (expected.equals(a)) {
            return true;
        }
        try {
            return new BigDecimal(expected).compareTo(new BigDecimal(a)) == 0;
        } catch (NumberFormatException notNumbers) {
            // below
        }
        Instant e = instant(expected);
        Instant g = actual instanceof OffsetDateTime o ? o.toInstant() : instant(a);
        return e != null && Objects.equals(e, g);
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }
}
