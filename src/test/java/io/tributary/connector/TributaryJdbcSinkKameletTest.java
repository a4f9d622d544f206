package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped Kamelet's definition is the one generated from the declarations: one source of truth.
 */
class TributaryJdbcSinkKameletTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode kamelet() throws Exception {
        try (InputStream in =
                TributaryJdbcSinkKameletTest.class.getResourceAsStream(
                        "/kamelets/" + PageSinkStep.KAMELET + ".kamelet.yaml")) {
            return YAML.readTree(in);
        }
    }

    @Test
    void theKameletsDefinitionIsGeneratedFromTheDeclaredParameters() throws Exception {
        JsonNode expected =
                ParameterDocs.kameletDefinition(
                        PageSinkStep.TITLE, PageSinkStep.DESCRIPTION, PageSinkStep.PARAMETERS);
        assertEquals(
                expected,
                kamelet().at("/spec/definition"),
                () ->
                        "spec.definition differs from the declarations; it should read:\n"
                                + yaml(expected));
    }

    @Test
    void schemaTableAndWriteModeAreTheTemplatesOwnDeclarations() {
        for (String name : new String[] {"schema", "table", "writeMode"}) {
            assertEquals(
                    ConnectorParameters.named(name).orElseThrow(),
                    PageSinkStep.PARAMETERS.stream()
                            .filter(p -> p.name().equals(name))
                            .findFirst()
                            .orElseThrow());
        }
    }

    @Test
    void itIsASinkKameletWhoseTemplateGivesEveryParameterToItsStep() throws Exception {
        JsonNode k = kamelet();
        assertEquals("camel.apache.org/v1", k.path("apiVersion").asText());
        assertEquals("Kamelet", k.path("kind").asText());
        assertEquals(PageSinkStep.KAMELET, k.at("/metadata/name").asText());
        assertEquals(
                "sink", k.at("/metadata/labels").path("camel.apache.org/kamelet.type").asText());
        JsonNode bean = k.at("/spec/template/beans/0");
        assertEquals("#class:" + PageSinkStep.class.getName(), bean.path("type").asText());
        for (Parameter p : PageSinkStep.PARAMETERS) {
            String placeholder = bean.at("/properties/" + p.name()).asText();
            assertEquals(
                    p.required() || p.defaultValue() != null
                            ? "{{" + p.name() + "}}"
                            : "{{?" + p.name() + "}}",
                    placeholder,
                    p.name());
        }
    }

    static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (Exception e) {
            return node.toString();
        }
    }
}
