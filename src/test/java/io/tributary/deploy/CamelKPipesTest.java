package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * kubernetes/camel-k/: every Pipe validates against the {@code openAPIV3Schema} of Camel K's Pipe
 * CRD, made strict as the Integrations' ({@link CamelKIntegrationsTest#strict}); every Tributary
 * Kamelet a Pipe binds ships in the jar, declares each property the Pipe sets and gets each one it
 * requires; and a Pipe runs Tributary's image reading what the operator writes for it (the route it
 * generates in /etc/camel/sources/, the Pipe's properties in /etc/camel/application.properties) and
 * settings that exist beside it.
 */
class CamelKPipesTest {
    static final Path CRD = CamelKIntegrationsTest.locate("camel.apache.org_pipes.yaml");
    static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    final List<Manifests.Doc> docs = Manifests.in("kubernetes/camel-k");

    static Schema pipeSchema() throws IOException {
        return CamelKIntegrationsTest.openApiSchema(CRD);
    }

    @Test
    void everyPipeValidatesAgainstTheCamelKPipeCrdSchema() throws IOException {
        Schema schema = pipeSchema();
        List<Manifests.Doc> pipes = Manifests.ofKind(docs, "Pipe");
        assertEquals(
                List.of("tributary-github-issues-pipe"),
                pipes.stream().map(Manifests.Doc::name).sorted().collect(Collectors.toList()));
        for (Manifests.Doc pipe : pipes) {
            assertEquals("camel.apache.org/v1", pipe.node.path("apiVersion").asText());
            assertEquals(List.of(), CamelKIntegrationsTest.errors(schema, pipe), pipe.toString());
        }
    }

    @Test
    void aMisspelledFieldOrAWrongTypeFailsThePipeSchema() throws IOException {
        Manifests.Doc pipe = Manifests.named(docs, "Pipe", "tributary-github-issues-pipe");
        ObjectNode broken = pipe.node.deepCopy();
        ObjectNode spec = (ObjectNode) broken.path("spec");
        spec.set("sourc", spec.remove("source"));
        spec.put("replicas", "two");

        List<String> errors =
                CamelKIntegrationsTest.errors(pipeSchema(), new Manifests.Doc(pipe.file, broken));
        assertTrue(errors.stream().anyMatch(e -> e.contains("sourc")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("replicas")), errors.toString());
    }

