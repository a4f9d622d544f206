package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.schema.TargetSchema;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "A first connector in a few commands", run as written: each {@code tributary} line of
 * the section, against a loopback API in place of api.example.com, the token given as the setting
 * its {@code export} feeds.
 */
class FirstConnectorReadmeTest {
    static final String TOKEN = "walkthrough-token-8812";
    final Database db = Database.h2();
    @TempDir Path dir;
    PagedApi api;

    @BeforeEach
    void start() {
        api =
                PagedApi.serving(SchemaInferTest.deals(200))
                        .since("updated_since", "updated_at")
                        .build();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The section's commands, continuation lines joined, comments dropped. */
    static List<String> commands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section =
                readme.substring(
                        readme.indexOf("<!-- first-connector:start -->"),
                        readme.indexOf("<!-- first-connector:end -->"));
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : section.lines().toList()) {
            if (line.startsWith("```") || line.startsWith("<!--")) {
                continue;
            }
            String code = line.replaceAll("\\s+#.*$", "").strip();
            boolean continues = code.endsWith("\\");
            current.append(continues ? code.substring(0, code.length() - 1) : code).append(' ');
            if (!continues) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    @Test
    void everyCommandOfTheFirstConnectorSectionRunsAsWritten() throws Exception {
        List<String> commands = commands();
        assertEquals(7, commands.size(), commands.toString());
        assertTrue(commands.get(1).startsWith("export DEALS_TOKEN="), commands.get(1));

        for (String command : commands) {
            if (command.startsWith("export ")) {
                continue; // the token reaches deals.token through {{env:DEALS_TOKEN}}: given below
            }
            assertTrue(command.startsWith("tributary "), command);
            List<String> args =
                    new ArrayList<>(
                            Arrays.asList(
                                    command.substring("tributary ".length())
                                            .replace("https://api.example.com", api.baseUrl())
                                            .split("\\s+")));
            args.add("--config=" + dir.resolve("application.properties"));
            if (args.get(0).equals("new") || args.get(0).equals("schema")) {
                args.addAll(List.of("--dir", dir.toString()));
            }
            if (!args.get(0).equals("new")) {
                args.add("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");
                args.add("--tributary.demo.enabled=false");
                args.add("--deals.token=" + TOKEN);
                args.addAll(db.options());
            }

            int exit = new Tributary().run(args.toArray(String[]::new));

            assertEquals(ExitCodes.OK, exit, command);
        }

        assertTrue(
                Files.readString(dir.resolve("application.properties"))
                        .contains("deals.token={{env:DEALS_TOKEN}}"));
        TargetSchema written = TargetSchema.load(dir.resolve("deals.schema.yaml"));
        assertTrue(written.columns().size() > 2, "the inferred schema replaced the scaffold's");
        assertEquals(
                List.of("id"),
                written.primaryKey(),
                "records re-read after the cursor moved count once");
        assertEquals(200, db.count("SELECT COUNT(*) FROM deals"));
        assertEquals(
                200, db.count("SELECT COUNT(*) FROM deals WHERE customer_address_city = 'Berlin'"));
        assertEquals("Bearer " + TOKEN, api.requests().get(0).headers().get("authorization"));
        assertTrue(db.cursor("deals") != null, "the sync stored its cursor");
    }
}
