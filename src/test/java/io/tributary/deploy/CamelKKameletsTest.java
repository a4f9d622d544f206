package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kamelets in the jar are Kamelet resources Camel K accepts: each validates, strictly, against
 * Camel K's Kamelet CRD ({@code kubernetes/camel-k/crd/camel.apache.org_kamelets.yaml}), so {@code
 * kubectl apply} of one neither fails nor silently drops a field.
 */
class CamelKKameletsTest {
    static final Path CRD = CamelKIntegrationsTest.locate("camel.apache.org_kamelets.yaml");

    static List<Manifests.Doc> shippedKamelets() throws IOException {
        List<Manifests.Doc> kamelets = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/kamelets"))) {
            for (Path file : files.sorted().toList()) {
                kamelets.addAll(Manifests.read(file));
            }
        }
        return kamelets;
    }

    @Test
    void everyShippedKameletValidatesAgainstTheKameletCrd() throws IOException {
        Schema schema = CamelKIntegrationsTest.openApiSchema(CRD);
        List<Manifests.Doc> kamelets = shippedKamelets();

        assertEquals(
                7,
                kamelets.size(),
                kamelets.toString()); // five sources (http, sql, file, webhook, bulk), two sinks
        for (Manifests.Doc kamelet : kamelets) {
            assertEquals("Kamelet", kamelet.node.path("kind").asText());
            assertEquals(
                    List.of(), CamelKIntegrationsTest.errors(schema, kamelet), kamelet.toString());
        }
    }

    @Test
    void aFieldTheCrdDoesNotKnowOrAListOfTypesFailsTheKameletSchema() throws IOException {
        Schema schema = CamelKIntegrationsTest.openApiSchema(CRD);
        Manifests.Doc kamelet = shippedKamelets().get(0);
        ObjectNode unknown = kamelet.node.deepCopy();
        ((ObjectNode) unknown.at("/spec/definition/properties").elements().next())
                .put("x-group", "source");
        ObjectNode typeList = kamelet.node.deepCopy();
        ((ObjectNode) typeList.at("/spec/definition/properties").elements().next())
                .putArray("type")
                .add("integer")
                .add("string");

        assertFalse(schema.validate(unknown).isEmpty(), "x-group is no field of the CRD");
        assertTrue(
                schema.validate(typeList).toString().contains("type"),
                schema.validate(typeList).toString());
    }
}
