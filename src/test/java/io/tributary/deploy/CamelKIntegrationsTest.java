package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kubernetes/camel-k/: every Integration validates against the {@code openAPIV3Schema} of Camel K's
 * Integration CRD (a copy in the project, or ../shared/k8s), made strict: an object that lists its
 * properties accepts no others, as the API server's pruning would silently drop them. The
 * ConfigMaps and Secrets beside them read through the typed Kubernetes model, and what the
 * Integrations mount exists. The Pipes beside them are {@link CamelKPipesTest}'s.
 */
class CamelKIntegrationsTest {
    static final Path CRD = locate("camel.apache.org_integrations.yaml");
    final List<Manifests.Doc> docs = Manifests.in("kubernetes/camel-k");

    static Path locate(String file) {
        for (Path p :
                List.of(Path.of("kubernetes/camel-k/crd", file), Path.of("../shared/k8s", file))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new AssertionError(file + " not found in kubernetes/camel-k/crd or ../shared/k8s");
    }

    static Schema integrationSchema() throws IOException {
        return openApiSchema(CRD);
    }

    /** The {@code openAPIV3Schema} of a CRD's v1, made {@link #strict}. */
    static Schema openApiSchema(Path crdFile) throws IOException {
        JsonNode crd = Manifests.read(crdFile).get(0).node;
        JsonNode version = crd.path("spec").path("versions").get(0);
        assertEquals("v1", version.path("name").asText(), crdFile.toString());
        JsonNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
    }

    /**
     * additionalProperties: false wherever an object lists its properties and does not keep unknown
     * fields.
     */
    static JsonNode strict(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode o = (ObjectNode) schema;
        if (o.has("properties")
                && !o.has("additionalProperties")
                && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            o.put("additionalProperties", false);
        }
        o.path("properties").forEach(CamelKIntegrationsTest::strict); // a map of name -> schema
        strict(o.path("items"));
        strict(o.path("additionalProperties"));
        for (String combined : List.of("allOf", "anyOf", "oneOf")) {
            o.path(combined).forEach(CamelKIntegrationsTest::strict);
        }
        return schema;
    }

    static List<String> errors(Schema schema, Manifests.Doc doc) {
        return schema.validate(doc.node).stream().map(Error::toString).collect(Collectors.toList());
    }

    @Test
    void everyIntegrationValidatesAgainstTheCamelKCrdSchema() throws IOException {
        Schema schema = integrationSchema();
        List<Manifests.Doc> integrations = Manifests.ofKind(docs, "Integration");
        assertEquals(
                List.of("tributary-demo", "tributary-github-issues"),
                integrations.stream()
                        .map(Manifests.Doc::name)
                        .sorted()
                        .collect(Collectors.toList()));
        for (Manifests.Doc doc : integrations) {
            assertEquals("camel.apache.org/v1", doc.node.path("apiVersion").asText());
            assertEquals(List.of(), errors(schema, doc), doc.toString());
        }
    }

    @Test
    void aMisspelledTraitOptionFailsTheSchema() throws IOException {
        Manifests.Doc demo = Manifests.named(docs, "Integration", "tributary-demo");
        ObjectNode broken = demo.node.deepCopy();
        ((ObjectNode) broken.path("spec").path("traits").path("mount"))
                .putArray("config")
                .add("configmap:x");
        ((ObjectNode) broken.path("spec").path("traits").path("container")).put("limitMemory", 512);

        List<String> errors = errors(integrationSchema(), new Manifests.Doc(demo.file, broken));
        assertTrue(errors.stream().anyMatch(e -> e.contains("config")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("limitMemory")), errors.toString());
    }

    @Test
    void theIntegrationsRunTributarysImageAndMountWhatExistsBesideThem() {
        for (Manifests.Doc integration : Manifests.ofKind(docs, "Integration")) {
            JsonNode traits = integration.node.path("spec").path("traits");
            assertEquals(
                    "registry.example.com/tributary:0.1.0",
                    traits.path("container").path("image").asText(),
                    integration.toString());
            assertEquals(
                    10001,
                    traits.path("container").path("runAsUser").asInt(),
                    "the Dockerfile's USER");
            assertFalse(
                    traits.path("jvm").path("enabled").asBoolean(true),
                    "the image's ENTRYPOINT starts the JVM");
            assertEquals(
                    "/observe/health/ready", traits.path("health").path("readinessProbe").asText());
            List<String> mounted = new ArrayList<>();
            traits.path("mount").path("configs").forEach(n -> mounted.add(n.asText()));
            traits.path("mount")
                    .path("resources")
                    .forEach(n -> mounted.add(n.asText().replaceFirst("@.*", "")));
            for (String m : mounted) {
                String[] kindName = m.split(":", 2);
                Manifests.Doc target =
                        Manifests.named(
                                docs,
                                kindName[0].equals("secret") ? "Secret" : "ConfigMap",
                                kindName[1]);
                if (target.kind().equals("Secret")) {
                    PlainKubernetesManifestsTest.typed(target, Secret.class)
                            .getStringData()
                            .forEach(
                                    (k, v) ->
                                            assertEquals(
                                                    "<set-me>",
                                                    v,
                                                    target + " " + k + " must be a placeholder"));
                } else {
                    PlainKubernetesManifestsTest.typed(target, ConfigMap.class);
                }
            }
            String folders = ((ArrayNode) traits.path("environment").path("vars")).get(0).asText();
            assertTrue(folders.startsWith("TRIBUTARY_SETTINGS_DIRS="), folders);
            for (String config : mounted.subList(0, 2)) {
                String[] kindName = config.split(":", 2);
                String folder =
                        "/etc/camel/conf.d/_"
                                + (kindName[0].equals("secret") ? "secrets" : "configmaps")
                                + "/"
                                + kindName[1];
                assertTrue(
                        List.of(folders.substring(folders.indexOf('=') + 1).split(","))
                                .contains(folder),
                        folders + " reads " + folder);
            }
        }
    }

    @Test
    void theReplicatedIntegrationClustersItsSchedulesOnPostgresql() {
        Manifests.Doc github = Manifests.named(docs, "Integration", "tributary-github-issues");
        assertTrue(github.node.path("spec").path("replicas").asInt() >= 2);
        Map<String, String> settings =
                PlainKubernetesManifestsTest.typed(
                                Manifests.named(docs, "ConfigMap", "tributary-github-settings"),
                                ConfigMap.class)
                        .getData();
        assertEquals("true", settings.get("tributary.cluster.enabled"));
        assertTrue(settings.get("tributary.db.url").startsWith("jdbc:postgresql:"));
        assertFalse(
                PlainKubernetesManifestsTest.typed(
                                Manifests.named(docs, "ConfigMap", "tributary-github-routes"),
                                ConfigMap.class)
                        .getData()
                        .values()
                        .stream()
                        .anyMatch(r -> r.contains("timer:")),
                "a timer would fire on every replica");
    }
}
