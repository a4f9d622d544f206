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
    @TempDir
    Path dir;

    @Test
    void aPlaceholderReadsAMountedSecretFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("client-secret"), "cs-from-a-file-81\n");
        try (CamelContext context = new DefaultCamelContext()) {
            assertEquals("cs-from-a-file-81", context.resolvePropertyPlaceholders("{{secretfile:" + file + "}}"));
        }
    }

    @Test
    void aMissingSecretFileIsNamedInTheError() {
        Path missing = dir.resolve("not-mounted");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecretFileFunction().apply(missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("is the secret mounted?"), e.getMessage());
    }

    @Test
    void aFolderWhereTheFileShouldBeIsReportedAsUnreadable() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecretFileFunction().apply(folder.toString()));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }
}
