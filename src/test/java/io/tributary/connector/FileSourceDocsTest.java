package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/sources.md's table of the file source's parameters is the one its declarations generate. */
class FileSourceDocsTest {
    @Test
    void theSourcesPagesFileSourceTableIsWhollyGenerated() throws Exception {
        String readme = Files.readString(Path.of(ParameterDocs.SOURCES_PAGE));

        assertEquals(
                ParameterDocs.withFileSourceTable(readme),
                readme,
                ParameterDocs.SOURCES_PAGE
                        + " between "
                        + ParameterDocs.FILE_SOURCE_START
                        + " and "
                        + ParameterDocs.FILE_SOURCE_END
                        + ParameterDocsTest.FIX);
    }

    @Test
    void everyDeclaredParameterIsABeanPropertyOfTheSource() {
        for (Parameter p : FileSourceKamelet.PARAMETERS) {
            String setter =
                    "set"
                            + Character.toUpperCase(p.property().charAt(0))
                            + p.property().substring(1);
            assertTrue(
                    java.util.Arrays.stream(FileSource.class.getMethods())
                            .anyMatch(
                                    m -> m.getName().equals(setter) && m.getParameterCount() == 1),
                    "FileSource." + setter);
        }
    }
}
