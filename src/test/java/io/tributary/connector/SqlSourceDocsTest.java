package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "A database table as a source" table is the one {@link SqlSourceKamelet}'s
 * declarations generate (its Kamelet file and JSON Schema: {@link ParameterDocsTest}).
 */
class SqlSourceDocsTest {
    @Test
    void theReadmeHasTheSqlSourceParametersAsDeclared() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertTrue(readme.contains(ParameterDocs.SQL_START), "README.md has the section");
        assertEquals(
                ParameterDocs.withTable(readme),
                readme,
                "README.md's tables differ from the declarations" + ParameterDocsTest.FIX);
        for (Parameter p : SqlSourceKamelet.PARAMETERS) {
            assertTrue(readme.contains("| `" + p.name() + "` | "), p.name());
        }
    }
}
