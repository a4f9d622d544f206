package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that sends to kamelet:tributary-jdbc-sink without its required parameters does not start.
 */
class KameletSinkStartupTest {
    @TempDir Path dir;

    @Test
    void aMissingRequiredKameletParameterFailsStartUpNamingItAndTheRoute() throws Exception {
        Path route = dir.resolve("orders-files.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: orders-files",
                        "    from:",
                        "      uri: \"file:" + dir.resolve("inbox") + "?noop=true\"",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters: {schema: routes/orders.schema.yaml}",
                        ""));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        args.addAll(Database.h2().options());
        Tributary tributary = new Tributary();

        int exit = tributary.run(args.toArray(String[]::new));

        assertEquals(Tributary.BAD_USAGE, exit);
        String problem = tributary.lastProblem();
        assertTrue(
                problem.contains("kamelet:tributary-jdbc-sink")
                        && problem.contains("'table'")
                        && problem.contains("orders-files"),
                problem);
        assertTrue(!problem.contains("'schema'"), "schema was given: " + problem);
    }
}
