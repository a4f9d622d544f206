package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.Tributary;
import io.tributary.auth.Authenticators;
import io.tributary.schema.TargetSchema;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tributary new}: the files it writes pass {@code check} against a loopback API, name every
 * credential as a placeholder, never replace a file, and ask for what the flags leave out.
 */
class NewCommandTest {
    static final String TOKEN = "deals-token-5521";
    final Database db = Database.h2();
    @TempDir Path dir;
    PagedApi api;

    @BeforeEach
    void start() {
        api = PagedApi.serving(records(3)).build();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static List<JsonNode> records(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(
                        i ->
                                PagedApi.tree(
                                        "{\"id\": \"d-"
                                                + i
                                                + "\", \"title\": \"Deal "
                                                + i
                                                + "\", \"updated_at\": \"2026-11-0"
                                                + i
                                                + "T10:00:00Z\"}"))
                .toList();
    }

    record Result(int exit, String out, String err) {}

    Result scaffold(NewCommand.Prompt prompt, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString(), "--config=" + dir.resolve("app.properties")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                new NewCommand(
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                prompt)
                        .run(Options.parse(all.toArray(String[]::new)));
        return new Result(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result scaffold(String... args) {
        return scaffold(null, args);
    }

    Result check(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "check",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--tributary.demo.enabled=false"));
        if (Files.exists(dir.resolve("app.properties"))) { // --write-settings wrote it
            args.add("--config=" + dir.resolve("app.properties"));
        }
        args.addAll(db.options());
        args.addAll(List.of(extra));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8), "");
    }

    String read(String file) throws Exception {
        return Files.readString(dir.resolve(file));
    }

    @Test
    void aConnectorScaffoldedFromFlagsPassesCheckAgainstTheApi() throws Exception {
        Result made =
                scaffold(
                        "new",
                        "deals",
                        "--url",
                        api.baseUrl() + "/v1/deals",
                        "--auth",
                        "bearer",
                        "--pagination",
                        "page-number",
                        "--records-path",
                        "/items",
                        "--cursor-field",
                        "updated_at",
                        "--write-settings");
        assertEquals(ExitCodes.OK, made.exit(), made.err());

        Result r = check("--deals.token=" + TOKEN);

        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("ok   connector 'deals'"), r.out());
        assertEquals("Bearer " + TOKEN, api.requests().get(0).headers().get("authorization"));
        assertEquals("1", api.requests().get(0).param("page"));
        assertFalse(db.tableExists("deals"), "check creates no table");
    }

