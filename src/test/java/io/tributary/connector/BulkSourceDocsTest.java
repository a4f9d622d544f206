package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/bulk-jobs.md's parameter table is the one {@link BulkSourceKamelet#PARAMETERS} gives (run
 * {@code ParameterDocs --write} when it fails).
 */
class BulkSourceDocsTest {
    @Test
    void theBulkJobsPageListsEveryDeclaredParameter() throws Exception {
        String page = Files.readString(Path.of(ParameterDocs.BULK_PAGE));
        assertEquals(
                ParameterDocs.withBulkSourceTable(page),
                page,
                ParameterDocs.BULK_PAGE
                        + "'s table differs from BulkSourceKamelet.PARAMETERS; run ParameterDocs --write");
        for (Parameter p : BulkSourceKamelet.PARAMETERS) {
            assertEquals(true, page.contains("| `" + p.name() + "` |"), p.name());
        }
    }
}
