package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is generated from the declarations is committed as generated: the JSON Schema file and the
 * parameter tables of docs/connector-parameters.md. When one fails, run {@code ParameterDocs
 * --write} (see its javadoc).
 */
class ParameterDocsTest {
    static final String FIX =
            "; regenerate: java -cp \"target/classes:$(cat target/classpath.txt)\" io.tributary.connector.ParameterDocs --write";

    @Test
    void theCommittedJsonSchemaIsTheOneTheDeclarationsGenerate() throws Exception {
        String committed = Files.readString(Path.of(ParameterDocs.SCHEMA_FILE));

        assertEquals(
                ParameterDocs.schemaText(),
                committed,
                ParameterDocs.SCHEMA_FILE + " differs from ConnectorParameters" + FIX);
    }

    @Test
    void eachKameletsJsonSchemaAndGeneratedKameletFileAreTheOnesItsDeclarationsGenerate()
            throws Exception {
        for (String kamelet : ParameterDocs.KAMELETS) {
            String file = ParameterDocs.kameletSchemaFile(kamelet);
            assertEquals(
                    ParameterDocs.kameletSchemaText(kamelet),
                    Files.readString(Path.of(file)),
                    file + " differs from its declarations" + FIX);
        }
        for (String[] generated : ParameterDocs.KAMELET_FILES) {
            assertEquals(
                    ParameterDocs.kameletText(generated[1]),
                    Files.readString(Path.of(generated[0])),
                    generated[0] + " differs from its declarations" + FIX);
        }
    }

    @Test
    void theParametersPageRowsAreTheDeclarationsNamesDefaultsAndMeanings() throws Exception {
        String readme = Files.readString(Path.of(ParameterDocs.PARAMETERS_PAGE));
        String section =
                readme.substring(
                        readme.indexOf(ParameterDocs.START), readme.indexOf(ParameterDocs.END));
        List<String> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        List<String> declared = new ArrayList<>();
        for (Parameter p : ConnectorParameters.HTTP_TO_JDBC) {
            declared.add(
                    "| `"
                            + p.name()
                            + "` | "
                            + ParameterDocs.defaultCell(p)
                            + " | "
                            + p.description().replace("|", "\\|")
                            + " |");
        }

        assertEquals(
                String.join("\n", declared),
                String.join("\n", rows),
                ParameterDocs.PARAMETERS_PAGE + "'s parameter rows" + FIX);
    }

    @Test
    void theParametersPageBetweenTheMarkersIsWhollyGenerated() throws Exception {
        String readme = Files.readString(Path.of(ParameterDocs.PARAMETERS_PAGE));

        assertEquals(
                ParameterDocs.withTable(readme),
                readme,
                ParameterDocs.PARAMETERS_PAGE
                        + " between "
                        + ParameterDocs.START
                        + " and "
                        + ParameterDocs.END
                        + FIX);
    }

    @Test
    void aChangedDeclarationWouldShowAsADifference() {
        String readme =
                "intro\n"
                        + ParameterDocs.START
                        + "\n| `pageSize` | `50` | stale |\n"
                        + ParameterDocs.END
                        + "\nrest\n";

        String regenerated = ParameterDocs.withTable(readme);

        assertTrue(regenerated.contains("| `pageSize` | `100` | records per page |"), regenerated);
        assertTrue(
                regenerated.startsWith("intro\n")
                        && regenerated.endsWith(ParameterDocs.END + "\nrest\n"),
                regenerated);
    }
}
