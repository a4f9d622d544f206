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
 * docs/first-connector.md ("Your first connector"), run as written: each {@code tributary} line of
 * its commands, against a loopback API in place of api.example.com, the token given as the setting
 * its {@code export} feeds; the files {@code new} writes are the ones the page shows, and the
 * README's shorter "A first connector" is the page's first commands.
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

    static final Path PAGE = Path.of("docs/first-connector.md");

    /** The page's commands, continuation lines joined, comments dropped. */
    static List<String> commands() throws Exception {
        String page = Files.readString(PAGE);
        return commands(
                page.substring(
                        page.indexOf("<!-- first-connector:start -->"),
                        page.indexOf("<!-- first-connector:end -->")));
    }

    /** The README's "A first connector" block: its first {@code sh} block after the heading. */
    static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String from = readme.substring(readme.indexOf("\n## A first connector\n"));
        int start = from.indexOf("```sh\n");
        return commands(from.substring(start, from.indexOf("\n```\n", start + 6)));
    }

    /** The page's {@code yaml} block right after the line naming {@code file}. */
    static String shownFile(String file) throws Exception {
        String page = Files.readString(PAGE);
        int named = page.indexOf("`" + file + "`:\n");
        assertTrue(named >= 0, PAGE + " shows " + file);
        int start = page.indexOf("```yaml\n", named) + "```yaml\n".length();
        return page.substring(start, page.indexOf("```\n", start));
    }

    static List<String> commands(String section) {
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
        assertEquals(8, commands.size(), commands.toString());
        assertEquals(commands.subList(0, 7), readmeCommands(), "the README's are the page's");
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
            if (args.get(0).equals("new")) {
                assertEquals(
                        shownFile("routes/deals.camel.yaml"),
                        Files.readString(dir.resolve("deals.camel.yaml"))
                                .replace(api.baseUrl(), "https://api.example.com")
                                .replace(
                                        dir.resolve("deals.schema.yaml").toString(),
                                        "routes/deals.schema.yaml"),
                        "the route file the page shows is the one new writes");
                assertEquals(
                        shownFile("routes/deals.schema.yaml").lines().skip(1).toList(),
                        Files.readString(dir.resolve("deals.schema.yaml")).lines().skip(1).toList(),
                        "the schema file the page shows is the one new writes (but its $schema"
                                + " line, relative to the folder)");
            }
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
