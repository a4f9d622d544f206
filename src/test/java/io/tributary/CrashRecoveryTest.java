package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * SIGKILL in the middle of a sync, then start again: the table ends with exactly the source's
 * records, no gap and no duplicate. The first run is a separate JVM (so it can really be killed)
 * configured through environment variables, as a container would be.
 */
class CrashRecoveryTest {
    static final String KEY = "crash-test-key-31";
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T18:00:05Z"));
    WeatherApiServer api;
    Database db;

    @TempDir Path dir;

    @BeforeEach
    void start() {
        // a week of reports every 10 minutes from 10 stations: 10,080 records, 21 pages of 500
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofDays(7)),
                        clock);
        api.addFilter(new SlowPages(Duration.ofMillis(150)));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    /** The demo connector as shipped (Kamelets), and as a templatedRoute of http-to-jdbc. */
    static final String KAMELETS = "routes/weather-observations.camel.yaml";

    static final String TEMPLATED =
            "src/test/resources/routes-templated/weather-observations.camel.yaml";

    String routeFile = KAMELETS;

    @ParameterizedTest(name = "on {0}, {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "postgresql, " + KAMELETS,
        "h2-file, " + KAMELETS,
        "postgresql, " + TEMPLATED,
        "h2-file, " + TEMPLATED
    })
    void aSyncKilledMidwayTwiceAndRunAgainEndsWithExactlyTheSourceRecords(
            String kind, String routes) throws Exception {
        db = kind.equals("postgresql") ? Database.postgres() : Database.h2File(dir);
        routeFile = routes;
        long expected =
                api.observations().count(null, clock.instant())
                        - api.observations().malformedCount(null, clock.instant());
        long before = 0;
        for (int killAfter :
                new int[] {4, 12}) { // two kills at different points, each resuming the last
            Process child = startChild();
            try {
                awaitRequests(killAfter, child);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback courtesy
                child.waitFor(30, TimeUnit.SECONDS);
            }
            long afterKill = rows();
            assertTrue(
                    afterKill > before && afterKill < expected,
                    "killed mid-sync with " + afterKill + " of " + expected + " rows");
            assertTrue(
                    db.cursor("weather-observations") != null,
                    "the committed pages moved the cursor");
            // pages write on a thread of their own (PipelinedSink): what survived the kill is still
            // exactly the records up to the committed cursor, rows and dead letters
            Instant cursor = Instant.parse(db.cursor("weather-observations"));
            long deadLetters = api.observations().malformedCount(null, cursor);
            assertEquals(api.observations().count(null, cursor) - deadLetters, afterKill);
            assertEquals(deadLetters, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
            before = afterKill;
        }

        int exit = new Tributary().run(options().toArray(String[]::new));

        assertEquals(Tributary.OK, exit);
        assertEquals(expected, rows());
        assertEquals(
                api.observations().malformedCount(null, clock.instant()),
                db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(clock.instant().minusSeconds(5).toString(), db.cursor("weather-observations"));
    }

    List<String> options() {
        return List.of(
                "--once",
                "--tributary.demo.enabled=false",
                "--weather.base-url=" + api.baseUrl(),
                "--camel.main.routes-include-pattern=file:" + routeFile,
                "--tributary.db.url=" + db.url,
                "--tributary.db.user=" + db.user,
                "--tributary.db.password=" + db.password,
                "--weather.api-key=" + KEY);
    }

    Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Tributary.class.getName(),
                        "--once",
                        "--tributary.demo.enabled=false",
                        "--weather.base-url=" + api.baseUrl(),
                        "--camel.main.routes-include-pattern=file:" + routeFile);
        // settings from the environment, over application.properties, as in a container
        pb.environment().put("TRIBUTARY_DB_URL", db.url);
        pb.environment().put("TRIBUTARY_DB_USER", db.user);
        pb.environment().put("TRIBUTARY_DB_PASSWORD", db.password);
        pb.environment().put("WEATHER_API_KEY", KEY);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/crash-recovery-child.log"));
        return pb.start();
    }

    /**
     * Waits until the child has asked for {@code n} more pages. Watches the API, not the database:
     * an embedded H2 file belongs to the one process that has it open.
     */
    void awaitRequests(int n, Process child) throws InterruptedException {
        api.clearRequests();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the first run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/crash-recovery-child.log");
            }
            if (api.requests().size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the first run never asked for "
                        + n
                        + " pages; see target/crash-recovery-child.log");
    }

    long rows() {
        return db.count("SELECT COUNT(*) FROM weather_observations");
    }

    /** Slows each page down so the kill lands in the middle of a sync. */
    static final class SlowPages extends Filter {
        private final Duration delay;

        SlowPages(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "slow pages";
        }
    }
}
