package io.tributary.connector;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.config.ConnectorConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The start-up checks that follow from the declarations alone: required parameters, the simple
 * kinds (integers and their minimum, booleans, enums, durations, JSON pointers, URLs), the rules
 * between parameters ({@link ParameterRule}) and unknown names ("did you mean"). Every problem is a
 * {@link ConnectorConfigException}: {@code connector 'x': parameter 'p' value 'v': problem}. A
 * blank value counts as not given. Checks that need more than the values (the schema file, the
 * database, a scheme's credentials) stay with the code that opens those.
 */
public final class ParameterChecks {
    private ParameterChecks() {}

    /** Required parameters, then each value's kind, then the rules that need only the values. */
    public static void check(
            String connector,
            List<Parameter> declared,
            List<ParameterRule> rules,
            Function<String, String> values) {
        for (Parameter p : declared) {
            if (p.required() && blank(values.apply(p.name()))) {
                throw new ConnectorConfigException(connector, p.name(), null, "is required");
            }
        }
        for (Parameter p : declared) {
            String value = values.apply(p.name());
            if (!blank(value)) {
                String problem = problem(p, value.trim());
                if (problem != null) {
                    throw new ConnectorConfigException(
                            connector, p.name(), p.secret() ? null : value, problem);
                }
            }
        }
        Function<String, String> withPlaces = withPlaceholders(values);
        for (ParameterRule rule : rules) {
            if (rule.check() != ParameterRule.Check.NEEDS_CURSOR_FIELD
                    && rule.check() != ParameterRule.Check.NEEDS_TIMESTAMP_CURSOR) {
                apply(connector, rule, withPlaces);
            }
        }
    }

    /**
     * The values, where a rule's name in braces ({@code {cursor}}) is the value of the request
     * template parameter that uses that placeholder ({@link RequestTemplate#placeUsing}), or null.
     */
    private static Function<String, String> withPlaceholders(Function<String, String> values) {
        return name -> {
            if (!RequestTemplate.isPlaceholderName(name)) {
                return values.apply(name);
            }
            String place = RequestTemplate.placeUsing(name, values);
            return place == null ? null : values.apply(place);
        };
    }

    /** The parameter a rule's name stands for: itself, or the place using a placeholder. */
    private static String named(String name, Function<String, String> values) {
        if (!RequestTemplate.isPlaceholderName(name)) {
            return name;
        }
        String place = RequestTemplate.placeUsing(name, values);
        return place == null ? name : place;
    }

    /**
     * The rules that need the schema's cursor field: whether there is one, and whether it is a
     * timestamp.
     */
    public static void checkCursor(
            String connector,
            List<ParameterRule> rules,
            Function<String, String> given,
            boolean hasCursor,
            boolean timestampCursor) {
        Function<String, String> values = withPlaceholders(given);
        for (ParameterRule rule : rules) {
            boolean broken =
                    rule.check() == ParameterRule.Check.NEEDS_CURSOR_FIELD
                            ? !hasCursor
                            : rule.check() == ParameterRule.Check.NEEDS_TIMESTAMP_CURSOR
                                    && !timestampCursor;
            if (broken && applies(rule, values)) {
                throw violation(connector, rule, rule.parameter(), values, null);
            }
        }
    }

    /**
     * What is wrong with a given (non-blank, trimmed) value of a simple kind; null when nothing.
     */
    static String problem(Parameter p, String value) {
        switch (p.type()) {
            case INTEGER:
                return integerProblem(p, value);
            case BOOLEAN:
                // exactly as the parts read them: a case they would refuse later must not pass here
                return value.equals("true") || value.equals("false")
                        ? null
                        : "must be true or false";
            case ENUM:
                return p.allowed().contains(value) ? null : "must be " + alternatives(p.allowed());
            case DURATION:
                return durationProblem(p, value);
            case JSON_POINTER:
                return pointerProblem(p, value);
            case URL:
                return urlProblem(value);
            default:
                return null;
        }
    }

    private static String integerProblem(Parameter p, String value) {
        int min = p.minimum() == null ? Integer.MIN_VALUE : p.minimum();
        String problem =
                min == 1
                        ? "must be a positive integer"
                        : min == 0
                                ? "must be a whole number, 0 or more"
                                : min == Integer.MIN_VALUE
                                        ? "must be a whole number"
                                        : "must be a whole number, " + min + " or more";
        try {
            return Integer.parseInt(value) >= min ? null : problem;
        } catch (NumberFormatException e) {
            return problem;
        }
    }

    private static String durationProblem(Parameter p, String value) {
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            return "must be an ISO-8601 duration such as " + alternatives(p.examples());
        }
        if (p.minimum() != null && p.minimum() > 0 && (d.isNegative() || d.isZero())) {
            return "must be longer than zero";
        }
        if (p.minimum() != null && p.minimum() == 0 && d.isNegative()) {
            return "must not be negative";
        }
        return null;
    }

    /**
     * As {@link Connector} reads pointers: {@code /a/b}, {@code $.a.b}, {@code /} or {@code $} (the
     * body itself).
     */
    private static String pointerProblem(Parameter p, String value) {
        if (value.equals("/") || value.equals("$")) {
            return null;
        }
        try {
            JsonPointer.compile(io.tributary.schema.TargetSchema.toPointer(value));
            return null;
        } catch (IllegalArgumentException e) {
            return "must be a JSON pointer such as "
                    + p.examples().stream()
                            .filter(x -> x.length() > 1)
                            .findFirst()
                            .orElse("/items");
        }
    }

    /**
     * An absolute http(s) URL; a placeholder ({@code {parent.id}}, {@code {cursor}}: {@link
     * RequestTemplate}) stands for a value, and a query may be written readably (its spaces and
     * quotes are encoded as it is sent).
     */
    private static String urlProblem(String value) {
        URI uri;
        try {
            uri = new URI(RequestTemplate.checkable(value));
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        } catch (IllegalArgumentException e) {
            return "is not a valid URL: " + e.getMessage();
        }
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        return http && uri.getHost() != null ? null : "must be an absolute http:// or https:// URL";
    }

    private static void apply(
            String connector, ParameterRule rule, Function<String, String> values) {
        if (!applies(rule, values)) {
            return;
        }
        if (rule.check() == ParameterRule.Check.REQUIRES_ONE_OF) {
            if (rule.others().stream().allMatch(o -> blank(values.apply(o)))) {
                throw violation(
                        connector,
                        rule,
                        rule.namesOther() ? rule.others().get(0) : rule.parameter(),
                        values,
                        null);
            }
            return;
        }
        for (String other : rule.others()) {
            String otherValue = values.apply(other);
            boolean broken;
            switch (rule.check()) {
                case REQUIRES:
                    broken = blank(otherValue);
                    break;
                case EXCLUDES:
                    broken = !blank(otherValue);
                    break;
                default: // NOT_WITH
                    broken = !blank(otherValue) && contains(rule.otherValues(), otherValue);
            }
            if (broken) {
                throw violation(
                        connector,
                        rule,
                        rule.namesOther() ? other : rule.parameter(),
                        values,
                        otherValue);
            }
        }
    }

    private static boolean applies(ParameterRule rule, Function<String, String> values) {
        String value = values.apply(rule.parameter());
        return !blank(value) && (rule.when().isEmpty() || contains(rule.when(), value));
    }

    private static ConnectorConfigException violation(
            String connector,
            ParameterRule rule,
            String named,
            Function<String, String> values,
            String otherValue) {
        named = named(named, values);
        String value = values.apply(rule.parameter());
        String problem =
                rule.problem()
                        .replace("{value}", value.trim())
                        .replace("{other}", otherValue == null ? "" : otherValue.trim())
                        .replace("{schema}", String.valueOf(values.apply("schema")));
        boolean secret = ConnectorParameters.named(named).map(Parameter::secret).orElse(false);
        return new ConnectorConfigException(
                connector, named, secret ? null : values.apply(named), problem);
    }

    /**
     * A given name that no declaration has is a typo whose value would be silently ignored:
     * refused, with the nearest declared name when one is close and the whole list.
     */
    public static void rejectUnknown(
            String connector,
            String template,
            Collection<String> declared,
            java.util.Map<String, ?> given) {
        Set<String> names = new TreeSet<>(declared);
        for (var entry : given.entrySet()) {
            String name = entry.getKey();
            if (!names.contains(name)) {
                String near =
                        names.stream()
                                .min(
                                        Comparator.comparingInt(
                                                d ->
                                                        distance(
                                                                d.toLowerCase(Locale.ROOT),
                                                                name.toLowerCase(Locale.ROOT))))
                                .filter(
                                        d ->
                                                distance(
                                                                d.toLowerCase(Locale.ROOT),
                                                                name.toLowerCase(Locale.ROOT))
                                                        <= 3)
                                .map(d -> " (did you mean '" + d + "'?)")
                                .orElse("");
                throw new ConnectorConfigException(
                        connector,
                        name,
                        String.valueOf(entry.getValue()),
                        "is not a parameter of template "
                                + template
                                + near
                                + "; its parameters: "
                                + names);
            }
        }
    }

    /** Edit distance, to suggest the parameter a typo meant. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    /** {@code a, b or c}. */
    static String alternatives(List<String> values) {
        if (values.size() <= 1) {
            return values.isEmpty() ? "" : values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1))
                + " or "
                + values.get(values.size() - 1);
    }

    private static boolean contains(Set<String> set, String value) {
        return set.stream().anyMatch(s -> s.equalsIgnoreCase(value.trim()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
