package io.tributary.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileFunctionTest {
    @TempDir Path dir;

    @Test
    void aPlaceholderReadsAMountedSecretFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("client-secret"), "cs-from-a-file-81\n");
        try (CamelContext context = new DefaultCamelContext()) {
            assertEquals(
                    "cs-from-a-file-81",
                    context.resolvePropertyPlaceholders("{{secretfile:" + file + "}}"));
        }
    }

    @Test
    void aConnectorWhoseSecretFileIsNotMountedStopsStartUpNamingThePath() throws Exception {
        Path missing = dir.resolve("crm/client-secret");
        Path route =
                Files.writeString(
                        dir.resolve("crm.camel.yaml"),
                        String.join(
                                "\n",
                                "- templatedRoute:",
                                "    routeTemplateRef: http-to-jdbc",
                                "    parameters:",
                                "      - {name: connector,  value: crm}",
                                "      - {name: schedule,   value: \"timer:crm?repeatCount=1\"}",
                                "      - {name: url,        value: \"https://crm.example.com/v1/items\"}",
                                "      - {name: auth,       value: bearer}",
                                "      - {name: authSecret, value: \"{{secretfile:"
                                        + missing
                                        + "}}\"}",
                                "      - {name: recordsPath, value: /items}",
                                "      - {name: schema,     value: src/test/resources/auth/items.schema.yaml}",
                                "      - {name: table,      value: crm_items}",
                                ""));
        int exit;
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open()) {
            exit =
                    new io.tributary.Tributary()
                            .run(
                                    "--once",
                                    "--tributary.demo.enabled=false",
                                    "--camel.main.routes-include-pattern=file:" + route,
                                    "--tributary.db.url=jdbc:h2:mem:"
                                            + java.util.UUID.randomUUID()
                                            + ";DB_CLOSE_DELAY=-1");
            assertTrue(
                    logs.linesContaining("could not start").stream()
                            .anyMatch(
                                    l ->
                                            l.contains(missing.toString())
                                                    && l.contains("is the secret mounted?")),
                    logs.all());
        }
        assertEquals(io.tributary.Tributary.BAD_USAGE, exit);
    }

    @Test
    void aMissingSecretFileIsNamedInTheError() {
        Path missing = dir.resolve("not-mounted");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SecretFileFunction().apply(missing.toString()));
        assertTrue(
                e.getMessage().contains(missing.toString())
                        && e.getMessage().contains("is the secret mounted?"),
                e.getMessage());
    }

    @Test
    void aFolderWhereTheFileShouldBeIsReportedAsUnreadable() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SecretFileFunction().apply(folder.toString()));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }
}
