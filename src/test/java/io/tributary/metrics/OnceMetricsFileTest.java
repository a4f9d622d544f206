package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --once} run (the shipped connectors against the demo API on loopback, into H2) leaves
 * its metrics where a CronJob's monitoring finds them: a node-exporter textfile promtool accepts,
 * and a Pushgateway PUT.
 */
class OnceMetricsFileTest {
    static final String KEY = "once-metrics-key-31";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:10Z"));
    @TempDir Path dir;
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
        db = Database.h2();
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
                                "--weather.base-url=" + api.baseUrl()));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return new Tributary().run(args.toArray(String[]::new));
    }

    @Test
    void aSuccessfulRunLeavesATextfilePromtoolAccepts() throws Exception {
        Path file = dir.resolve("tributary.prom");

        assertEquals(
                Tributary.OK,
                runOnce("--weather.api-key=" + KEY, "--tributary.metrics.textfile=" + file));

        String text = Files.readString(file);
        assertSeries(text, "tributary_syncs_total", "weather-observations", "success", 1);
        assertSeries(text, "tributary_syncs_total", "weather-observations", "failed", 0);
        assertTrue(
                text.contains("tributary_sync_last_success_timestamp_seconds{"),
                "no last-success gauge in\n" + text);
        promtoolAccepts(file);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "the temp file was moved, not left behind");
        }
    }

    @Test
    void aFailedRunWritesTheFileTooWithTheFailureCounted() throws Exception {
        Path file = dir.resolve("tributary.prom");
        Files.writeString(file, "# the previous run's\n");

        assertEquals(
                Tributary.SYNC_FAILED,
                runOnce(
                        "--weather.api-key=not-the-key-123",
                        "--tributary.metrics.textfile=" + file));

        String text = Files.readString(file);
        assertSeries(text, "tributary_syncs_total", "weather-observations", "failed", 1);
        assertSeries(text, "tributary_syncs_total", "weather-observations", "success", 0);
        assertTrue(!text.contains("not-the-key-123"), "the key is in the metrics");
        promtoolAccepts(file);
    }

    @Test
    void theRunsMetricsArePutToThePushgatewaysJob() throws Exception {
        List<String> requests = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext(
                "/",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    synchronized (requests) {
                        requests.add(
                                exchange.getRequestMethod()
                                        + " "
                                        + exchange.getRequestURI()
                                        + " "
                                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                        bodies.add(new String(body, StandardCharsets.UTF_8));
                    }
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        gateway.start();
        try {
            assertEquals(
                    Tributary.OK,
                    runOnce(
                            "--weather.api-key=" + KEY,
                            "--tributary.metrics.pushgateway=http://127.0.0.1:"
                                    + gateway.getAddress().getPort(),
                            "--tributary.metrics.pushgateway-job=weather sync"));
        } finally {
            gateway.stop(0);
        }

        synchronized (requests) {
            assertEquals(
                    List.of(
                            "PUT /metrics/job/weather%20sync text/plain; version=0.0.4;"
                                    + " charset=utf-8"),
                    requests);
            assertSeries(
                    bodies.get(0), "tributary_syncs_total", "weather-observations", "success", 1);
        }
    }

    @Test
    void aTextfileInAFolderThatDoesNotExistStopsStartUpNamingTheSetting() {
        Path file = dir.resolve("missing/tributary.prom");
        try (LogCapture logs = LogCapture.open()) {
            assertEquals(
                    Tributary.BAD_USAGE,
                    runOnce("--weather.api-key=" + KEY, "--tributary.metrics.textfile=" + file));
            assertTrue(logs.all().contains("tributary.metrics.textfile"), logs.all());
        }
        assertTrue(!Files.exists(file));
    }

    /** One sample of {@code name} for the connector and outcome, with its value. */
    static void assertSeries(
            String text, String name, String connector, String outcome, double value) {
        Pattern sample =
                Pattern.compile(
                        "(?m)^"
                                + name
                                + "\\{(?=[^}]*connector=\""
                                + Pattern.quote(connector)
                                + "\")(?=[^}]*outcome=\""
                                + outcome
                                + "\")[^}]*} (\\S+)$");
        java.util.regex.Matcher m = sample.matcher(text);
        assertTrue(m.find(), "no " + name + " for " + connector + "/" + outcome + " in\n" + text);
        assertEquals(value, Double.parseDouble(m.group(1)), m.group());
    }

    /**
     * {@code promtool check metrics} parses it (as node-exporter and the Pushgateway will), and
     * lints Tributary's meters clean.
     */
    static void promtoolAccepts(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("promtool", ".out");
        Process p =
                new ProcessBuilder("promtool", "check", "metrics")
                        .redirectInput(file.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool did not finish in 120 s");
        String output = Files.readString(out);
        Files.delete(out);
        // 1: the text does not parse; 3: it parses, with lint notes, which Camel's own meters draw
        // (camelCase labels, app_info without help) and Tributary's must not
        assertTrue(
                p.exitValue() == 0 || p.exitValue() == 3,
                "promtool check metrics exited " + p.exitValue() + "\n" + output);
        List<String> ours = output.lines().filter(l -> l.startsWith("tributary_")).toList();
        assertEquals(List.of(), ours, "promtool's notes on Tributary's meters");
    }
}