    /**
     * One test per Tributary Kamelet a Pipe binds, named after the Pipe, the slot and the Kamelet.
     */
    @TestFactory
    Stream<DynamicTest> everyTributaryKameletAPipeBindsShipsInTheJarAndTakesThePipesProperties() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Manifests.Doc pipe : Manifests.ofKind(docs, "Pipe")) {
            endpoints(pipe)
                    .forEach(
                            (slot, endpoint) -> {
                                JsonNode ref = endpoint.path("ref");
                                String name = ref.path("name").asText();
                                if (ref.path("kind").asText().equals("Kamelet")
                                        && name.startsWith("tributary-")) {
                                    tests.add(
                                            dynamicTest(
                                                    pipe.name() + " " + slot + ": " + name,
                                                    () ->
                                                            bindsAShippedKamelet(
                                                                    pipe, slot, endpoint)));
                                }
                            });
        }
        assertFalse(tests.isEmpty(), "no Pipe binds a Tributary Kamelet");
        return tests.stream();
    }

    static void bindsAShippedKamelet(Manifests.Doc pipe, String slot, JsonNode endpoint)
            throws IOException {
        String name = endpoint.at("/ref/name").asText();
        String where = pipe + " spec." + slot;
        assertEquals(
                "camel.apache.org/v1",
                endpoint.at("/ref/apiVersion").asText(),
                where + ": the operator binds only camel.apache.org Kamelets");
        Path file = KAMELETS.resolve(name + ".kamelet.yaml");
        assertTrue(
                Files.exists(file),
                where + " binds Kamelet " + name + ", but there is no " + file + " in the jar");
        JsonNode kamelet = Manifests.read(file).get(0).node;
        assertEquals("Kamelet", kamelet.path("kind").asText(), file.toString());
        assertEquals(name, kamelet.at("/metadata/name").asText(), file.toString());
        assertEquals(
                slot.startsWith("steps") ? "action" : slot,
                kamelet.at("/metadata/labels").path("camel.apache.org/kamelet.type").asText(),
                file + " is a Kamelet of the type the Pipe binds it as");

        JsonNode definition = kamelet.at("/spec/definition");
        Set<String> declared = names(definition.path("properties"));
        Set<String> set = names(endpoint.path("properties"));
        Set<String> required = new TreeSet<>();
        definition.path("required").forEach(r -> required.add(r.asText()));
        Set<String> undeclared = new TreeSet<>(set);
        undeclared.removeAll(declared);
        assertEquals(
                Set.of(),
                undeclared,
                where + " sets properties that " + file + " does not declare");
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(set);
        assertEquals(
                Set.of(), missing, where + " leaves out properties that " + file + " requires");
        // spec.definition is the JSON Schema of the properties: types, enums, patterns
        Schema values =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(definition);
        assertEquals(
                List.of(),
                values.validate(endpoint.path("properties")).stream()
                        .map(Error::toString)
                        .collect(Collectors.toList()),
                where + " gives values that " + file + "'s spec.definition refuses");
    }

    @Test
    void thePipeRunsTributarysImageOnTheRouteAndPropertiesTheOperatorWritesForIt() {
        for (Manifests.Doc pipe : Manifests.ofKind(docs, "Pipe")) {
            JsonNode traits = pipe.node.at("/spec/traits");
            assertEquals(
                    "registry.example.com/tributary:0.1.0",
                    traits.at("/container/image").asText(),
                    pipe.toString());
            assertEquals(10001, traits.at("/container/runAsUser").asInt(), "the Dockerfile's USER");
            assertFalse(
                    traits.at("/jvm/enabled").asBoolean(true),
                    "the image's ENTRYPOINT starts the JVM");
            assertFalse(
                    traits.at("/kamelets/enabled").asBoolean(true),
                    "the Kamelets are in the image's jar: the operator mounts none");
            assertFalse(traits.at("/cron/enabled").asBoolean(true), "the schedule is Quartz's");
            assertEquals("/observe/health/ready", traits.at("/health/readinessProbe").asText());
            assertTrue(
                    traits.at("/mount/configs").isMissingNode(),
                    "mount.configs would make the operator set camel.main.cloud-properties-location,"
                            + " whose loader hides the settings Tributary reads itself");
            assertTrue(
                    List.of(
                                    variables(pipe)
                                            .get("CAMEL_MAIN_PROPERTY_PLACEHOLDER_LOCATION")
                                            .split(","))
                            .contains("file:/etc/camel/application.properties"),
                    "the Pipe's properties reach the Kamelets through the operator's"
                            + " application.properties");
            Map<String, String> settings = settings(pipe);
            assertEquals(
                    "file:/etc/camel/sources/*.yaml",
                    settings.get("camel.main.routes-include-pattern"),
                    "the route the operator generates, and not the image's demo routes");
            assertTrue(pipe.node.at("/spec/replicas").asInt() >= 2);
            assertEquals(
                    "true",
                    settings.get("tributary.cluster.enabled"),
                    "the replicas share the schedule through the Quartz cluster");
            assertTrue(settings.get("tributary.db.url").startsWith("jdbc:postgresql:"));
            String budget = endpoints(pipe).get("source").at("/properties/rateLimit").asText();
            String limit = "tributary.ratelimit." + budget + ".per-";
            assertTrue(
                    budget.isEmpty()
                            || settings.keySet().stream().anyMatch(k -> k.startsWith(limit)),
                    "the settings set a limit for the budget rateLimit names: " + limit + "*");
        }
    }

    @Test
    void whatThePipeMountsAndNamesExistsBesideItAndItsSecretIsCreatedNotApplied()
            throws IOException {
        for (Manifests.Doc pipe : Manifests.ofKind(docs, "Pipe")) {
            Map<String, String> mounted = mounts(pipe);
            Map<String, Set<String>> created = createdSecrets(pipe.file);
            Set<String> secretKeys = new TreeSet<>();
            for (Map.Entry<String, String> m : mounted.entrySet()) {
                String[] kindName = m.getKey().split(":", 2);
                if (kindName[0].equals("secret")) {
                    assertTrue(
                            Manifests.ofKind(docs, "Secret").stream()
                                    .noneMatch(s -> s.name().equals(kindName[1])),
                            kindName[1]
                                    + ": a placeholder Secret applied with the file would"
                                    + " overwrite the real one");
                    assertTrue(
                            created.containsKey(kindName[1]),
                            pipe.file + "'s header creates Secret " + kindName[1] + ": " + created);
                    secretKeys.addAll(created.get(kindName[1]));
                } else {
                    PlainKubernetesManifestsTest.typed(
                            Manifests.named(docs, "ConfigMap", kindName[1]), ConfigMap.class);
                }
            }
            List<String> folders =
                    List.of(variables(pipe).get("TRIBUTARY_SETTINGS_DIRS").split(","));
            assertTrue(
                    mounted.values().containsAll(folders),
                    "every settings folder is mounted: " + folders + " in " + mounted);
            assertTrue(secretKeys.contains("tributary.db.password"), secretKeys.toString());

            Map<String, String> settings = settings(pipe);
            for (Map.Entry<String, JsonNode> endpoint : endpoints(pipe).entrySet()) {
                endpoint.getValue()
                        .path("properties")
                        .forEach(
                                value -> {
                                    Matcher m = PLACEHOLDER.matcher(value.asText());
                                    while (m.find()) {
                                        assertTrue(
                                                settings.containsKey(m.group(1))
                                                        || secretKeys.contains(m.group(1)),
                                                pipe
                                                        + " spec."
                                                        + endpoint.getKey()
                                                        + ": {{"
                                                        + m.group(1)
                                                        + "}} is a setting or a key of the Secret");
                                    }
                                });
            }
            String schema = endpoints(pipe).get("sink").at("/properties/schema").asText();
            assertTrue(
                    mountedFiles(pipe).containsKey("/app/" + schema),
                    "the sink's schema " + schema + " is mounted in the working directory /app");
        }
    }

    @Test
    void thePipeLoadsTheIntegrationsTableWithItsSchemaOnItsSchedule() throws IOException {
        Manifests.Doc pipe = Manifests.named(docs, "Pipe", "tributary-github-issues-pipe");
        JsonNode source = pipe.node.at("/spec/source/properties");
        JsonNode sink = pipe.node.at("/spec/sink/properties");
        Map<String, String> integration = new LinkedHashMap<>();
        JsonNode route =
                Manifests.YAML.readTree(
                        Manifests.named(docs, "ConfigMap", "tributary-github-routes")
                                .node
                                .at("/data/github-issues.camel.yaml")
                                .asText());
        // the Integration's connector in Kamelet form: its source's parameters, its sink's
        JsonNode from = route.at("/0/route/from");
        assertEquals("kamelet:tributary-http-source", from.path("uri").asText());
        from.path("parameters")
                .fields()
                .forEachRemaining(p -> integration.put(p.getKey(), p.getValue().asText()));
        JsonNode to = from.at("/steps/0/to");
        assertEquals("kamelet:tributary-jdbc-sink", to.path("uri").asText());
        to.path("parameters")
                .fields()
                .forEachRemaining(p -> integration.put(p.getKey(), p.getValue().asText()));
        assertEquals(
                source.path("connector").asText(),
                route.at("/0/route/id").asText(),
                "the same connector id: the Integration's route id, the Pipe's source connector");
        assertTrue(
                sink.path("connector").isMissingNode(),
                "behind a Tributary source the connector is the route's id ('binding')");
        assertEquals(integration.get("table"), sink.path("table").asText());
        assertEquals(integration.get("schema"), sink.path("schema").asText());
        assertEquals(integration.get("schedule"), source.path("schedule").asText());
        assertEquals(
                Manifests.named(docs, "ConfigMap", "tributary-github-routes")
                        .node
                        .at("/data/github-issues.schema.yaml")
                        .asText(),
                mountedFiles(pipe).get("/app/" + sink.path("schema").asText()),
                "the same schema file");
    }

    /** source, sink and steps[i], each with its ref and properties. */
    static Map<String, JsonNode> endpoints(Manifests.Doc pipe) {
        Map<String, JsonNode> endpoints = new LinkedHashMap<>();
        JsonNode spec = pipe.node.path("spec");
        endpoints.put("source", spec.path("source"));
        for (int i = 0; i < spec.path("steps").size(); i++) {
            endpoints.put("steps[" + i + "]", spec.path("steps").get(i));
        }
        endpoints.put("sink", spec.path("sink"));
        return endpoints;
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The environment trait's variables, by name. */
    static Map<String, String> variables(Manifests.Doc pipe) {
        Map<String, String> vars = new LinkedHashMap<>();
        pipe.node
                .at("/spec/traits/environment/vars")
                .forEach(
                        v -> {
                            String[] kv = v.asText().split("=", 2);
                            vars.put(kv[0], kv[1]);
                        });
        return vars;
    }

    /** mount.resources: {@code configmap:NAME} or {@code secret:NAME} to the folder it is at. */
    static Map<String, String> mounts(Manifests.Doc pipe) {
        Map<String, String> mounts = new LinkedHashMap<>();
        pipe.node
                .at("/spec/traits/mount/resources")
                .forEach(
                        r -> {
                            String[] resourcePath = r.asText().split("@", 2);
                            assertEquals(2, resourcePath.length, r + " names its folder");
                            mounts.put(resourcePath[0], resourcePath[1]);
                        });
        return mounts;
    }

    /** The files of the mounted ConfigMaps, by their path in the container. */
    Map<String, String> mountedFiles(Manifests.Doc pipe) {
        Map<String, String> files = new LinkedHashMap<>();
        mounts(pipe)
                .forEach(
                        (resource, folder) -> {
                            if (resource.startsWith("configmap:")) {
                                PlainKubernetesManifestsTest.typed(
                                                Manifests.named(
                                                        docs,
                                                        "ConfigMap",
                                                        resource.substring("configmap:".length())),
                                                ConfigMap.class)
                                        .getData()
                                        .forEach((k, v) -> files.put(folder + "/" + k, v));
                            }
                        });
        return files;
    }

    /** The settings in the ConfigMaps mounted in the folders TRIBUTARY_SETTINGS_DIRS lists. */
    Map<String, String> settings(Manifests.Doc pipe) {
        Set<String> folders = Set.of(variables(pipe).get("TRIBUTARY_SETTINGS_DIRS").split(","));
        Map<String, String> settings = new LinkedHashMap<>();
        mountedFiles(pipe)
                .forEach(
                        (path, value) -> {
                            Path p = Path.of(path);
                            if (folders.contains(p.getParent().toString())) {
                                settings.put(p.getFileName().toString(), value);
                            }
                        });
        return settings;
    }

    /**
     * The Secrets the header comment of a manifest creates ({@code kubectl create secret generic
     * NAME --from-literal=KEY=...}), with their keys.
     */
    static Map<String, Set<String>> createdSecrets(Path file) throws IOException {
        String header =
                Files.readAllLines(file).stream()
                        .takeWhile(line -> line.startsWith("#"))
                        .map(line -> line.substring(1))
                        .collect(Collectors.joining("\n"));
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        Matcher command =
                Pattern.compile(
                                "kubectl create secret generic ([a-z0-9.-]+)((?:\\s*\\\\?\\s*--from-literal=[^=\\s]+=\\S*)+)")
                        .matcher(header);
        while (command.find()) {
            Set<String> keys = new TreeSet<>();
            Matcher literal =
                    Pattern.compile("--from-literal=([^=\\s]+)=").matcher(command.group(2));
            while (literal.find()) {
                keys.add(literal.group(1));
            }
            secrets.put(command.group(1), keys);
        }
        return secrets;
    }
}
