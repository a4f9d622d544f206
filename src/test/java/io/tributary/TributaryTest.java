package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.demo.RecordedRequest;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
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
 * The application as users run it: {@code Tributary.run("--once", ...)} with the shipped route
 * files (the templated YAML connector and the XML one written in full) into a real PostgreSQL,
 * against the demo API on loopback.
 */
class TributaryTest {
    static final String KEY = "main-test-key-77";

    /** The demo's stations connector as a route written in full (the form before the Kamelets). */
    static final String FULL_XML = "src/test/resources/routes-templated/weather-stations.camel.xml";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:10Z"));
    WeatherApiServer api;
    Database db;

    @BeforeEach
    void start() {
        api =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                                clock)
                        .start();
        db = Database.postgres();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    int runOnce(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--weather.api-key=" + KEY));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return new Tributary().run(args.toArray(String[]::new));
    }

    long expectedObservations() {
        return api.observations().count(null, clock.instant())
                - api.observations().malformedCount(null, clock.instant());
    }

    @Test
    void onceSyncsTheShippedConnectorsAndExitsZero() {
        assertEquals(Tributary.OK, runOnce());

        assertEquals(expectedObservations(), db.count("SELECT COUNT(*) FROM weather_observations"));
        assertEquals(
                api.observations().malformedCount(null, clock.instant()),
                db.count(
                        "SELECT COUNT(*) FROM tributary_dead_letters WHERE connector = 'weather-observations'"));
        assertEquals(10, db.count("SELECT COUNT(*) FROM weather_stations"));
        assertEquals(
                clock.instant().minusSeconds(10).toString(), db.cursor("weather-observations"));
    }

    @Test
    void aSecondRunFetchesOnlyWhatIsNew() {
        runOnce();
        String cursor = db.cursor("weather-observations");
        api.clearRequests();
        clock.advance(Duration.ofHours(1));

        assertEquals(Tributary.OK, runOnce());

        List<RecordedRequest> requests =
                api.requests().stream()
                        .filter(r -> r.path().equals("/v1/observations"))
                        .collect(Collectors.toList());
        assertEquals(1, requests.size());
        assertEquals(cursor, requests.get(0).query().get("since"));
        assertEquals(expectedObservations(), db.count("SELECT COUNT(*) FROM weather_observations"));
    }

    @Test
    void everySyncLogsOneSummaryLine() {
        try (LogCapture logs = LogCapture.open()) {
            runOnce();
            List<String> summaries = logs.linesContaining("sync connector=");
            assertEquals(2, summaries.size(), logs.all());
            String observations =
                    summaries.stream()
                            .filter(l -> l.contains("weather-observations"))
                            .findFirst()
                            .orElseThrow();
            for (String field :
                    List.of(
                            "outcome=success",
                            "records=",
                            "pages=",
                            "duration=",
                            "cursor=" + db.cursor("weather-observations"))) {
                assertTrue(observations.contains(field), observations);
            }
        }
    }

