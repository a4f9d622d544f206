package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code preview} and {@code state} on the shipped route files, against the demo API on loopback
 * and an H2 database: preview prints rows and writes nothing; state shows and resets cursors.
 */
class PreviewAndStateCommandTest {
    static final String KEY = "preview-key-2290";
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:10Z"));
    final Database db = Database.h2();
    WeatherApiServer api;

    @BeforeEach
    void start() {
        api =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                                clock)
                        .start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    String[] args(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(
                List.of(
                        "--tributary.demo.enabled=false",
                        "--weather.base-url=" + api.baseUrl(),
                        "--weather.api-key=" + KEY));
        args.addAll(db.options());
        return args.toArray(String[]::new);
    }

    record Run(int exit, String out) {}

    Run command(Tributary.Command.Factory factory, String... command) {
        Options options = Options.parse(args(command));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new Tributary().start(options, Map.of(), factory.create(out, options));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    Run preview(String... command) {
        return command(PreviewCommand::new, command);
    }

    Run state(String... command) {
        return command(StateCommand::new, command);
    }

    @Test
    void previewPrintsTheMappedRowsOfOnePageAsATable() {
        Run r = preview("preview", "weather-observations");

        assertEquals(Tributary.OK, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.get(0).startsWith("id ")
                        && lines.get(0).contains("station_id")
                        && lines.get(0).contains("temperature_c"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("---"), lines.get(1));
        assertTrue(
                r.out()
                        .contains(
                                "row(s) from 1 page(s) of weather-observations; nothing written, cursor unchanged"),
                r.out());
        long rows = lines.stream().filter(l -> l.matches("^[A-Z]{4}-\\d+ .*")).count();
        assertTrue(rows > 400 && rows <= 500, "one page of 500, less its dead letters: " + rows);
    }

    @Test
    void previewWritesNothingOnAFreshDatabase() {
        Run r = preview("preview", "weather-observations", "--pages", "2");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertFalse(db.tableExists("weather_observations"));
        assertFalse(db.tableExists("weather_stations"));
        assertFalse(db.tableExists("tributary_dead_letters"));
        assertEquals(null, db.cursor("weather-observations"));
    }

    @Test
    void previewLeavesTablesAndCursorOfASyncedConnectorAsTheyWere() {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once")));
        long rows = db.count("SELECT COUNT(*) FROM weather_observations");
        long letters = db.count("SELECT COUNT(*) FROM tributary_dead_letters");
        String cursor = db.cursor("weather-observations");
        clock.advance(Duration.ofHours(2)); // new observations the preview will see

        Run r = preview("preview", "weather-observations", "--format", "json", "--pages", "3");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertEquals(rows, db.count("SELECT COUNT(*) FROM weather_observations"));
        assertEquals(letters, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(cursor, db.cursor("weather-observations"));
        assertTrue(
                r.out().lines().filter(l -> l.startsWith("{")).count() >= 120,
                "2 h of 10 stations every 10 min:\n" + r.out());
    }

    @Test
    void previewOfANewestFirstConnectorLeavesItsCursorWhereItWas() throws Exception {
        // order: descending commits the cursor when a sync completes; a preview must not count as
        // one
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("descending");
        String route =
                java.nio.file.Files.readString(
                                java.nio.file.Path.of("routes/weather-observations.camel.yaml"))
                        .replace(
                                "        recordsPath: /observations\n",
                                "        order: descending\n        recordsPath: /observations\n");
        assertTrue(route.contains("order: descending"));
        java.nio.file.Files.writeString(dir.resolve("weather-observations.camel.yaml"), route);
        String routes = "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml";
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once", routes)));
        String cursor = db.cursor("weather-observations");
        assertTrue(cursor != null, "the completed sync committed a cursor");
        clock.advance(Duration.ofHours(12)); // 720 new observations: two pages of 500

        int requestsBefore = api.requests().size();
        Run r = preview("preview", "weather-observations", "--pages", "1", routes);

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertEquals(cursor, db.cursor("weather-observations"));
        assertEquals(
                1,
                api.requests().size() - requestsBefore,
                "a preview of one page asks for one page, newest first too");
    }

    @Test
    void previewAsJsonPrintsOneObjectPerRowWithTypedValues() throws Exception {
        Run r = preview("preview", "weather-stations", "--format", "json");

        assertEquals(Tributary.OK, r.exit(), r.out());
        List<String> json = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(10, json.size(), r.out());
        JsonNode first = new ObjectMapper().readTree(json.get(0));
        assertTrue(first.path("latitude").isNumber(), json.get(0));
        assertTrue(first.path("name").isTextual(), json.get(0));
    }

    @Test
    void previewOfAnUnknownConnectorExitsTwoNamingTheKnownOnes() {
        Run r = preview("preview", "weather-typo");

        assertEquals(Tributary.BAD_USAGE, r.exit());
    }

    @Test
    void previewOfAConnectorWhoseSourceRefusesExitsOne() {
        Options options = Options.parse(args("preview", "weather-stations"));
        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of("weather.api-key", "wrong-key-001"),
                                new PreviewCommand(
                                        new PrintStream(new ByteArrayOutputStream()), options));

        assertEquals(Tributary.SYNC_FAILED, exit);
    }

    @Test
    void stateShowListsEachConnectorsCursorAndDeadLetters() {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once")));

        Run r = state("state", "show");

        assertEquals(Tributary.OK, r.exit(), r.out());
        String observations =
                r.out()
                        .lines()
                        .filter(l -> l.startsWith("weather-observations "))
                        .findFirst()
                        .orElseThrow();
        assertTrue(observations.contains(db.cursor("weather-observations")), observations);
        assertTrue(
                observations.contains(
                        " "
                                + db.count(
                                        "SELECT COUNT(*) FROM tributary_dead_letters WHERE connector = 'weather-observations'")
                                + " "),
                observations);
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(
                                l ->
                                        l.startsWith("weather-stations ")
                                                && l.contains(db.cursor("weather-stations"))),
                r.out());
    }

    @Test
    void stateResetForgetsOneConnectorsCursorOnly() {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once")));
        String stations = db.cursor("weather-stations");

        Run r = state("state", "reset", "weather-observations");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertTrue(
                r.out().contains("connector 'weather-observations': cursor reset (was "), r.out());
        assertEquals(null, db.cursor("weather-observations"));
        assertEquals(stations, db.cursor("weather-stations"));
    }

    @Test
    void stateShowAndResetWorkWithoutTheSourcesSecrets() throws Exception {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once", "weather-stations")));
        String stations = db.cursor("weather-stations");
        // the same routes on an operator's machine where the API key's variable is not set
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("no-secrets");
        for (String file :
                List.of("weather-observations.camel.yaml", "weather-stations.camel.xml")) {
            java.nio.file.Files.writeString(
                    dir.resolve(file),
                    java.nio.file.Files.readString(java.nio.file.Path.of("routes", file))
                            .replace(
                                    "{{weather.api-key}}", "{{env:TRIBUTARY_TEST_UNSET_API_KEY}}"));
        }
        String routes =
                "--camel.main.routes-include-pattern=file:"
                        + dir
                        + "/*.camel.yaml,file:"
                        + dir
                        + "/*.camel.xml";

        Run show = state("state", "show", routes);
        Run reset = state("state", "reset", "weather-stations", routes);

        assertEquals(Tributary.OK, show.exit(), show.out());
        assertTrue(
                show.out()
                        .lines()
                        .anyMatch(
                                l ->
                                        l.startsWith("weather-stations ")
                                                && l.contains(stations)
                                                && l.strip().endsWith("yes")),
                show.out());
        assertTrue(
                show.out().lines().anyMatch(l -> l.startsWith("weather-observations ")),
                show.out());
        assertEquals(Tributary.OK, reset.exit(), reset.out());
        assertEquals(null, db.cursor("weather-stations"));
        assertFalse(show.out().contains(KEY) || reset.out().contains(KEY));
    }

    @Test
    void stateResetOfAnUnknownConnectorExitsTwoAndChangesNothing() {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once", "weather-stations")));
        String stations = db.cursor("weather-stations");

        assertEquals(Tributary.BAD_USAGE, state("state", "reset", "weather-typo").exit());
        assertEquals(stations, db.cursor("weather-stations"));
        assertFalse(
                db.tableExists("weather_observations")
                        && db.count("SELECT COUNT(*) FROM weather_observations") > 0,
                "run --once weather-stations ran only that connector");
    }

    @Test
    void replayMapsTheDeadLettersAgainAndKeepsThoseThatStillFailWithoutRunningASync() {
        assertEquals(Tributary.OK, new Tributary().run(args("run", "--once")));
        long letters =
                db.count(
                        "SELECT COUNT(*) FROM tributary_dead_letters WHERE connector = 'weather-observations'");
        long rows = db.count("SELECT COUNT(*) FROM weather_observations");
        assertTrue(letters > 0, "the demo sends some 'n/a' temperatures");
        int requests = api.requests().size();

        Run r = command(ReplayCommand::new, "replay", "weather-observations");

        assertEquals(Tributary.OK, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "replayed "
                                        + letters
                                        + " dead letter(s): 0 loaded, "
                                        + letters
                                        + " still failing"),
                r.out());
        assertEquals(
                letters,
                db.count(
                        "SELECT COUNT(*) FROM tributary_dead_letters WHERE connector = 'weather-observations'"));
        assertEquals(rows, db.count("SELECT COUNT(*) FROM weather_observations"));
        assertEquals(requests, api.requests().size(), "replay asks the source nothing");
    }

    @Test
    void replayOfAnUnknownConnectorNamesTheKnownOnes() {
        Run r = command(ReplayCommand::new, "replay", "weather-nope");
        assertEquals(Tributary.BAD_USAGE, r.exit(), r.out());
    }
}
