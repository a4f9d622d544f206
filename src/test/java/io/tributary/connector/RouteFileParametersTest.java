package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every connector Tributary ships or shows (routes/, examples/routes/, examples/database-table/,
 * the routes inside the Kubernetes ConfigMaps) uses only declared parameters with valid values: its
 * Kamelets' parameters (as camel-kamelet reads them: cut at a bare {@code &}, RAW{...} unwrapped)
 * and a templatedRoute's validate against the generated JSON Schema of what declares them and the
 * declarations' own checks, and the full XML route sets only declared Connector properties.
 */
class RouteFileParametersTest {
    static final ObjectMapper YAML = new YAMLMapper();

    /**
     * A connector (or one Kamelet of it) found in a file: where, its parameters as a map, and what
     * declares them: the {@code http-to-jdbc} template or a Kamelet.
     */
    record Found(String where, ObjectNode parameters, String declaredBy) {
        Found(String where, ObjectNode parameters) {
            this(where, parameters, HttpToJdbcTemplate.ID);
        }

        List<Parameter> declared() {
            return declaredBy.equals(HttpToJdbcTemplate.ID)
                    ? ConnectorParameters.HTTP_TO_JDBC
                    : ParameterDocs.kameletParameters(declaredBy);
        }

        Schema schema() throws IOException {
            return RouteFileParametersTest.schema(
                    declaredBy.equals(HttpToJdbcTemplate.ID)
                            ? ParameterDocs.SCHEMA_FILE
                            : ParameterDocs.kameletSchemaFile(declaredBy));
        }

        @Override
        public String toString() {
            return where;
        }
    }

    static Schema schema() throws IOException {
        return schema(ParameterDocs.SCHEMA_FILE);
    }