    @Test
    void theRouteIsTheKameletFormWithTheSecretAsASettingFromTheEnvironment() throws Exception {
        scaffold(
                "new",
                "crm-deals",
                "--url",
                api.baseUrl() + "/v1/deals",
                "--auth",
                "bearer",
                "--pagination",
                "page-number",
                "--records-path",
                "/items",
                "--write-settings");

        String route = read("crm-deals.camel.yaml");
        assertTrue(route.contains("uri: kamelet:tributary-http-source"), route);
        assertTrue(route.contains("uri: kamelet:tributary-jdbc-sink"), route);
        assertTrue(route.contains("id: crm-deals"), route);
        assertTrue(route.contains("table: crm_deals"), route);
        assertTrue(route.contains("authSecret: \"{{crm-deals.token}}\""), route);
        assertTrue(
                read("app.properties").contains("crm-deals.token={{env:CRM_DEALS_TOKEN}}"),
                read("app.properties"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "none",
                "api-key-query",
                "api-key-header",
                "basic",
                "bearer",
                "oauth2-client-credentials",
                "oauth2-refresh-token",
                "jwt-bearer",
                "jwt-self-signed",
                "session-login"
            })
    void everyAuthSchemeNamesItsCredentialsAsEnvironmentPlaceholdersOnly(String auth)
            throws Exception {
        Result r =
                scaffold(
                        "new",
                        "deals",
                        "--url",
                        "https://api.example.com/v1/deals",
                        "--auth",
                        auth,
                        "--token-url",
                        "https://login.example.com/token",
                        "--pagination",
                        "none",
                        "--records-path",
                        "/items");

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String route = read("deals.camel.yaml");
        assertTrue(route.contains("auth: " + auth), route);
        for (String line : route.lines().toList()) {
            if (line.matches(
                    "\\s*auth(Secret|ClientSecret|RefreshToken|User|ClientId|KeyFile):.*")) {
                assertTrue(line.contains("\"{{deals."), "a setting, not a value: " + line);
            }
        }
        List<String> settings = r.out().lines().filter(l -> l.startsWith("  deals.")).toList();
        settings.forEach(
                l -> assertTrue(l.matches("  deals\\.[a-z-]+=\\{\\{env:DEALS_[A-Z_]+}}"), l));
        assertEquals(auth.equals("none"), settings.isEmpty(), r.out());
        assertTrue(Authenticators.NAMES.contains(auth));
    }

    /** Every declared style: one added later is scaffolded and checked too. */
    static java.util.stream.Stream<String> paginationStyles() {
        return io.tributary.paging.Paginations.NAMES.stream();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("paginationStyles")
    void everyPaginationStyleScaffoldsAConnectorCheckAccepts(String style) throws Exception {
        api.close();
        api = PagedApi.serving(records(3)).paging(PagedApi.Paging.NONE).build();
        scaffold(
                "new",
                "deals",
                "--url",
                api.baseUrl() + "/v1/deals",
                "--auth",
                "none",
                "--pagination",
                style,
                "--records-path",
                "/items",
                "--cursor-field",
                "updated_at");

        Result r = check();

        assertEquals(ExitCodes.OK, r.exit(), read("deals.camel.yaml") + "\n" + r.out());
    }

    @Test
    void withoutATerminalTheMissingFlagsAreNamedAndNothingIsWritten() throws Exception {
        Result r = scaffold("new", "deals", "--auth", "bearer");

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(
                r.err().contains("missing --url, --records-path, --pagination")
                        && r.err().contains("no terminal"),
                r.err());
        assertFalse(r.err().contains("--auth,"), r.err());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aBadAnswerIsNamedWithWhatItMustBe() {
        Result r =
                scaffold(
                        "new",
                        "deals",
                        "--url",
                        "ftp://x",
                        "--auth",
                        "oauth3",
                        "--pagination",
                        "none",
                        "--records-path",
                        "/items");

        assertEquals(ExitCodes.BAD_USAGE, r.exit());
        assertTrue(
                r.err().contains("--url value 'ftp://x': must be an http or https URL"), r.err());
        assertTrue(r.err().contains("--auth value 'oauth3': must be one of [none,"), r.err());
    }

    @Test
    void anExistingFileIsNeverReplacedWithoutForce() throws Exception {
        String[] args = {
            "new",
            "deals",
            "--url",
            api.baseUrl() + "/v1/deals",
            "--auth",
            "none",
            "--pagination",
            "none",
            "--records-path",
            "/items"
        };
        assertEquals(ExitCodes.OK, scaffold(args).exit());
        Files.writeString(dir.resolve("deals.schema.yaml"), "# mine\n");

        Result again = scaffold(args);

        assertEquals(ExitCodes.BAD_USAGE, again.exit());
        assertTrue(again.err().contains(dir.resolve("deals.camel.yaml") + " exists"), again.err());
        assertEquals("# mine\n", read("deals.schema.yaml"));

        List<String> forced = new ArrayList<>(List.of(args));
        forced.add("--force");
        assertEquals(ExitCodes.OK, scaffold(forced.toArray(String[]::new)).exit());
        assertTrue(read("deals.schema.yaml").contains("primaryKey: [id]"));
    }

    @Test
    void theTerminalIsAskedForWhatTheFlagsLeaveOutAndAgainAfterABadAnswer() throws Exception {
        Deque<String> answers =
                new ArrayDeque<>(
                        List.of(
                                api.baseUrl() + "/v1/deals", // url
                                "", // format: json
                                "items", // records path: not a pointer, asked again
                                "/items",
                                "", // cursor field: none
                                "" // key: id
                                ));
        List<String> asked = new ArrayList<>();
        NewCommand.Prompt prompt =
                q -> {
                    asked.add(q);
                    return answers.poll();
                };

        Result r = scaffold(prompt, "new", "deals", "--auth", "none", "--pagination", "none");

        assertEquals(ExitCodes.OK, r.exit(), r.err() + r.out());
        assertTrue(asked.get(0).startsWith("URL of the records"), asked.toString());
        assertTrue(r.out().contains("'items' must be a JSON pointer"), r.out());
        assertTrue(read("deals.camel.yaml").contains("recordsPath: \"/items\""));
        assertFalse(read("deals.schema.yaml").contains("cursorField"));
    }

    @Test
    void theScaffoldedSchemaLoadsAndValidatesAgainstTheSchemaFilesJsonSchema() throws Exception {
        scaffold(
                "new",
                "deals",
                "--url",
                api.baseUrl() + "/v1/deals",
                "--auth",
                "none",
                "--pagination",
                "none",
                "--records-path",
                "/items",
                "--cursor-field",
                "updated_at");

        TargetSchema schema = TargetSchema.load(dir.resolve("deals.schema.yaml"));

        assertEquals(List.of("id"), schema.primaryKey());
        assertEquals("updated_at", schema.cursorField());
        assertEquals(List.of(), schemaFileErrors(dir.resolve("deals.schema.yaml")));
        String first = read("deals.schema.yaml").lines().findFirst().orElseThrow();
        Path named = dir.resolve(first.substring(first.indexOf('=') + 1)).normalize();
        assertEquals(Path.of(NewCommand.SCHEMA_FILE_SCHEMA).toAbsolutePath().normalize(), named);
    }

    @Test
    void everyShippedSchemaFileValidatesAgainstTheSchemaFilesJsonSchema() throws Exception {
        for (Path file :
                List.of(
                        Path.of("routes/weather-observations.schema.yaml"),
                        Path.of("routes/weather-stations.schema.yaml"))) {
            assertEquals(List.of(), schemaFileErrors(file), file.toString());
        }
    }

    @Test
    void theRouteFilesFirstLineNamesCamelsYamlDslSchemaWhichTheRouteSatisfies() throws Exception {
        scaffold(
                "new",
                "deals",
                "--url",
                api.baseUrl() + "/v1/deals",
                "--auth",
                "bearer",
                "--pagination",
                "page-number",
                "--records-path",
                "/items");
        String route = read("deals.camel.yaml");
        assertTrue(
                route.startsWith(
                        "# yaml-language-server: $schema=" + NewCommand.ROUTE_SCHEMA + "\n"));

        // the same schema ships in camel-yaml-dsl's jar
        JsonNode camel;
        try (var in = getClass().getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            camel = new ObjectMapper().readTree(in);
        }
        Schema schema =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(camel);
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(route);
        assertEquals(List.of(), schema.validate(file).stream().map(Error::toString).toList());
        JsonNode misspelt =
                new ObjectMapper(new YAMLFactory())
                        .readTree(route.replace("    from:", "    fromm:"));
        assertFalse(schema.validate(misspelt).isEmpty(), "the schema does check a route's shape");
    }

    static List<String> schemaFileErrors(Path file) throws Exception {
        JsonNode schema =
                new ObjectMapper().readTree(Path.of(NewCommand.SCHEMA_FILE_SCHEMA).toFile());
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schema)
                .validate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()))
                .stream()
                .map(Error::toString)
                .toList();
    }
}
