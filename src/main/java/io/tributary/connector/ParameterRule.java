package io.tributary.connector;

import java.util.List;
import java.util.Set;

/**
 * A rule between parameters, declared as data beside the parameters ({@link
 * ConnectorParameters#RULES}) and checked by {@link ParameterChecks}: when {@code parameter} is set
 * (to one of {@code when}, if given), the {@code others} must be set ({@link Check#REQUIRES}), at
 * least one of them must be ({@link Check#REQUIRES_ONE_OF}), must not be ({@link Check#EXCLUDES}),
 * or must not hold one of {@code otherValues} ({@link Check#NOT_WITH}). The cursor rules depend on
 * the schema file's {@code cursorField} ({@link Check#NEEDS_CURSOR_FIELD}, {@link
 * Check#NEEDS_TIMESTAMP_CURSOR}).
 *
 * <p>{@code problem} is the message's end; {@code {value}} stands for the parameter's value, {@code
 * {other}} for the other's, {@code {schema}} for the schema file. {@code namesOther}: the message
 * names the other parameter ("parameter 'nextPath' value '': is required by cursor pagination").
 *
 * <p>A name in braces, {@code {cursor}}, is a placeholder of the request template: it is set when
 * {@code url}, {@code requestHeaders} or {@code requestBody} uses it ({@link
 * RequestTemplate#placeUsing}), and a message names that parameter and its value.
 */
public record ParameterRule(
        String parameter,
        Set<String> when,
        Check check,
        List<String> others,
        Set<String> otherValues,
        String problem,
        boolean namesOther) {

    public enum Check {
        REQUIRES,
        REQUIRES_ONE_OF,
        EXCLUDES,
        NOT_WITH,
        NEEDS_CURSOR_FIELD,
        NEEDS_TIMESTAMP_CURSOR
    }

    public ParameterRule {
        when = Set.copyOf(when);
        others = List.copyOf(others);
        otherValues = Set.copyOf(otherValues);
    }

    /**
     * {@code parameter} (set to one of {@code when}) needs every one of {@code others}; the message
     * names {@code parameter}.
     */
    static ParameterRule needs(
            String parameter, Set<String> when, List<String> others, String problem) {
        return new ParameterRule(parameter, when, Check.REQUIRES, others, Set.of(), problem, false);
    }

    /**
     * {@code other} is required when {@code parameter} is one of {@code when}; the message names
     * {@code other}.
     */
    static ParameterRule requiredBy(
            String parameter, Set<String> when, String other, String problem) {
        return new ParameterRule(
                parameter, when, Check.REQUIRES, List.of(other), Set.of(), problem, true);
    }

    /**
     * One of {@code others} is required when {@code parameter} is one of {@code when}; the message
     * names the first of them ({@code pageParam}, or {@code {page}} in a template).
     */
    static ParameterRule requiredBy(
            String parameter, Set<String> when, List<String> others, String problem) {
        return new ParameterRule(
                parameter, when, Check.REQUIRES_ONE_OF, others, Set.of(), problem, true);
    }

    /**
     * {@code parameter} needs at least one of {@code others}; the message names {@code parameter}.
     */
    static ParameterRule needsOneOf(String parameter, List<String> others, String problem) {
        return new ParameterRule(
                parameter, Set.of(), Check.REQUIRES_ONE_OF, others, Set.of(), problem, false);
    }

    static ParameterRule excludes(String parameter, String other, String problem) {
        return new ParameterRule(
                parameter, Set.of(), Check.EXCLUDES, List.of(other), Set.of(), problem, false);
    }

    /** {@code parameter}, set to one of {@code when}, excludes {@code other}. */
    static ParameterRule excludes(
            String parameter, Set<String> when, String other, String problem) {
        return new ParameterRule(
                parameter, when, Check.EXCLUDES, List.of(other), Set.of(), problem, false);
    }

    static ParameterRule notWith(
            String parameter,
            Set<String> when,
            String other,
            Set<String> otherValues,
            String problem) {
        return new ParameterRule(
                parameter, when, Check.NOT_WITH, List.of(other), otherValues, problem, false);
    }

    static ParameterRule needsCursorField(String parameter, Set<String> when, String problem) {
        return new ParameterRule(
                parameter, when, Check.NEEDS_CURSOR_FIELD, List.of(), Set.of(), problem, false);
    }

    static ParameterRule needsTimestampCursor(String parameter, String problem) {
        return new ParameterRule(
                parameter,
                Set.of(),
                Check.NEEDS_TIMESTAMP_CURSOR,
                List.of(),
                Set.of(),
                problem,
                false);
    }

    /** The rule as the parameters page lists it. */
    public String sentence() {
        String subject =
                "`"
                        + parameter
                        + "`"
                        + (RequestTemplate.isPlaceholderName(parameter)
                                ? " in a request template"
                                : "")
                        + (when.isEmpty()
                                ? ""
                                : " " + String.join(" | ", new java.util.TreeSet<>(when)));
        switch (check) {
            case REQUIRES:
                return subject
                        + " needs "
                        + String.join(", ", others.stream().map(o -> "`" + o + "`").toList());
            case REQUIRES_ONE_OF:
                return subject
                        + " needs one of "
                        + String.join(", ", others.stream().map(o -> "`" + o + "`").toList());
            case EXCLUDES:
                return subject + " excludes `" + others.get(0) + "`";
            case NOT_WITH:
                return subject
                        + " not with `"
                        + others.get(0)
                        + "` "
                        + String.join(" | ", new java.util.TreeSet<>(otherValues));
            case NEEDS_CURSOR_FIELD:
                return subject + " needs a `cursorField` in the schema";
            default:
                return subject + " needs a timestamp `cursorField` in the schema";
        }
    }
}
