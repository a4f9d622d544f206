package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every request template case again, each connector written as a route from {@code
 * kamelet:tributary-http-source} to {@code kamelet:tributary-jdbc-sink}: the same requests, byte
 * for byte; and what a Kamelet parameter's own syntax does to a template.
 */
class RequestTemplatesInKameletFormTest extends RequestTemplatesTest {
    RequestTemplatesInKameletFormTest() {
        tributary.inKameletForm();
    }

    @Test
    void aPlaceholderBeforeAnAmpersandInsideRawBracesIsRefusedNamingRawParentheses()
            throws Exception {
        Path route = dir.resolve("cut.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: cut",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: direct:cut",
                        "        url: " + api.baseUrl() + "/items",
                        "        recordsPath: /items",
                        "        pagination: none",
                        "        cursorStart: t1",
                        "        requestHeaders: RAW{X-Since={cursor}&X-Api-Version=2}",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters:",
                        "              schema: " + schema,
                        "              table: cut",
                        ""));

        Exception e = assertThrows(Exception.class, () -> tributary.load(route.toString()));

        String messages = HttpToJdbcTemplateTest.messages(e);
        assertTrue(
                messages.contains(
                        "connector 'cut': parameter 'requestHeaders' value 'X-Since={cursor': has"
                                + " {cursor without its closing brace (in a Kamelet's parameters, '}&'"
                                + " ends RAW{...}: write such a value as RAW(...))"),
                messages);
    }
}