    static Schema schema(String file) throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Path.of(file).toFile());
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schema);
    }

    static List<Found> shippedConnectors() throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path file :
                files(
                        "routes",
                        "examples/routes",
                        "examples/jira-issues",
                        "examples/salesforce-accounts",
                        "examples/hubspot-contacts",
                        "examples/shopify-orders",
                        "examples/github-issues-graphql",
                        "examples/workday-workers",
                        "examples/database-table",
                        "examples/csv-export",
                        "examples/jsonl-export",
                        "examples/github-webhooks",
                        "examples/stripe-push-and-pull")) {
            if (file.toString().endsWith(".camel.yaml")) {
                collect(file.toString(), Files.readString(file), found);
            } else if (file.toString().endsWith(".camel.xml")) {
                collectXml(file.toString(), Files.readString(file), found);
            }
        }
        for (Path manifest : files("kubernetes/plain", "kubernetes/camel-k")) {
            for (JsonNode doc : documents(Files.readString(manifest))) {
                if (doc.path("kind").asText().equals("ConfigMap")) {
                    var names = doc.path("data").fieldNames();
                    while (names.hasNext()) {
                        String name = names.next();
                        String where =
                                manifest
                                        + " "
                                        + doc.path("metadata").path("name").asText()
                                        + "/"
                                        + name;
                        if (name.endsWith(".camel.yaml")) {
                            collect(where, doc.path("data").path(name).asText(), found);
                        } else if (name.endsWith(".camel.xml")) {
                            collectXml(where, doc.path("data").path(name).asText(), found);
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<Path> files(String... folders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : folders) {
            try (Stream<Path> s = Files.list(Path.of(folder))) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".xml"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode node = values.next();
                if (node != null) {
                    docs.add(node);
                }
            }
        }
        return docs;
    }

    /** A Kamelet-form connector's Kamelets in an XML route: their parameters in the URIs. */
    static void collectXml(String where, String xml, List<Found> found) {
        Matcher route =
                Pattern.compile("<route id=\"([^\"]+)\"(.*?)</route>", Pattern.DOTALL).matcher(xml);
        while (route.find()) {
            Matcher uri =
                    Pattern.compile("uri=\"kamelet:([a-z-]+)\\?([^\"]*)\"").matcher(route.group(2));
            while (uri.find()) {
                ObjectNode parameters = YAML.createObjectNode();
                ConnectorRoutes.kameletParameters(
                                "kamelet:"
                                        + uri.group(1)
                                        + "?"
                                        + uri.group(2).replace("&amp;", "&"))
                        .forEach(parameters::put);
                found.add(
                        new Found(
                                where + " " + route.group(1) + " " + uri.group(1),
                                parameters,
                                uri.group(1)));
            }
        }
    }

    static void collect(String where, String yaml, List<Found> found) throws IOException {
        for (JsonNode doc : documents(yaml)) {
            for (JsonNode item : doc) {
                JsonNode from = item.path("route").path("from");
                if (from.path("uri").asText().startsWith("kamelet:tributary-")) {
                    String id = item.path("route").path("id").asText();
                    found.add(
                            new Found(
                                    where + " " + id,
                                    asTheKameletReadsThem(from.path("parameters")),
                                    from.path("uri").asText().substring("kamelet:".length())));
                    for (JsonNode step : from.path("steps")) {
                        String uri = step.path("to").path("uri").asText();
                        if (uri.startsWith("kamelet:tributary-")) {
                            found.add(
                                    new Found(
                                            where + " " + id + " " + uri,
                                            asTheKameletReadsThem(
                                                    step.path("to").path("parameters")),
                                            uri.substring("kamelet:".length())));
                        }
                    }
                }
                JsonNode templated = item.path("templatedRoute");
                if (templated.path("routeTemplateRef").asText().equals(HttpToJdbcTemplate.ID)) {
                    ObjectNode parameters = YAML.createObjectNode();
                    for (JsonNode p : templated.path("parameters")) {
                        parameters.set(p.path("name").asText(), p.path("value"));
                    }
                    found.add(
                            new Found(
                                    where + " " + parameters.path("connector").asText(),
                                    parameters));
                }
            }
        }
    }

    /**
     * A Kamelet's map-form parameters as camel-kamelet reads them: the YAML DSL joins them into the
     * endpoint URI as they are, so a text value is cut at each {@code &} outside {@code RAW{...}} /
     * {@code RAW(...)} (the rest becoming parameters of their own) and a RAW wrapper is unwrapped;
     * other values keep their YAML type.
     */
    static ObjectNode asTheKameletReadsThem(JsonNode parameters) {
        ObjectNode read = YAML.createObjectNode();
        parameters
                .fields()
                .forEachRemaining(
                        p -> {
                            if (p.getValue().isTextual()) {
                                ConnectorRoutes.kameletParameters(
                                                "kamelet:parameters?"
                                                        + p.getKey()
                                                        + "="
                                                        + p.getValue().asText())
                                        .forEach(read::put);
                            } else {
                                read.set(p.getKey(), p.getValue());
                            }
                        });
        return read;
    }

    static List<String> errors(Schema schema, JsonNode parameters) {
        return schema.validate(parameters).stream()
                .map(Error::toString)
                .collect(Collectors.toList());
    }

    @Test
    void everyShippedConnectorValidatesAgainstTheJsonSchema() throws IOException {
        List<Found> connectors = shippedConnectors();

        assertTrue(
                connectors.size() >= 10,
                "the demo, the examples and the manifests' connectors: " + connectors);
        assertTrue(
                connectors.stream().anyMatch(c -> c.declaredBy().equals(HttpSourceKamelet.KAMELET))
                        && connectors.stream()
                                .anyMatch(c -> c.declaredBy().equals(PageSinkStep.KAMELET)),
                "the shipped routes are in Kamelet form: " + connectors);
        assertEquals(
                List.of(),
                connectors.stream()
                        .filter(c -> c.where().startsWith("kubernetes"))
                        .filter(c -> c.declaredBy().equals(HttpToJdbcTemplate.ID))
                        .collect(Collectors.toList()),
                "the manifests' connectors are in Kamelet form");
        for (Found c : connectors) {
            assertEquals(List.of(), errors(c.schema(), c.parameters()), c.where());
        }
    }

    @Test
    void everyShippedConnectorPassesTheDeclarationsOwnChecks() throws IOException {
        for (Found c : shippedConnectors()) {
            var names = c.parameters().fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                Parameter p =
                        c.declared().stream()
                                .filter(d -> d.name().equals(name))
                                .findFirst()
                                .orElse(null);
                assertTrue(p != null, c + ": '" + name + "' is not a declared parameter");
                String value = c.parameters().path(name).asText();
                if (!value.contains("{{")) {
                    assertEquals(
                            null,
                            ParameterChecks.problem(p, value.trim()),
                            c + ": " + name + " = " + value);
                }
            }
        }
    }

    @Test
    void theConnectorWrittenInFullInXmlSetsOnlyDeclaredProperties() throws IOException {
        String xml =
                Files.readString(
                        Path.of("src/test/resources/routes-templated/weather-stations.camel.xml"));
        Matcher bean =
                Pattern.compile(
                                "<bean [^>]*type=\"io\\.tributary\\.connector\\.Connector\"[^>]*>(.*?)</bean>",
                                Pattern.DOTALL)
                        .matcher(xml);
        assertTrue(bean.find(), "the XML route declares a Connector bean");
        Matcher property = Pattern.compile("<property key=\"([^\"]+)\"").matcher(bean.group(1));
        List<String> keys = new ArrayList<>();
        while (property.find()) {
            keys.add(property.group(1));
        }

        assertFalse(keys.isEmpty());
        for (String key : keys) {
            assertTrue(
                    ConnectorParameters.CONNECTOR.stream().anyMatch(p -> p.property().equals(key)),
                    "'" + key + "' is not a declared property");
        }
    }

    @Test
    void theSchemaRefusesAMisspelledNameABadEnumAndAMissingRequiredParameter() throws IOException {
        Schema schema = schema();
        List<Found> templated = new ArrayList<>();
        collect(
                "the templatedRoute form",
                Files.readString(
                        Path.of(
                                "src/test/resources/routes-templated/weather-observations.camel.yaml")),
                templated);
        ObjectNode good = templated.get(0).parameters().deepCopy();
        assertEquals(List.of(), errors(schema, good));

        ObjectNode typo = good.deepCopy();
        typo.set("pageSzie", typo.remove("pageSize"));
        ObjectNode badEnum = good.deepCopy().put("writeMode", "merge");
        ObjectNode missing = good.deepCopy();
        missing.remove("table");
        ObjectNode windowAlone = good.deepCopy().put("window", "P1D");

        assertTrue(
                errors(schema, typo).toString().contains("pageSzie"),
                errors(schema, typo).toString());
        assertTrue(
                errors(schema, badEnum).toString().contains("writeMode"),
                errors(schema, badEnum).toString());
        assertTrue(
                errors(schema, missing).toString().contains("table"),
                errors(schema, missing).toString());
        assertTrue(
                errors(schema, windowAlone).toString().contains("windowStartParam"),
                errors(schema, windowAlone).toString());
    }

    @Test
    void theSourceKameletsSchemaRefusesAMisspelledNameABadEnumAndAMissingRequiredParameter()
            throws IOException {
        Found source =
                shippedConnectors().stream()
                        .filter(c -> c.declaredBy().equals(HttpSourceKamelet.KAMELET))
                        .findFirst()
                        .orElseThrow();
        Schema schema = source.schema();
        ObjectNode good = source.parameters().deepCopy();
        assertEquals(List.of(), errors(schema, good));

        ObjectNode typo = good.deepCopy();
        typo.set("pageSzie", typo.remove("pageSize"));
        ObjectNode badEnum = good.deepCopy().put("pagination", "pages");
        ObjectNode missing = good.deepCopy();
        missing.remove("url");
        ObjectNode aTargetParameter = good.deepCopy().put("table", "t");

        assertTrue(errors(schema, typo).toString().contains("pageSzie"));
        assertTrue(errors(schema, badEnum).toString().contains("pagination"));
        assertTrue(errors(schema, missing).toString().contains("url"));
        assertTrue(
                errors(schema, aTargetParameter).toString().contains("table"),
                "the table is the sink's: " + errors(schema, aTargetParameter));
    }
}