    @Test
    void onceExitsOneWhenAConnectorFailsAndNeverLogsTheKey() {
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--weather.api-key=not-the-key-123");

            assertEquals(Tributary.SYNC_FAILED, exit);
            assertEquals(2, logs.linesContaining("outcome=failed").size(), logs.all());
            assertTrue(logs.linesContaining("not-the-key-123").isEmpty(), logs.all());
        }
    }

    @Test
    void aBrokenRouteFileStopsStartUpNamingTheFile(@TempDir Path dir) throws Exception {
        Path route = dir.resolve("broken.camel.yaml");
        Files.writeString(
                route,
                "- templatedRoute:\n    routeTemplateRef: http-to-jdbc\n    parameters: [ {name: connector\n");
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertTrue(logs.all().contains("broken.camel.yaml"), logs.all());
        }
    }

    static String templatedRoute(String schedule, String pageSize) {
        return String.join(
                "\n",
                "- templatedRoute:",
                "    routeTemplateRef: http-to-jdbc",
                "    parameters:",
                "      - {name: connector, value: obs}",
                "      - {name: schedule, value: \"" + schedule + "\"}",
                "      - {name: url, value: \"{{weather.base-url}}/v1/observations\"}",
                "      - {name: auth, value: api-key-query}",
                "      - {name: authName, value: apikey}",
                "      - {name: authSecret, value: \"{{weather.api-key}}\"}",
                "      - {name: pageSize, value: \"" + pageSize + "\"}",
                "      - {name: recordsPath, value: /observations}",
                "      - {name: cursorParam, value: since}",
                "      - {name: schema, value: routes/weather-observations.schema.yaml}",
                "      - {name: table, value: obs}",
                "");
    }

    @Test
    void aBadParameterInARouteFileStopsStartUpNamingTheFileParameterAndValue(@TempDir Path dir)
            throws Exception {
        Files.writeString(
                dir.resolve("obs.camel.yaml"), templatedRoute("timer:obs?period=60000", "lots"));
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");

            assertEquals(Tributary.BAD_USAGE, exit);
            List<String> problem = logs.linesContaining("could not start");
            assertEquals(1, problem.size(), logs.all());
            assertTrue(
                    problem.get(0)
                            .contains(
                                    "obs.camel.yaml: connector 'obs': parameter 'pageSize' value 'lots'"),
                    problem.get(0));
        }
    }

    @Test
    void aBadSettingInAConnectorWrittenInXmlStopsStartUp(@TempDir Path dir) throws Exception {
        String xml =
                Files.readString(Path.of(FULL_XML))
                        .replace(
                                "<property key=\"pageSize\" value=\"100\"/>",
                                "<property key=\"pageSize\" value=\"-3\"/>");
        Files.writeString(dir.resolve("stations.camel.xml"), xml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.xml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1,
                    logs.linesContaining(
                                    "connector 'weather-stations': parameter 'pageSize' value '-3'")
                            .size(),
                    logs.all());
        }
    }

    @Test
    void aBadParameterOfAKameletFormConnectorInXmlStopsStartUpNamingIt(@TempDir Path dir)
            throws Exception {
        String xml =
                Files.readString(Path.of("routes/weather-stations.camel.xml"))
                        .replace("&amp;pageSize=100&amp;", "&amp;pageSize=-3&amp;");
        assertTrue(xml.contains("pageSize=-3"));
        Files.writeString(dir.resolve("stations.camel.xml"), xml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.xml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1,
                    logs.linesContaining(
                                    "connector 'weather-stations': parameter 'pageSize' value '-3'")
                            .size(),
                    logs.all());
        }
    }

    @Test
    void aMisspeltKameletParameterIsNamedWithoutItsValueAndWithTheNameItMeant(@TempDir Path dir)
            throws Exception {
        String xml =
                Files.readString(Path.of("routes/weather-stations.camel.xml"))
                        .replace("&amp;authSecret=", "&amp;authSecrets=");
        assertTrue(xml.contains("authSecrets"));
        Files.writeString(dir.resolve("stations.camel.xml"), xml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.xml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1,
                    logs.linesContaining(
                                    "connector 'weather-stations': parameter 'authSecrets': is not a parameter of kamelet tributary-http-source (did you mean 'authSecret'?)")
                            .size(),
                    logs.all());
            assertFalse(logs.all().contains(KEY), "the key never appears:\n" + logs.all());
        }
    }

    @Test
    void aValueCutByAnAmpersandIsNamedAsAParameterOfItsOwn(@TempDir Path dir) throws Exception {
        // map form: 'url: http://h/p?a=1&b=2' reaches camel-kamelet as url=http://h/p?a=1 and b=2
        String yaml =
                Files.readString(Path.of("routes/weather-observations.camel.yaml"))
                        .replace(
                                "url: \"{{weather.base-url}}/v1/observations\"",
                                "url: \"{{weather.base-url}}/v1/observations?units=metric&lang=en\"");
        assertTrue(yaml.contains("&lang=en"));
        Files.writeString(dir.resolve("observations.camel.yaml"), yaml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1,
                    logs.linesContaining("parameter 'lang': is not a parameter of kamelet").size(),
                    logs.all());
            assertTrue(logs.all().contains("RAW{...}"), logs.all());
        }
    }

    @Test
    void aSourceKameletWithoutATributarySinkStopsStartUp(@TempDir Path dir) throws Exception {
        String yaml =
                Files.readString(Path.of("routes/weather-observations.camel.yaml"))
                        .replace("uri: kamelet:tributary-jdbc-sink", "uri: log:pages")
                        .replace("schema: routes/weather-observations.schema.yaml", "level: INFO")
                        .replace("table: weather_observations", "showBody: false");
        Files.writeString(dir.resolve("observations.camel.yaml"), yaml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1,
                    logs.linesContaining(
                                    "connector 'weather-observations': parameter 'kamelet' value 'tributary-http-source': its pages go to no Tributary sink")
                            .size(),
                    logs.all());
        }
    }

    @Test
    void aMisspeltPropertyInAConnectorWrittenInXmlIsNamedWithoutItsValue(@TempDir Path dir)
            throws Exception {
        String xml =
                Files.readString(Path.of(FULL_XML))
                        .replace(
                                "<property key=\"authSecret\" value=\"{{weather.api-key}}\"/>",
                                "<property key=\"authSecrets\" value=\"{{weather.api-key}}\"/>");
        assertTrue(xml.contains("authSecrets"));
        Files.writeString(dir.resolve("stations.camel.xml"), xml);
        try (LogCapture logs = LogCapture.open()) {
            int exit = runOnce("--camel.main.routes-include-pattern=file:" + dir + "/*.camel.xml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertEquals(
                    1, logs.linesContaining("has no property 'authSecrets'").size(), logs.all());
            assertFalse(logs.all().contains(KEY), "the key never appears:\n" + logs.all());
        }
    }

    @Test
    void aConnectorWrittenInXmlTakesEveryAuthParameterAsAProperty() {
        io.tributary.connector.Connector c = new io.tributary.connector.Connector();
        for (String p : io.tributary.auth.AuthSettings.PARAMETERS) {
            org.apache.camel.support.PropertyBindingSupport.build().bind(context(), c, p, "v-" + p);
            assertEquals("v-" + p, c.getAuthSettings().get(p), p);
        }
    }

    static org.apache.camel.CamelContext context() {
        return new org.apache.camel.impl.DefaultCamelContext();
    }

    @Test
    void aBadSettingValueIsReportedWithItsName() {
        try (LogCapture logs = LogCapture.open()) {
            assertEquals(Tributary.BAD_USAGE, runOnce("--tributary.retry.max-redeliveries=many"));
            assertEquals(
                    1,
                    logs.linesContaining("setting 'tributary.retry.max-redeliveries' value 'many'")
                            .size(),
                    logs.all());
        }
    }

    @Test
    void withoutOnceItRunsOnTheCronScheduleUntilStopped(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("obs.camel.yaml"),
                templatedRoute("quartz:obs?cron=0/1+*+*+*+*+?", "100"));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--weather.api-key=" + KEY,
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + io.tributary.support.FreePort.next(),
                                "--camel.management.host=127.0.0.1"));
        args.addAll(db.options());
        Tributary tributary = new Tributary();
        java.util.concurrent.atomic.AtomicInteger exit =
                new java.util.concurrent.atomic.AtomicInteger(-1);
        try (LogCapture logs = LogCapture.open()) {
            Thread running = new Thread(() -> exit.set(tributary.run(args.toArray(String[]::new))));
            running.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (logs.linesContaining("sync connector=obs outcome=success").size() < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            tributary.stop();
            running.join(30_000);

            assertTrue(
                    logs.linesContaining("sync connector=obs outcome=success").size() >= 2,
                    logs.all());
            assertTrue(!running.isAlive(), "stop() ends the run");
            assertEquals(Tributary.OK, exit.get());
        }
    }

    @Test
    void aBusyManagementPortStopsStartUpNamingTheSetting() throws Exception {
        try (java.net.ServerSocket taken =
                        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                LogCapture logs = LogCapture.open()) {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--tributary.demo.enabled=false",
                                    "--weather.base-url=" + api.baseUrl(),
                                    "--weather.api-key=" + KEY,
                                    "--camel.management.host=127.0.0.1",
                                    "--camel.management.port=" + taken.getLocalPort()));
            args.addAll(db.options());

            assertEquals(Tributary.BAD_USAGE, new Tributary().run(args.toArray(String[]::new)));
            assertEquals(
                    1,
                    logs.linesContaining(
                                    "setting 'camel.management.port' value '"
                                            + taken.getLocalPort()
                                            + "': cannot listen")
                            .size(),
                    logs.all());
        }
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertEquals(Tributary.BAD_USAGE, new Tributary().run("--frobnicate"));
    }
}
