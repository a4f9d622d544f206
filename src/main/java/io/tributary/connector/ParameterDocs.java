package io.tributary.connector;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What is generated from the declarations ({@link ConnectorParameters}): the editors' JSON Schema
 * ({@value #SCHEMA_FILE}, draft 2020-12; a Kamelet's {@code spec.definition} has the same shape)
 * and the parameter tables of the reference pages: {@value #PARAMETERS_PAGE} between {@value
 * #START} and {@value #END}, the source Kamelets' in {@value #SOURCES_PAGE} between their markers.
 * Run from the project folder:
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/classes:$(cat target/classpath.txt)" io.tributary.connector.ParameterDocs --write
 * </pre>
 *
 * {@code --check} (the default) only tells whether the files are up to date (exit 1 when not);
 * {@code ParameterDocsTest} fails the build when they are not.
 */
public final class ParameterDocs {
    public static final String SCHEMA_FILE = "docs/schema/http-to-jdbc.parameters.schema.json";
    public static final String START = "<!-- parameters:start -->";

    /**
     * The page with the connector parameters' tables (the http source, the sinks, the template).
     */
    public static final String PARAMETERS_PAGE = "docs/connector-parameters.md";

    /** The page with the SQL, file and webhook sources' tables, each in its source's section. */
    public static final String SOURCES_PAGE = "docs/sources.md";

    public static final String END = "<!-- parameters:end -->";

    /**
     * A property placeholder such as {@code {{env:GITHUB_TOKEN}}}: any parameter's value may be
     * one.
     */
    static final String PLACEHOLDER = ".*\\{\\{.+}}.*";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ParameterDocs() {}

    public static void main(String[] args) throws IOException {
        boolean write = List.of(args).contains("--write");
        Path root = Path.of(".");
        boolean stale = false;
        Path schema = root.resolve(SCHEMA_FILE);
        String schemaText = schemaText();
        if (!Files.exists(schema) || !Files.readString(schema).equals(schemaText)) {
            stale = true;
            if (write) {
                Files.createDirectories(schema.getParent());
                Files.writeString(schema, schemaText);
                System.out.println("wrote " + schema);
            }
        }
        for (String kamelet : KAMELETS) {
            Path file = root.resolve(kameletSchemaFile(kamelet));
            String text = kameletSchemaText(kamelet);
            if (!Files.exists(file) || !Files.readString(file).equals(text)) {
                stale = true;
                if (write) {
                    Files.writeString(file, text);
                    System.out.println("wrote " + file);
                }
            }
        }
        for (String[] kamelet : KAMELET_FILES) {
            Path file = root.resolve(kamelet[0]);
            String kameletText = kameletText(kamelet[1]);
            if (!Files.exists(file) || !Files.readString(file).equals(kameletText)) {
                stale = true;
                if (write) {
                    Files.writeString(file, kameletText);
                    System.out.println("wrote " + file);
                }
            }
        }
        stale |= writeTables(root.resolve(PARAMETERS_PAGE), ParameterDocs::withTable, write);
        stale |=
                writeTables(
                        root.resolve(SOURCES_PAGE),
                        text -> withWebhookTable(withFileSourceTable(withSqlSourceTable(text))),
                        write);
        stale |= writeTables(root.resolve(BULK_PAGE), ParameterDocs::withBulkSourceTable, write);
        if (stale && !write) {
            System.out.println(
                    SCHEMA_FILE
                            + ", the Kamelet files or the tables in "
                            + PARAMETERS_PAGE
                            + " / "
                            + SOURCES_PAGE
                            + " differ from the declarations; run with --write");
            System.exit(1);
        }
    }

    /** Whether a page's generated tables were stale; with {@code write}, refreshes them. */
    private static boolean writeTables(
            Path page, java.util.function.UnaryOperator<String> tables, boolean write)
            throws IOException {
        String text = Files.readString(page);
        String updated = tables.apply(text);
        if (updated.equals(text)) {
            return false;
        }
        if (write) {
            Files.writeString(page, updated);
            System.out.println("wrote the parameter tables in " + page);
        }
        return true;
    }

    // ---- Kamelet files ----

    /** The Kamelets Tributary ships; each has its editors' JSON Schema in docs/schema/. */
    public static final List<String> KAMELETS =
            List.of(
                    HttpSourceKamelet.KAMELET,
                    PageSinkStep.KAMELET,
                    FileSinkStep.KAMELET,
                    SqlSourceKamelet.KAMELET,
                    FileSourceKamelet.KAMELET,
                    WebhookSourceKamelet.KAMELET,
                    BulkSourceKamelet.KAMELET);

    /** A Kamelet's declared parameters. */
    public static List<Parameter> kameletParameters(String kamelet) {
        switch (kamelet) {
            case HttpSourceKamelet.KAMELET:
                return HttpSourceKamelet.PARAMETERS;
            case PageSinkStep.KAMELET:
                return PageSinkStep.PARAMETERS;
            case FileSinkStep.KAMELET:
                return FileSinkStep.PARAMETERS;
            case SqlSourceKamelet.KAMELET:
                return SqlSourceKamelet.PARAMETERS;
            case FileSourceKamelet.KAMELET:
                return FileSourceKamelet.PARAMETERS;
            case WebhookSourceKamelet.KAMELET:
                return WebhookSourceKamelet.PARAMETERS;
            case BulkSourceKamelet.KAMELET:
                return BulkSourceKamelet.PARAMETERS;
            default:
                throw new IllegalArgumentException(kamelet);
        }
    }

    /**
     * The rules between a Kamelet's parameters: the shared ones that are all its own, and its own.
     */
    static List<ParameterRule> kameletRules(String kamelet) {
        if (kamelet.equals(SqlSourceKamelet.KAMELET)) {
            return SqlSourceKamelet.RULES;
        }
        if (kamelet.equals(FileSourceKamelet.KAMELET)) {
            return FileSourceKamelet.RULES;
        }
        if (kamelet.equals(WebhookSourceKamelet.KAMELET)) {
            return WebhookSourceKamelet.RULES;
        }
        if (kamelet.equals(BulkSourceKamelet.KAMELET)) {
            return BulkSourceKamelet.RULES;
        }
        java.util.Set<String> names =
                kameletParameters(kamelet).stream()
                        .map(Parameter::name)
                        .collect(Collectors.toSet());
        return ConnectorParameters.RULES.stream()
                .filter(r -> declared(names, r.parameter()))
                .filter(r -> r.others().stream().allMatch(o -> declared(names, o)))
                .toList();
    }

    public static String kameletSchemaFile(String kamelet) {
        return "docs/schema/" + kamelet + ".parameters.schema.json";
    }

    /**
     * The JSON Schema of a Kamelet's parameters (a route's {@code parameters:} map for it), with
     * the rules between parameters that are all its own.
     */
    public static String kameletSchemaText(String kamelet) {
        List<Parameter> parameters = kameletParameters(kamelet);
        ObjectNode schema = jsonSchema(kamelet, parameters, kameletRules(kamelet));
        schema.put("title", "Parameters of the " + kamelet + " Kamelet");
        schema.put(
                "description",
                "Generated from the declarations by io.tributary.connector.ParameterDocs; do not edit. "
                        + "The parameters a route gives kamelet:"
                        + kamelet
                        + " (its parameters: map, or its URI's query); any value may be a property placeholder "
                        + "such as {{env:API_KEY}}.");
        try {
            DefaultPrettyPrinter printer =
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer).writeValueAsString(schema) + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The Kamelet files generated whole from their declarations: file, Kamelet. */
    static final String[][] KAMELET_FILES = {
        {HttpSourceKamelet.FILE, HttpSourceKamelet.KAMELET},
        {PageSinkStep.FILE, PageSinkStep.KAMELET},
        {FileSinkStep.FILE, FileSinkStep.KAMELET},
        {SqlSourceKamelet.FILE, SqlSourceKamelet.KAMELET},
        {FileSourceKamelet.FILE, FileSourceKamelet.KAMELET},
        {WebhookSourceKamelet.FILE, WebhookSourceKamelet.KAMELET},
        {BulkSourceKamelet.FILE, BulkSourceKamelet.KAMELET}
    };

    /**
     * A generated Kamelet file's text: its {@code spec.definition} from the declarations, a
     * template bean that gets every parameter, and the template's route.
     */
    public static String kameletText(String kamelet) {
        if (kamelet.equals(FileSourceKamelet.KAMELET)) {
            return fileSourceKameletText();
        }
        if (kamelet.equals(WebhookSourceKamelet.KAMELET)) {
            return webhookSourceKameletText();
        }
        if (kamelet.equals(BulkSourceKamelet.KAMELET)) {
            return bulkSourceKameletText();
        }
        boolean http = kamelet.equals(HttpSourceKamelet.KAMELET);
        boolean sql = kamelet.equals(SqlSourceKamelet.KAMELET);
        boolean jdbc = kamelet.equals(PageSinkStep.KAMELET);
        boolean source = http || sql;
        String title =
                http
                        ? HttpSourceKamelet.TITLE
                        : sql
                                ? SqlSourceKamelet.TITLE
                                : jdbc ? PageSinkStep.TITLE : FileSinkStep.TITLE;
        String description =
                http
                        ? HttpSourceKamelet.DESCRIPTION
                        : sql
                                ? SqlSourceKamelet.DESCRIPTION
                                : jdbc ? PageSinkStep.DESCRIPTION : FileSinkStep.DESCRIPTION;
        List<Parameter> parameters = kameletParameters(kamelet);
        // not a word a parameter's value could be: Camel mistakes such a value for the bean (see
        // the
        // docs/sources.md, Writing a connector)
        String bean =
                http
                        ? "tributaryHttpSource"
                        : sql ? "tributarySqlSource" : jdbc ? "pageSink" : "tributaryFileSink";
        Class<?> type =
                http
                        ? Connector.class
                        : sql ? SqlSource.class : jdbc ? PageSinkStep.class : FileSinkStep.class;
        String declaredIn =
                http
                        ? HttpSourceKamelet.class.getName()
                        : sql ? SqlSourceKamelet.class.getName() : type.getName();
        String route =
                http
                        ? HttpSourceKamelet.ROUTE
                        : sql
                                ? SqlSourceKamelet.ROUTE
                                : jdbc ? PageSinkStep.ROUTE : FileSinkStep.ROUTE;
        StringBuilder b = new StringBuilder();
        b.append("# Generated from ")
                .append(declaredIn)
                .append(
                        " by io.tributary.connector.ParameterDocs --write: edit the declarations, not this file.\n")
                .append("apiVersion: camel.apache.org/v1\n")
                .append("kind: Kamelet\n")
                .append("metadata:\n")
                .append("  name: ")
                .append(kamelet)
                .append("\n  labels:\n    camel.apache.org/kamelet.type: ")
                .append(source ? "source" : "sink")
                .append("\n  annotations:\n    camel.apache.org/provider: Tributary\n")
                .append("spec:\n  definition:\n");
        String definition = yaml(kameletDefinition(title, description, parameters));
        for (String line : definition.split("\n")) {
            b.append("    ").append(line).append('\n');
        }
        b.append("  template:\n    beans:\n")
                .append("      - name: ")
                .append(bean)
                .append("\n        type: \"#class:")
                .append(type.getName())
                .append(
                        sql
                                ? "\"\n        initMethod: initialize   # checks every parameter and the route's sink; makes the source's pool\n"
                                : "\"\n        initMethod: initialize   # binds it to the route's other half, which checks the whole connector\n")
                .append("        properties:\n")
                .append(
                        "          callingRoute: \"{{?parentRouteId}}\"   # the route that uses it: the connector's id\n");
        for (Parameter p : parameters) {
            if (p.property() == null) {
                continue; // the template's route uses it itself (the schedule)
            }
            b.append("          ")
                    .append(p.property())
                    .append(": \"{{")
                    .append(p.required() || p.defaultValue() != null ? "" : "?")
                    .append(p.name())
                    .append("}}\"\n");
        }
        if (http) {
            b.append(
                            "      - name: tributarySlices   # the parallel split's threads (concurrency)\n")
                    .append("        type: \"#class:")
                    .append(SliceThreads.class.getName())
                    .append(
                            "\"\n        properties:\n          concurrency: \"{{concurrency}}\"\n");
        }
        b.append(route);
        return b.toString();
    }

    static String fileSourceKameletText() {
        return sourceKameletText(
                FileSourceKamelet.class,
                FileSourceKamelet.KAMELET,
                FileSourceKamelet.TITLE,
                FileSourceKamelet.DESCRIPTION,
                FileSourceKamelet.PARAMETERS,
                FileSourceKamelet.BEAN,
                FileSource.class,
                "checks every parameter and the route's sink",
                FileSourceKamelet.ROUTE);
    }

    static String webhookSourceKameletText() {
        return sourceKameletText(
                WebhookSourceKamelet.class,
                WebhookSourceKamelet.KAMELET,
                WebhookSourceKamelet.TITLE,
                WebhookSourceKamelet.DESCRIPTION,
                WebhookSourceKamelet.PARAMETERS,
                WebhookSourceKamelet.BEAN,
                WebhookSource.class,
                "checks every parameter, the route's id and its sink; the signature",
                WebhookSourceKamelet.ROUTE);
    }

    static String bulkSourceKameletText() {
        return sourceKameletText(
                BulkSourceKamelet.class,
                BulkSourceKamelet.KAMELET,
                BulkSourceKamelet.TITLE,
                BulkSourceKamelet.DESCRIPTION,
                BulkSourceKamelet.PARAMETERS,
                BulkSourceKamelet.BEAN,
                BulkSource.class,
                "checks every parameter and the route's sink; no call yet",
                BulkSourceKamelet.ROUTE);
    }

    /**
     * A source Kamelet's file whose bean is the source (file, webhook, bulk): its definition, its
     * bean with every parameter, its route.
     */
    private static String sourceKameletText(
            Class<?> declaredIn,
            String kamelet,
            String title,
            String description,
            List<Parameter> parameters,
            String bean,
            Class<?> beanType,
            String initChecks,
            String route) {
        StringBuilder b = new StringBuilder();
        b.append("# Generated from ")
                .append(declaredIn.getName())
                .append(
                        " by io.tributary.connector.ParameterDocs --write: edit the declarations, not this file.\n")
                .append("apiVersion: camel.apache.org/v1\nkind: Kamelet\nmetadata:\n  name: ")
                .append(kamelet)
                .append("\n  labels:\n    camel.apache.org/kamelet.type: source\n")
                .append("  annotations:\n    camel.apache.org/provider: Tributary\n")
                .append("spec:\n  definition:\n");
        String definition = yaml(kameletDefinition(title, description, parameters));
        for (String line : definition.split("\n")) {
            b.append("    ").append(line).append('\n');
        }
        b.append("  template:\n    beans:\n      - name: ")
                .append(bean)
                .append("\n        type: \"#class:")
                .append(beanType.getName())
                .append("\"\n        initMethod: initialize   # ")
                .append(initChecks)
                .append('\n')
                .append("        properties:\n")
                .append(
                        "          callingRoute: \"{{?parentRouteId}}\"   # the route that uses it: the connector's id\n");
        for (Parameter p : parameters) {
            if (p.property() == null) {
                continue; // the template's route uses it itself (the schedule)
            }
            b.append("          ")
                    .append(p.property())
                    .append(": \"{{")
                    .append(p.required() || p.defaultValue() != null ? "" : "?")
                    .append(p.name())
                    .append("}}\"\n");
        }
        b.append(route);
        return b.toString();
    }

    private static String yaml(ObjectNode node) {
        try {
            return new ObjectMapper(
                            com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
                                    .disable(
                                            com.fasterxml.jackson.dataformat.yaml.YAMLGenerator
                                                    .Feature.WRITE_DOC_START_MARKER)
                                    .enable(
                                            com.fasterxml.jackson.dataformat.yaml.YAMLGenerator
                                                    .Feature.MINIMIZE_QUOTES)
                                    .build())
                    .writeValueAsString(node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- JSON Schema ----

    /** The schema file's text: 2-space indentation, a final newline. */
    public static String schemaText() {
        try {
            DefaultPrettyPrinter printer =
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer)
                            .writeValueAsString(
                                    jsonSchema(
                                            HttpToJdbcTemplate.ID,
                                            ConnectorParameters.HTTP_TO_JDBC,
                                            ConnectorParameters.RULES))
                    + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The parameters as a JSON Schema object: what a route file's parameters may be (names, types,
     * enums, defaults, required, secrets as Kamelets mark them) and the rules between them that a
     * schema can say ({@code if}/{@code then}).
     */
    public static ObjectNode jsonSchema(
            String template, List<Parameter> parameters, List<ParameterRule> rules) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://tributary.io/schema/" + template + ".parameters.schema.json");
        schema.put("title", "Parameters of the " + template + " route template");
        schema.put(
                "description",
                "Generated from io.tributary.connector.ConnectorParameters by ParameterDocs; do not edit. "
                        + "The parameters of a templatedRoute (routeTemplateRef: "
                        + template
                        + ") as a map of name to value; any value "
                        + "may be a property placeholder such as {{env:API_KEY}}.");
        schema.put("type", "object");
        ArrayNode required = schema.putArray("required");
        parameters.stream().filter(Parameter::required).forEach(p -> required.add(p.name()));
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        for (Parameter p : parameters) {
            properties.set(p.name(), property(p));
        }
        ArrayNode all = JSON.createArrayNode();
        for (ParameterRule rule : rules) {
            ObjectNode condition = condition(rule, parameters);
            if (condition != null) {
                all.add(condition);
            }
        }
        if (!all.isEmpty()) {
            schema.set("allOf", all);
        }
        return schema;
    }

    /**
     * A Kamelet's {@code spec.definition} over its declared parameters: title, description,
     * required and the same properties as {@link #jsonSchema} (types, enums, defaults, secrets as
     * Kamelets mark them).
     */
    public static ObjectNode kameletDefinition(
            String title, String description, List<Parameter> parameters) {
        ObjectNode definition = JSON.createObjectNode();
        definition.put("title", title);
        definition.put("description", description);
        ArrayNode required = definition.putArray("required");
        parameters.stream().filter(Parameter::required).forEach(p -> required.add(p.name()));
        definition.put("type", "object");
        ObjectNode properties = definition.putObject("properties");
        for (Parameter p : parameters) {
            properties.set(p.name(), kameletProperty(property(p)));
        }
        return definition;
    }

    /**
     * A property as Camel K's Kamelet CRD takes it (its JSONSchemaProps): one {@code type}, one
     * {@code example}, no fields of ours ({@code x-group}), which {@code kubectl apply} would
     * refuse or prune. The editors' schema keeps them (docs/schema/).
     */
    private static ObjectNode kameletProperty(ObjectNode full) {
        ObjectNode node = full.deepCopy();
        node.remove("x-group");
        node.remove("writeOnly");
        node.remove("minimum"); // the CRD wants it as text; the start-up checks enforce it anyway
        if (node.path("type").isArray()) {
            node.put("type", node.path("type").get(0).asText()); // integer | boolean; a placeholder
            node.remove("pattern"); // is accepted as text by camel-kamelet, which checks no type
        }
        if (node.has("examples")) {
            node.set("example", node.path("examples").get(0));
            node.remove("examples");
        }
        return node;
    }

    private static ObjectNode property(Parameter p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("title", p.name());
        node.put("description", p.plainDescription());
        node.put("x-group", p.group().key());
        String orPlaceholder = "|" + PLACEHOLDER;
        switch (p.type()) {
            case INTEGER:
                node.putArray("type").add("integer").add("string");
                if (p.minimum() != null) {
                    node.put("minimum", p.minimum());
                }
                node.put(
                        "pattern",
                        "^("
                                + (p.minimum() != null && p.minimum() == 1
                                        ? "[1-9][0-9]*"
                                        : "[0-9]+")
                                + orPlaceholder
                                + ")$");
                break;
            case BOOLEAN:
                node.putArray("type").add("boolean").add("string");
                node.put("pattern", "^(true|false" + orPlaceholder + ")$");
                break;
            case ENUM:
                node.put("type", "string");
                ArrayNode values = node.putArray("enum");
                p.allowed().forEach(values::add);
                break;
            case DURATION:
                node.put("type", "string");
                node.put("format", "duration");
                node.put("pattern", "^(-?P.+" + orPlaceholder + ")$");
                break;
            case JSON_POINTER:
                node.put("type", "string");
                node.put("pattern", "^(/.*|\\$.*" + orPlaceholder + ")?$");
                break;
            case URL:
                node.put("type", "string");
                node.put("pattern", "^(https?://.+" + orPlaceholder + ")$");
                break;
            default:
                node.put("type", "string");
        }
        if (p.defaultValue() != null) {
            switch (p.type()) {
                case INTEGER:
                    node.put("default", Integer.parseInt(p.defaultValue()));
                    break;
                case BOOLEAN:
                    node.put("default", Boolean.parseBoolean(p.defaultValue()));
                    break;
                default:
                    node.put("default", p.defaultValue());
            }
        }
        if (!p.examples().isEmpty()) {
            ArrayNode examples = node.putArray("examples");
            p.examples().forEach(examples::add);
        }
        if (p.secret()) {
            node.put("format", "password");
            node.put("writeOnly", true);
            node.putArray("x-descriptors")
                    .add("urn:camel:group:credentials")
                    .add("urn:alm:descriptor:com.tectonic.ui:password");
        }
        return node;
    }

    /**
     * A rule as {@code if}/{@code then}, when a schema can say it (parameters with defaults count
     * as given).
     */
    private static ObjectNode condition(ParameterRule rule, List<Parameter> parameters) {
        ObjectNode node = JSON.createObjectNode();
        node.put("$comment", rule.sentence().replace("`", "") + ": " + rule.problem());
        ObjectNode when = node.putObject("if");
        when.setAll(present(rule.parameter()));
        if (!rule.when().isEmpty()) {
            ArrayNode values =
                    when.putObject("properties").putObject(rule.parameter()).putArray("enum");
            rule.when().stream().sorted().forEach(values::add);
        }
        ObjectNode then = node.putObject("then");
        switch (rule.check()) {
            case REQUIRES:
                {
                    List<String> needed =
                            rule.others().stream()
                                    .filter(
                                            o ->
                                                    RequestTemplate.isPlaceholderName(o)
                                                            || parameters.stream()
                                                                    .anyMatch(
                                                                            p ->
                                                                                    p.name()
                                                                                                    .equals(
                                                                                                            o)
                                                                                            && p
                                                                                                            .defaultValue()
                                                                                                    == null))
                                    .collect(Collectors.toList());
                    if (needed.isEmpty()) {
                        return null; // a default gives it
                    }
                    if (needed.stream().anyMatch(RequestTemplate::isPlaceholderName)) {
                        ArrayNode all = then.putArray("allOf");
                        needed.forEach(o -> all.add(present(o)));
                        return node;
                    }
                    ArrayNode r = then.putArray("required");
                    needed.forEach(r::add);
                    return node;
                }
            case REQUIRES_ONE_OF:
                {
                    if (rule.others().stream()
                            .anyMatch(
                                    o ->
                                            parameters.stream()
                                                    .anyMatch(
                                                            p ->
                                                                    p.name().equals(o)
                                                                            && p.defaultValue()
                                                                                    != null))) {
                        return null; // a default gives one of them (pageParam's page)
                    }
                    ArrayNode any = then.putArray("anyOf");
                    rule.others().forEach(o -> any.add(present(o)));
                    return node;
                }
            case EXCLUDES:
                then.set("not", present(rule.others().get(0)));
                return node;
            case NOT_WITH:
                {
                    ArrayNode values =
                            then.putObject("properties")
                                    .putObject(rule.others().get(0))
                                    .putObject("not")
                                    .putArray("enum");
                    rule.otherValues().stream().sorted().forEach(values::add);
                    return node;
                }
            default:
                return null; // needs the schema file's cursorField: checked at start-up only
        }
    }

    /**
     * "{@code name} is given" as a schema: a parameter that is present, or a placeholder ({@code
     * {cursor}}) in the value of a request template parameter.
     */
    private static ObjectNode present(String name) {
        ObjectNode node = JSON.createObjectNode();
        if (!RequestTemplate.isPlaceholderName(name)) {
            node.putArray("required").add(name);
            return node;
        }
        String bare = name.substring(1, name.length() - 1);
        ArrayNode any = node.putArray("anyOf");
        for (String place : RequestTemplate.PLACES) {
            ObjectNode uses = any.addObject();
            uses.putArray("required").add(place);
            // as RequestTemplate.PLACEHOLDER finds it: not Camel's {{...}} or ${...}
            uses.putObject("properties")
                    .putObject(place)
                    .put("pattern", "(^|[^{$])\\{" + bare + "[:.}]");
        }
        return node;
    }

    /** Whether a rule's name is among {@code names}: a parameter, or a placeholder's places. */
    private static boolean declared(java.util.Set<String> names, String name) {
        return RequestTemplate.isPlaceholderName(name)
                ? names.containsAll(RequestTemplate.PLACES)
                : names.contains(name);
    }

    // ---- the reference pages' tables ----

    public static final String SQL_START = "<!-- sql-source-parameters:start -->";
    public static final String SQL_END = "<!-- sql-source-parameters:end -->";

    /** A page's text with the connector parameters' tables between {@value #START} and its end. */
    public static String withTable(String page) {
        return between(page, START, END, table());
    }

    /** A page's text with the {@code tributary-sql-source} table between its markers. */
    public static String withSqlSourceTable(String page) {
        return between(page, SQL_START, SQL_END, sqlSourceTable());
    }

    private static String between(String readme, String start, String end, String text) {
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    "the page has no " + start + " ... " + end + " section");
        }
        return readme.substring(0, from)
                + start
                + "\n"
                + text
                + end
                + readme.substring(to + end.length());
    }

    /** The {@code tributary-sql-source} Kamelet's parameters and rules, as its page's table. */
    public static String sqlSourceTable() {
        return kameletTable(
                "SqlSourceKamelet",
                SqlSourceKamelet.PARAMETERS,
                "exactly one of `table` / `query` and of `sourceUrl` / `sourceDataSource`",
                SqlSourceKamelet.RULES);
    }

    public static final String BULK_PAGE = "docs/bulk-jobs.md";
    public static final String BULK_SOURCE_START = "<!-- bulk-source-parameters:start -->";
    public static final String BULK_SOURCE_END = "<!-- bulk-source-parameters:end -->";

    /**
     * The bulk jobs page's text with the {@code tributary-bulk-source} table between its markers.
     */
    public static String withBulkSourceTable(String page) {
        return between(
                page,
                BULK_SOURCE_START,
                BULK_SOURCE_END,
                kameletTable(
                        "BulkSourceKamelet",
                        BulkSourceKamelet.PARAMETERS,
                        "exactly one of `resultsPath` / `resultUrlField`",
                        BulkSourceKamelet.RULES));
    }

    public static final String FILE_SOURCE_START = "<!-- file-source-parameters:start -->";
    public static final String FILE_SOURCE_END = "<!-- file-source-parameters:end -->";

    /** A page's text with the {@code tributary-file-source} table between its markers. */
    public static String withFileSourceTable(String readme) {
        return between(
                readme,
                FILE_SOURCE_START,
                FILE_SOURCE_END,
                kameletTable(
                        "FileSourceKamelet",
                        FileSourceKamelet.PARAMETERS,
                        null,
                        FileSourceKamelet.RULES));
    }

    public static final String WEBHOOK_START = "<!-- webhook-source-parameters:start -->";
    public static final String WEBHOOK_END = "<!-- webhook-source-parameters:end -->";

    /** A page's text with the {@code tributary-webhook-source} table between its markers. */
    public static String withWebhookTable(String readme) {
        return between(
                readme,
                WEBHOOK_START,
                WEBHOOK_END,
                kameletTable(
                        "WebhookSourceKamelet",
                        WebhookSourceKamelet.PARAMETERS,
                        null,
                        WebhookSourceKamelet.RULES));
    }

    /** One source Kamelet's parameters as its page's table, then its rules in a sentence. */
    private static String kameletTable(
            String declaredIn,
            List<Parameter> parameters,
            String firstRule,
            List<ParameterRule> rules) {
        StringBuilder b = new StringBuilder();
        b.append("<!-- generated from io.tributary.connector.")
                .append(declaredIn)
                .append(" by ParameterDocs --write; edit the declarations, not this table -->\n\n");
        b.append("| parameter | default | meaning |\n|---|---|---|\n");
        for (Parameter p : parameters) {
            b.append("| `")
                    .append(p.name())
                    .append("` | ")
                    .append(defaultCell(p))
                    .append(" | ")
                    .append(p.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        List<String> said = new java.util.ArrayList<>();
        if (firstRule != null) {
            said.add(firstRule);
        }
        rules.forEach(r -> said.add(r.sentence() + " (\"" + r.problem() + "\")"));
        b.append("\nRules: ").append(String.join("; ", said)).append(".\n\n");
        return b.toString();
    }

    /** One table per group, then the rules between parameters. */
    public static String table() {
        StringBuilder b = new StringBuilder();
        b.append(
                "<!-- generated from io.tributary.connector.ConnectorParameters by ParameterDocs --write; edit the declarations, not this table -->\n");
        for (Parameter.Group group : Parameter.Group.values()) {
            List<Parameter> in = ConnectorParameters.in(group);
            if (in.isEmpty()) {
                continue;
            }
            b.append("\n**")
                    .append(group.title())
                    .append("** (`")
                    .append(group.key())
                    .append("`)\n\n");
            b.append("| parameter | default | meaning |\n|---|---|---|\n");
            for (Parameter p : in) {
                b.append("| `")
                        .append(p.name())
                        .append("` | ")
                        .append(defaultCell(p))
                        .append(" | ")
                        .append(p.description().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        b.append(
                "\n**Rules between parameters** (checked at start-up; the message ends as shown)\n\n");
        for (ParameterRule rule : ConnectorParameters.RULES) {
            b.append("- ")
                    .append(rule.sentence())
                    .append(": \"")
                    .append(rule.problem())
                    .append("\"\n");
        }
        b.append("\n");
        return b.toString();
    }

    /** The default column: {@code (required)}, the default in backticks, a note, or empty. */
    public static String defaultCell(Parameter p) {
        if (p.required()) {
            return "(required)";
        }
        if (p.defaultNote() != null) {
            return p.defaultNote();
        }
        return p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`";
    }
}
