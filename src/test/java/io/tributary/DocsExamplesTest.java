package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tributary.cli.ExitCodes;
import io.tributary.cli.Options;
import io.tributary.cli.TestKitFiles;
import io.tributary.connector.HttpSourceKamelet;
import io.tributary.connector.Parameter;
import io.tributary.schema.TargetSchema;
import io.tributary.support.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the docs loads (their links: {@link DocsLinksTest}). Each fenced {@code yaml}
 * block of README.md and docs/*.md is one of three things: a route file, loaded as {@code check}
 * loads one (parsed, its connectors built: every parameter, placeholder, schedule and schema
 * checked; no request sent), its placeholders given dummy values and the schema files it names
 * taken from the same page, the project, or a stand-in; a schema file, loaded by {@link
 * TargetSchema}; or a recipe of {@code tributary-http-source} parameters, loaded inside a route
 * from that Kamelet to the JDBC sink; or a sink step ({@code - to: kamelet:tributary-...-sink}),
 * loaded after that source. A block that is none of them (a step, another tool's file) is skipped
 * only when the line before it is {@value #FRAGMENT} ...{@code -->}.
 */
class DocsExamplesTest {
    static final String FRAGMENT = "<!-- fragment";

    /** A placeholder's or a secret file's stand-in: long enough for an HS256 secret. */
    static final String DUMMY = "dummy-secret-of-32-bytes-or-more-0123456789";

    static final YAMLMapper YAML = new YAMLMapper();
    static final Pattern SCHEMA = Pattern.compile("(schema: *)(\"?)([^\\s,}\"]+)\\2");

    @TempDir Path dir;
    final Database db = Database.h2();

    /** A fenced yaml block: where it starts, its text, and whether it is marked a fragment. */
    record Block(Path page, int line, String text, boolean fragment) {
        @Override
        public String toString() {
            return page + ":" + line;
        }
    }

    /** The keys of a test kit's {@code <connector>.expect.yaml}. */
    static final Set<String> EXPECTATION_KEYS =
            Set.of(
                    "outcome",
                    "rows",
                    "includes",
                    "cursor",
                    "deadLetters",
                    "deadLetterReasons",
                    "table");

    enum Kind {
        CASSETTE,
        EXPECTATIONS,
        ROUTE,
        SCHEMA,
        SOURCE_PARAMETERS,
        SINK_STEP,
        NONE
    }

