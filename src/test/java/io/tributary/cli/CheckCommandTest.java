package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary check} over a folder of route files, each broken in one way, against the demo
 * API on loopback: every problem is reported, each naming its file, field and value, and nothing is
 * written.
 */
class CheckCommandTest {
    static final String KEY = "check-key-3310";
    final Database db = Database.h2();
    WeatherApiServer api;
    @TempDir Path dir;

    @BeforeEach
    void start() {
        api =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(2)),
                                new MutableClock(Instant.parse("2026-11-20T06:00:10Z")))
                        .start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    static String route(String connector, String... extra) {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "- templatedRoute:",
                                "    routeTemplateRef: http-to-jdbc",
                                "    parameters:",
                                "      - {name: connector, value: " + connector + "}",
                                "      - {name: schedule, value: \"timer:"
                                        + connector
                                        + "?period=60000\"}",
                                "      - {name: url, value: \"{{weather.base-url}}/v1/observations\"}",
                                "      - {name: auth, value: api-key-query}",
                                "      - {name: authName, value: apikey}",
                                "      - {name: recordsPath, value: /observations}",
                                "      - {name: table, value: "
                                        + connector.replace('-', '_')
                                        + "}"));
        for (String e : extra) {
            lines.add("      - " + e);
        }
        boolean hasSecret = List.of(extra).stream().anyMatch(e -> e.contains("authSecret"));
        boolean hasSchema = List.of(extra).stream().anyMatch(e -> e.contains("name: schema"));
        if (!hasSecret) {
            lines.add("      - {name: authSecret, value: \"{{weather.api-key}}\"}");
        }
        if (!hasSchema) {
            lines.add("      - {name: schema, value: routes/weather-observations.schema.yaml}");
        }
        return String.join("\n", lines) + "\n";
    }

    Result check(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "check",
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--weather.api-key=" + KEY));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new CheckCommand(
                                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                io.tributary.Tributary::new)
                        .run(Options.parse(args.toArray(String[]::new)));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    record Result(int exit, String out) {
        List<String> problems() {
            return out.lines()
                    .filter(l -> l.startsWith("  problem: "))
                    .collect(Collectors.toList());
        }

        String problemAbout(String file) {
            return problems().stream()
                    .filter(l -> l.contains(file))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no problem names " + file + " in:\n" + out));
        }
    }

    @Test
    void aGoodConnectorPassesWithOneAuthenticatedRequestAndNothingWritten() throws Exception {
        Files.writeString(dir.resolve("good.camel.yaml"), route("good"));

        Result r = check();

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "ok   connector 'good': GET "
                                        + api.baseUrl()
                                        + "/v1/observations?"),
                r.out());
        assertTrue(r.out().contains("-> HTTP 200"), r.out());
        assertFalse(r.out().contains(KEY), r.out());
        assertEquals(1, api.requests().size(), "one request per connector");
        assertFalse(db.tableExists("good"), "check creates no table");
        assertFalse(db.tableExists("tributary_dead_letters"));
    }

    @Test
    void everyBrokenFileIsReportedNamingTheFileTheFieldAndTheValue() throws Exception {
        Files.writeString(dir.resolve("good.camel.yaml"), route("good"));
        Files.writeString(
                dir.resolve("broken.camel.yaml"),
                "- templatedRoute:\n    routeTemplateRef: http-to-jdbc\n    parameters: [ {name: connector\n");
        Files.writeString(
                dir.resolve("typo.camel.yaml"), route("typo", "{name: pageSzie, value: \"500\"}"));
        Files.writeString(
                dir.resolve("secret.camel.yaml"),
                route(
                        "secret",
                        "{name: authSecret, value: \"{{env:TRIBUTARY_CHECK_TEST_UNSET_KEY}}\"}"));
        Path schema = dir.resolve("bad.schema.yaml");
        Files.writeString(
                schema,
                "primaryKey: [id]\ncolumns:\n  id: {type: string, required: true}\n  price: {type: money}\n");
        Files.writeString(
                dir.resolve("schema.camel.yaml"),
                route("schema", "{name: schema, value: \"" + schema + "\"}"));

        Result r = check();

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        assertEquals(4, r.problems().size(), r.out());
        assertTrue(r.problemAbout("broken.camel.yaml").contains("line"), r.out());
        assertTrue(
                r.problemAbout("typo.camel.yaml")
                        .contains(
                                "connector 'typo': parameter 'pageSzie' value '500': is not a parameter"
                                        + " of template http-to-jdbc (did you mean 'pageSize'?)"),
                r.out());
        assertTrue(
                r.problemAbout("secret.camel.yaml")
                        .contains(
                                "connector 'secret': parameter 'authSecret' value '{{env:TRIBUTARY_CHECK_TEST_UNSET_KEY}}': cannot be resolved: environment variable TRIBUTARY_CHECK_TEST_UNSET_KEY is not set"),
                r.out());
        String badSchema = r.problemAbout("schema.camel.yaml");
        assertTrue(
                badSchema.contains("connector 'schema': parameter 'schema' value '" + schema + "'"),
                badSchema);
        assertTrue(badSchema.contains("price") && badSchema.contains("money"), badSchema);
        assertTrue(
                r.out().contains("ok   connector 'good'"),
                "a broken file does not hide the good one:\n" + r.out());
    }

    @Test
    void aKeyTheSourceRefusesExitsOneNamingTheParameterWithTheKeyMasked() throws Exception {
        Files.writeString(dir.resolve("good.camel.yaml"), route("good"));

        Result r = check("--weather.api-key=wrong-key-6671");

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        String problem = r.problemAbout("good.camel.yaml");
        assertTrue(
                problem.contains(
                        "connector 'good': parameter 'authSecret': the source refused the credentials: HTTP 401"),
                problem);
        assertFalse(r.out().contains("wrong-key-6671"), r.out());
    }

    @Test
    void aBadSettingIsReportedWithItsName() throws Exception {
        Files.writeString(dir.resolve("good.camel.yaml"), route("good"));

        Result r = check("--tributary.retry.max-redeliveries=many");

        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
        assertTrue(
                r.out().contains("setting 'tributary.retry.max-redeliveries' value 'many'"),
                r.out());
    }

    @Test
    void aTokenEndpointThatCannotBeReachedIsAProblemNamingTheSchemeNotASilentPass()
            throws Exception {
        int closed;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        Files.writeString(
                dir.resolve("token.camel.yaml"),
                route("token").replace("value: api-key-query}", "value: oauth2-client-credentials}")
                        + "      - {name: authTokenUrl, value: \"http://127.0.0.1:"
                        + closed
                        + "/oauth/token\"}\n"
                        + "      - {name: authClientId, value: tributary}\n"
                        + "      - {name: authClientSecret, value: \"client-secret-8812\"}\n");

        Result r = check();

        assertEquals(Tributary.SYNC_FAILED, r.exit(), r.out());
        String problem = r.problemAbout("token.camel.yaml");
        assertTrue(
                problem.contains(
                        "connector 'token': parameter 'auth' value 'oauth2-client-credentials': cannot get credentials"),
                problem);
        assertFalse(r.out().contains("client-secret-8812"), r.out());
        assertEquals(0, api.requests().size(), "no request without credentials");
    }

    @Test
    void aSpentBudgetIsAProblemNamingRateLimit() throws Exception {
        Files.writeString(
                dir.resolve("budget.camel.yaml"),
                route("budget", "{name: rateLimit, value: tiny}"));

        Result r =
                check(
                        "--tributary.ratelimit.tiny.per-day=1",
                        "--tributary.ratelimit.tiny.max-wait=PT0S");
        Result again =
                check(
                        "--tributary.ratelimit.tiny.per-day=1",
                        "--tributary.ratelimit.tiny.max-wait=PT0S");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertEquals(Tributary.SYNC_FAILED, again.exit(), again.out());
        assertTrue(
                again.problemAbout("budget.camel.yaml")
                        .contains("connector 'budget': parameter 'rateLimit': no quota"),
                again.out());
        assertEquals(
                1,
                api.requests().size(),
                "the budget of one request a day holds across both checks");
    }
}
