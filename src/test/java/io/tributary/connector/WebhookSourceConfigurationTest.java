package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.support.Database;
import io.tributary.support.FreePort;
import io.tributary.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A webhook connector that cannot work stops start-up (exit 2) with a line naming the connector,
 * the parameter and what to do — never the secret.
 */
class WebhookSourceConfigurationTest {
    static final String SECRET = "cfg-secret-31d8e2";
    @TempDir Path dir;

    int start(String parameters, String writeMode, String... settings) throws Exception {
        Files.writeString(
                dir.resolve("events.schema.yaml"),
                "primaryKey: [id]\ncolumns:\n  id: {type: string, required: true}\n");
        Files.writeString(
                dir.resolve("hooks.camel.yaml"),
                String.join(
                        "\n",
                        "- route:",
                        "    id: hooks",
                        "    from:",
                        "      uri: kamelet:tributary-webhook-source",
                        "      parameters: {" + parameters + "}",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters: {schema: "
                                + dir.resolve("events.schema.yaml")
                                + ", table: hooks, writeMode: "
                                + writeMode
                                + "}",
                        ""));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + FreePort.next(),
                                "--camel.server.port=" + FreePort.next(),
                                "--hooks.secret=" + SECRET));
        args.addAll(Database.h2().options());
        args.addAll(List.of(settings));
        return new Tributary().run(args.toArray(String[]::new));
    }

    @Test
    void withoutCamelsMainHttpServerTheEndpointWouldShareTheManagementPortSoStartUpStops()
            throws Exception {
        try (LogCapture logs = LogCapture.open()) {
            int exit =
                    start("path: /hooks, provider: github, secret: \"{{hooks.secret}}\"", "append");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertFalse(
                    logs.linesContaining(
                                    "connector 'hooks': parameter 'path' value '/hooks': a webhook endpoint is served by Camel's main HTTP server")
                            .isEmpty(),
                    logs.all());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no secret | path: /hooks, provider: github | append | kamelet:tributary-webhook-source needs parameter 'secret'",
                "hmac without its header | path: /hooks, provider: hmac, secret: \"{{hooks.secret}}\", eventIdHeader: X-Id | append | parameter 'signatureHeader': is required by provider hmac",
                "hmac without an event id | path: /hooks, provider: hmac, secret: \"{{hooks.secret}}\", signatureHeader: X-Sig | append | is required by provider hmac: where the event's id is",
                "an unknown provider | path: /hooks, provider: gitlab, secret: \"{{hooks.secret}}\" | append | parameter 'provider' value 'gitlab'",
                "replace | path: /hooks, provider: github, secret: \"{{hooks.secret}}\" | replace | parameter 'writeMode' value 'replace': a tributary-webhook-source commits each event as it comes",
                "a misspelt parameter | path: /hooks, provider: github, secret: \"{{hooks.secret}}\", maxBodyByte: 10 | append | parameter 'maxBodyByte'",
                "a path without slash | path: hooks, provider: github, secret: \"{{hooks.secret}}\" | append | parameter 'path' value 'hooks': must start with /"
            })
    void aWebhookConnectorThatCannotWorkStopsStartUpNamingWhatToFix(
            String name, String parameters, String writeMode, String expected) throws Exception {
        try (LogCapture logs = LogCapture.open()) {
            int exit = start(parameters, writeMode, "--camel.server.enabled=true");

            assertEquals(Tributary.BAD_USAGE, exit, logs.all());
            assertTrue(logs.all().contains(expected), logs.all());
            assertFalse(logs.all().contains(SECRET), "the secret in the log");
        }
    }
}