    static List<Path> pages() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Block> blocks(Path page) throws Exception {
        List<String> lines = Files.readAllLines(page);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```yaml")) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            while (!lines.get(++i).startsWith("```")) {
                text.append(lines.get(i)).append('\n');
            }
            int before = start - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            boolean marked = before >= 0 && lines.get(before).startsWith(FRAGMENT);
            blocks.add(new Block(page, start + 1, text.toString(), marked));
        }
        return blocks;
    }

    static Kind kind(String text) throws Exception {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            return Kind.NONE; // not even YAML: no example of a file
        }
        if (root != null && root.isArray() && root.size() > 0) {
            boolean routes = true;
            for (JsonNode item : root) {
                routes &= item.has("route") || item.has("templatedRoute");
            }
            boolean sink =
                    root.size() == 1
                            && root.get(0)
                                    .path("to")
                                    .path("uri")
                                    .asText()
                                    .matches("kamelet:tributary-.*-sink");
            return routes ? Kind.ROUTE : sink ? Kind.SINK_STEP : Kind.NONE;
        }
        if (root == null || !root.isObject()) {
            return Kind.NONE;
        }
        if (root.has("columns")) {
            return Kind.SCHEMA;
        }
        if (root.has("interactions")) {
            return Kind.CASSETTE;
        }
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        if (EXPECTATION_KEYS.containsAll(fields)) {
            return Kind.EXPECTATIONS;
        }
        Set<String> parameters =
                HttpSourceKamelet.PARAMETERS.stream()
                        .map(Parameter::name)
                        .collect(Collectors.toSet());
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        return parameters.containsAll(keys) ? Kind.SOURCE_PARAMETERS : Kind.NONE;
    }

    @TestFactory
    Stream<DynamicTest> everyYamlBlockOfTheDocsLoads() throws Exception {
        List<Block> all = new ArrayList<>();
        for (Path page : pages()) {
            all.addAll(blocks(page));
        }
        assertTrue(all.size() > 30, "the docs' yaml blocks were found: " + all.size());
        long fragments = all.stream().filter(Block::fragment).count();
        assertTrue(fragments <= 3, "few blocks are fragments: " + fragments);
        return all.stream()
                .filter(b -> !b.fragment())
                .map(b -> DynamicTest.dynamicTest(b.toString(), () -> load(b)));
    }

    void load(Block block) throws Exception {
        switch (kind(block.text())) {
            case ROUTE -> loadRoute(block, block.text());
            case SCHEMA -> TargetSchema.load(write("example.schema.yaml", block.text()));
            case CASSETTE ->
                    assertTrue(
                            TestKitFiles.cassetteCalls(write("example.cassette.yaml", block.text()))
                                    > 0,
                            block + " holds calls");
            case EXPECTATIONS ->
                    TestKitFiles.expectations(write("example.expect.yaml", block.text()));
            case SOURCE_PARAMETERS -> loadRoute(block, recipeRoute(block.text()));
            case SINK_STEP -> loadRoute(block, sinkRoute(block.text()));
            default ->
                    fail(
                            block
                                    + " is neither a route file, a schema file nor"
                                    + " tributary-http-source parameters: mark it "
                                    + FRAGMENT
                                    + " -->");
        }
    }

    /** The route as {@code check} loads it, with no request: exit 0, else its problem. */
    void loadRoute(Block block, String route) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher placeholder = Pattern.compile("\\{\\{([^}:]+)}}").matcher(route);
        while (placeholder.find()) { // a setting: a dummy value of its kind
            String name = placeholder.group(1);
            settings.put(name, name.endsWith("url") ? "https://dummy.example.com" : DUMMY);
        }
        String text =
                route.replaceAll("\\{\\{env:([A-Za-z0-9_]+)}}", "{{env:$1:" + DUMMY + "}}")
                        .replaceAll("\\{\\{secretfile:[^}]+}}", DUMMY);
        if (text.contains("authKeyFile:")) { // a key file the recipe names: one of our own
            text = text.replaceAll("authKeyFile: *\\S+", "authKeyFile: " + rsaKeyFile());
        }
        text = withSchemaFiles(block, text);
        Path file = write("example.camel.yaml", text);
        Path config = write("application.properties", "");
        List<String> args = new ArrayList<>(List.of("check", "--config=" + config));
        args.add("--tributary.demo.enabled=false");
        args.addAll(db.options());
        if (text.contains("kamelet:tributary-webhook-source")) { // served by Camel's HTTP server
            args.addAll(
                    List.of(
                            "--camel.server.enabled=true",
                            "--camel.server.host=127.0.0.1",
                            "--camel.server.port=" + freePort()));
        }
        Matcher budget = Pattern.compile("rateLimit: *\"?([A-Za-z0-9_-]+)").matcher(route);
        while (budget.find()) { // a budget the example names: a dummy size of it
            settings.put("tributary.ratelimit." + budget.group(1) + ".per-second", "10");
        }
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        Tributary tributary = new Tributary();

        int exit =
                tributary.start(
                        Options.parse(args.toArray(String[]::new)),
                        Map.of("camel.main.routes-include-pattern", "file:" + file),
                        context -> ExitCodes.OK);

        assertEquals(ExitCodes.OK, exit, block + ": " + tributary.lastProblem() + "\n" + text);
    }

    /**
     * Each schema file the route names, as an absolute path: the page's block that says it is that
     * file ({@code # routes/x.schema.yaml: ...}), else the project's file, else a stand-in with a
     * key, a timestamp cursor and the column the route partitions files by.
     */
    String withSchemaFiles(Block block, String route) throws Exception {
        Matcher m = SCHEMA.matcher(route);
        StringBuilder out = new StringBuilder();
        int n = 0;
        while (m.find()) {
            String named = m.group(3);
            Path file = dir.resolve("schema-" + n++ + ".yaml");
            String shown = shownSchema(block.page(), named);
            if (shown != null) {
                Files.writeString(file, shown);
            } else if (!named.equals("...") && Files.exists(Path.of(named))) {
                file = Path.of(named).toAbsolutePath();
            } else {
                Matcher partition = Pattern.compile("partitionColumn: *(\\w+)").matcher(route);
                Files.writeString(
                        file,
                        "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                                + "  id: {type: string}\n  updated_at: {type: timestamp}\n"
                                + (partition.find()
                                        ? "  " + partition.group(1) + ": {type: string}\n"
                                        : ""));
            }
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(m.group(1) + "\"" + file.toAbsolutePath() + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String shownSchema(Path page, String file) throws Exception {
        for (Block b : blocks(page)) {
            if (b.text().startsWith("# " + file + ":")) {
                return b.text();
            }
        }
        return null;
    }

    /** A recipe's parameters in a route from the HTTP source to the JDBC sink. */
    static String recipeRoute(String recipe) throws Exception {
        JsonNode given = YAML.readTree(recipe);
        String indent = recipe.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        int strip = indent.length() - indent.stripLeading().length();
        StringBuilder b = new StringBuilder("- route:\n    id: docs-recipe\n    from:\n");
        b.append("      uri: kamelet:tributary-http-source\n      parameters:\n");
        if (!given.has("schedule")) {
            b.append("        schedule: \"timer:docs-recipe?period=3600000\"\n");
        }
        if (!given.has("url")) {
            b.append("        url: \"https://api.example.com/v1/items\"\n");
        }
        if (!given.has("recordsPath") && !given.has("format")) {
            b.append(
                    "        recordsPath: /items\n"); // a recipe shows what differs from a JSON API
        }
        recipe.lines()
                .forEach(
                        l ->
                                b.append("        ")
                                        .append(
                                                l.substring(
                                                        Math.min(
                                                                strip,
                                                                l.length()
                                                                        - l.stripLeading()
                                                                                .length())))
                                        .append('\n'));
        b.append("      steps:\n        - to:\n            uri: kamelet:tributary-jdbc-sink\n");
        b.append(
                "            parameters:\n              schema: ...\n              table: docs_recipe\n");
        return b.toString();
    }

    /** A sink step after the HTTP source. */
    static String sinkRoute(String step) {
        StringBuilder b = new StringBuilder("- route:\n    id: docs-sink\n    from:\n");
        b.append("      uri: kamelet:tributary-http-source\n      parameters:\n");
        b.append("        schedule: \"timer:docs-sink?period=3600000\"\n");
        b.append("        url: \"https://api.example.com/v1/items\"\n");
        b.append("        recordsPath: /items\n      steps:\n");
        step.lines().forEach(l -> b.append("        ").append(l).append('\n'));
        return b.toString();
    }

    /** A PEM file of a fresh RSA private key, for a recipe's authKeyFile. */
    String rsaKeyFile() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem =
                "-----BEGIN PRIVATE KEY-----\n"
                        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        return write("key.pem", pem).toAbsolutePath().toString();
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    // ---- the test's own rules, on blocks that must fail them ----

    @Test
    void aBlockThatIsNoTributaryFileIsNoneOfTheThreeKinds() throws Exception {
        assertEquals(Kind.NONE, kind("scrape_configs:\n  - job_name: tributary\n"));
        assertEquals(Kind.NONE, kind("- to:\n    uri: kamelet:other\n"));
        assertEquals(Kind.SINK_STEP, kind("- to:\n    uri: kamelet:tributary-file-sink\n"));
        assertEquals(Kind.NONE, kind("pagination: link-header\npageSzie: 100\n"));
        assertEquals(Kind.SOURCE_PARAMETERS, kind("pagination: link-header\npageSize: 100\n"));
    }

    @Test
    void aRecipeWithAWrongValueDoesNotLoad() throws Exception {
        Block bad = new Block(Path.of("docs/pagination.md"), 0, "pageSize: lots\n", false);

        AssertionError refused =
                org.junit.jupiter.api.Assertions.assertThrows(
                        AssertionError.class, () -> loadRoute(bad, recipeRoute(bad.text())));

        assertTrue(
                refused.getMessage().contains("must be a positive integer"), refused.getMessage());
    }
}
