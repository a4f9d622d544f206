package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/sources.md's "A database table as a source" table is the one {@link SqlSourceKamelet}'s
 * declarations generate (its Kamelet file and JSON Schema: {@link ParameterDocsTest}).
 */
class SqlSourceDocsTest {
    @Test
    void theSourcesPageHasTheSqlSourceParametersAsDeclared() throws Exception {
        String readme = Files.readString(Path.of(ParameterDocs.SOURCES_PAGE));

        assertTrue(readme.contains(ParameterDocs.SQL_START), "the sources page has the section");
        assertEquals(
                ParameterDocs.withSqlSourceTable(readme),
                readme,
                ParameterDocs.SOURCES_PAGE
                        + "'s SQL source table differs from the declarations"
                        + ParameterDocsTest.FIX);
        for (Parameter p : SqlSourceKamelet.PARAMETERS) {
            assertTrue(readme.contains("| `" + p.name() + "` | "), p.name());
        }
    }
}
