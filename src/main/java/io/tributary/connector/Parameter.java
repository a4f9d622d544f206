package io.tributary.connector;

import java.util.List;

/**
 * One connector parameter, declared once (see {@link ConnectorParameters}): the route template's
 * parameter list, the {@link Connector}'s defaults, the start-up checks of the simple kinds ({@link
 * ParameterChecks}), the editors' JSON Schema and docs/connector-parameters.md's table ({@link
 * ParameterDocs}) all come from it. A Kamelet's {@code spec.definition} is the same JSON Schema
 * over a group's parameters.
 *
 * @param name the parameter's name in a route file ({@code pageSize})
 * @param group the part of the connector it configures, as dlt nests its config
 * @param type what the value must be; the simple kinds are checked from the declaration
 * @param defaultValue the value when the route file leaves it out; null: none
 * @param defaultNote the default as the parameters page states it when it comes from elsewhere (a
 *     setting); null: {@code defaultValue}
 * @param allowed the values an {@link Type#ENUM} takes
 * @param required the route file must give it
 * @param secret a credential: never echoed, {@code format: password} in the schema
 * @param minimum smallest integer, or for a duration 0 (not negative) or 1 (longer than zero);
 *     null: none
 * @param examples values from real APIs ({@code startAt}: Jira), the first one used in messages
 * @param description what it means, in Markdown (backticks, links relative to docs/)
 * @param property the {@link Connector} bean property a route written in full sets; null: the route
 *     uses it itself
 */
public record Parameter(
        String name,
        Group group,
        Type type,
        String defaultValue,
        String defaultNote,
        List<String> allowed,
        boolean required,
        boolean secret,
        Integer minimum,
        List<String> examples,
        String description,
        String property) {

    /** The parts of a connector, in the order the parameters page and the schema list them. */
    public enum Group {
        SOURCE("source", "Source"),
        FORMAT("format", "Format: how a body's records are written"),
        SCHEDULE("schedule", "Schedule"),
        AUTH("auth", "Authentication"),
        PAGING("paging", "Paging"),
        INCREMENTAL("incremental", "Incremental: the cursor"),
        PARENT("parent", "Parent -> child: one sync per parent"),
        LIMITS("limits", "Errors, limits and hosts"),
        WEBHOOK("webhook", "Webhook: signature, event id, request limits"),
        TARGET("target", "Target: schema, table, sink");

        private final String key;
        private final String title;

        Group(String key, String title) {
            this.key = key;
            this.title = title;
        }

        /**
         * Its name in nested configuration ({@code paging.pageSize}) and in the schema's {@code
         * x-group}.
         */
        public String key() {
            return key;
        }

        public String title() {
            return title;
        }
    }

    /**
     * The kinds of value; all but {@code STRING} and {@code LIST} are checked from the declaration.
     */
    public enum Type {
        STRING("string"),
        INTEGER("integer"),
        BOOLEAN("boolean"),
        DURATION("duration"),
        JSON_POINTER("json-pointer"),
        URL("url"),
        ENUM("enum"),
        LIST("list");

        private final String key;

        Type(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public Parameter {
        allowed = List.copyOf(allowed);
        examples = List.copyOf(examples);
    }

    /** An optional parameter without default; refine it with the methods below. */
    public static Parameter of(String name, Group group, Type type) {
        return new Parameter(
                name, group, type, null, null, List.of(), false, false, null, List.of(), "", name);
    }

    public Parameter byDefault(String value) {
        return new Parameter(
                name,
                group,
                type,
                value,
                defaultNote,
                allowed,
                required,
                secret,
                minimum,
                examples,
                description,
                property);
    }

    public Parameter defaultNote(String note) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                note,
                allowed,
                required,
                secret,
                minimum,
                examples,
                description,
                property);
    }

    public Parameter oneOf(String... values) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                List.of(values),
                required,
                secret,
                minimum,
                examples,
                description,
                property);
    }

    public Parameter asRequired() {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                true,
                secret,
                minimum,
                examples,
                description,
                property);
    }

    public Parameter asSecret() {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                required,
                true,
                minimum,
                examples,
                description,
                property);
    }

    public Parameter minimum(int min) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                required,
                secret,
                min,
                examples,
                description,
                property);
    }

    public Parameter examples(String... values) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                required,
                secret,
                minimum,
                List.of(values),
                description,
                property);
    }

    public Parameter describe(String text) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                required,
                secret,
                minimum,
                examples,
                text,
                property);
    }

    /**
     * The bean property of {@link Connector} that takes it, when not its name; null: not a
     * Connector setting.
     */
    public Parameter property(String beanProperty) {
        return new Parameter(
                name,
                group,
                type,
                defaultValue,
                defaultNote,
                allowed,
                required,
                secret,
                minimum,
                examples,
                description,
                beanProperty);
    }

    /**
     * A Kamelet bean's value of {@code name}: as given (untrimmed; blank is not given), else the
     * default its declaration in {@code declared} names, else null.
     */
    public static String given(
            List<Parameter> declared, java.util.Map<String, String> settings, String name) {
        String v = settings.get(name);
        if (v != null && !v.isBlank()) {
            return v;
        }
        return declared.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .map(Parameter::defaultValue)
                .orElse(null);
    }

    /** The description without Markdown: for the route template, the JSON Schema and a Kamelet. */
    public String plainDescription() {
        return description
                .replaceAll("\\[([^\\]]+)]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replace("**", "");
    }
}
