package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops start-up stops it with one paragraph that names the file, the connector, the parameter
 * or setting and its value, exit code 2, before anything runs, and no stack trace in the log.
 */
class StartupErrorsTest {
    final Database db = Database.h2();
    @TempDir Path dir;

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
                                "      - {name: url, value: \"http://127.0.0.1:9/v1/observations\"}",
                                "      - {name: schema, value: routes/weather-observations.schema.yaml}"));
        for (String e : extra) {
            lines.add("      - " + e);
        }
        return String.join("\n", lines) + "\n";
    }

    static String complete(String connector, String... extra) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "{name: recordsPath, value: /observations}",
                                "{name: table, value: " + connector.replace('-', '_') + "}"));
        all.addAll(List.of(extra));
        return route(connector, all.toArray(String[]::new));
    }

    record Start(int exit, String problem, String log) {}

    /**
     * {@code tributary --once} over the route files in {@link #dir}, with the database options
     * given.
     */
    Start once(List<String> database, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:"
                                        + dir
                                        + "/*.camel.yaml,file:"
                                        + dir
                                        + "/*.camel.xml"));
        args.addAll(database);
        args.addAll(List.of(extra));
        try (LogCapture log = LogCapture.open()) {
            Tributary tributary = new Tributary();
            int exit = tributary.run(args.toArray(String[]::new));
            String problem = String.valueOf(tributary.lastProblem());
            assertFalse(
                    log.all().contains(" at org.") || log.all().contains(" at io.tributary"),
                    "no stack trace:\n" + log.all());
            return new Start(exit, problem, log.all());
        }
    }

    Start once(String... extra) {
        return once(db.options(), extra);
    }

    @Test
    void aConnectorIdInTwoFilesIsRefusedNamingBothAndNothingRuns() throws Exception {
        Files.writeString(dir.resolve("a.camel.yaml"), complete("observations"));
        Files.writeString(
                dir.resolve("b.camel.yaml"),
                complete("observations")
                        .replace("table, value: observations", "table, value: observations_copy"));

        Start s = once();

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem().contains("connector 'observations'")
                        && s.problem()
                                .contains(
                                        "declared in two route files, "
                                                + dir.resolve("a.camel.yaml")
                                                + " and "
                                                + dir.resolve("b.camel.yaml")),
                s.problem());
        assertFalse(
                db.tableExists("observations") || db.tableExists("observations_copy"),
                "nothing ran");
    }

    @Test
    void anInvalidCronStopsOnceNamingFileConnectorParameterAndValue() throws Exception {
        Files.writeString(
                dir.resolve("cron.camel.yaml"),
                complete("cron")
                        .replace("timer:cron?period=60000", "quartz:cron?cron=0+61+*+*+*+?"));

        Start s = once();

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                dir.resolve("cron.camel.yaml")
                                        + ": connector 'cron': parameter 'schedule' value"
                                        + " 'quartz:cron?cron=0+61+*+*+*+?': invalid cron expression '0 61 * * * ?'"),
                s.problem());
    }

    @Test
    void aMissingMandatoryTemplateParameterNamesFileConnectorAndParameter() throws Exception {
        Files.writeString(
                dir.resolve("short.camel.yaml"), route("short", "{name: table, value: short_t}"));

        Start s = once();

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        // recordsPath is required by the default format, json
        assertTrue(
                s.problem()
                                .startsWith(
                                        dir.resolve("short.camel.yaml")
                                                + ": connector 'short': parameter 'recordsPath'")
                        && s.problem().contains("is required by format json"),
                s.problem());
    }

    @Test
    void invalidXmlNamesTheFileAndTheLine() throws Exception {
        Files.writeString(
                dir.resolve("broken.camel.xml"),
                "<routes xmlns=\"http://camel.apache.org/schema/xml-io\">\n  <route id=\"x\"><from uri=\"timer:x\"/>\n</routes>\n");

        Start s = once();

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem().startsWith(dir.resolve("broken.camel.xml") + ": ")
                        && s.problem().contains("line"),
                s.problem());
    }

    @Test
    void anUnsetEnvironmentVariableBehindAPropertyNamesFileParameterPropertyAndVariable()
            throws Exception {
        Files.writeString(
                dir.resolve("env.camel.yaml"),
                complete(
                        "env",
                        "{name: auth, value: api-key-query}",
                        "{name: authName, value: appid}",
                        "{name: authSecret, value: \"{{weather.api-key}}\"}"));
        Path settings = dir.resolve("tributary.properties");
        Files.writeString(settings, "weather.api-key={{env:TRIBUTARY_TEST_UNSET_WEATHER_KEY}}\n");

        Start s = once("--config=" + settings);

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                dir.resolve("env.camel.yaml")
                                        + ": connector 'env': parameter 'authSecret' value '{{weather.api-key}}':"
                                        + " cannot be resolved: property 'weather.api-key' ("
                                        + settings
                                        + ") is '{{env:TRIBUTARY_TEST_UNSET_WEATHER_KEY}}':"
                                        + " environment variable TRIBUTARY_TEST_UNSET_WEATHER_KEY is not set"),
                s.problem());
        assertFalse(s.problem().contains("Property with key"), s.problem());
    }

    @Test
    void aJdbcUrlWithAnUnknownSchemeNamesTheSettingAndTheDriversThereAre() throws Exception {
        Files.writeString(dir.resolve("a.camel.yaml"), complete("a"));

        Start s = once(List.of("--tributary.db.url=jdbc:oracle:thin:@db:1521/etl"));

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                "setting 'tributary.db.url' value 'jdbc:oracle:thin:@db:1521/etl': no JDBC driver for 'jdbc:oracle:'"),
                s.problem());
        assertFalse(s.problem().contains("No suitable driver"), s.problem());
    }

    @Test
    void aRefusedDatabaseNamesHostAndPort() throws Exception {
        Files.writeString(dir.resolve("a.camel.yaml"), complete("a"));
        int closed;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        Start s =
                once(
                        List.of(
                                "--tributary.db.url=jdbc:postgresql://127.0.0.1:" + closed + "/etl",
                                "--tributary.db.user=etl",
                                "--tributary.db.password=db-secret-4410",
                                "--tributary.db.connect-timeout-ms=1500"));

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                "setting 'tributary.db.url' value 'jdbc:postgresql://127.0.0.1:"
                                        + closed
                                        + "/etl': connection refused at 127.0.0.1:"
                                        + closed),
                s.problem());
        assertFalse(s.problem().contains("db-secret-4410") || s.log().contains("db-secret-4410"));
    }

    @Test
    void anH2FolderThatCannotBeCreatedNamesTheFolderAndTheSetting() throws Exception {
        Files.writeString(dir.resolve("a.camel.yaml"), complete("a"));
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");

        Start s =
                once(
                        List.of(
                                "--tributary.db.url=jdbc:h2:file:"
                                        + notAFolder
                                        + "/tributary;DATABASE_TO_LOWER=TRUE",
                                "--tributary.db.user=sa"));

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                "setting 'tributary.db.url' value 'jdbc:h2:file:"
                                        + notAFolder
                                        + "/tributary;DATABASE_TO_LOWER=TRUE':"
                                        + " H2 cannot create or write its database file in "
                                        + notAFolder),
                s.problem());
    }

    @Test
    void aFileSinkFolderThatCannotBeCreatedNamesTheDirectoryNotTheDatabase() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Files.writeString(
                dir.resolve("files.camel.yaml"),
                complete(
                        "files",
                        "{name: sink, value: jsonl}",
                        "{name: directory, value: \"" + notAFolder + "/out\"}"));

        Start s = once();

        assertEquals(Tributary.BAD_USAGE, s.exit(), s.problem());
        assertTrue(
                s.problem()
                        .startsWith(
                                dir.resolve("files.camel.yaml")
                                        + ": connector 'files': parameter 'directory' value '"
                                        + notAFolder
                                        + "/out': the jsonl sink cannot create or write its folder"),
                s.problem());
        assertFalse(s.problem().contains("target database"), s.problem());
    }
}
