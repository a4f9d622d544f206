package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.Tributary;
import io.tributary.demo.RecordedRequest;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (real child JVMs running Tributary) on one real PostgreSQL with {@code
 * tributary.cluster.enabled=true}: each firing of the connector's cron runs on one of them, and
 * when the replica running a sync is killed with SIGKILL the other one finishes it. Each replica
 * adds {@code node=a|b} to its requests (a static query parameter of the connector's URL), so the
 * demo API sees who asked.
 */
class ClusteredQuartzTest {
    static final String KEY = "cluster-test-key-77";
    static final String CONNECTOR = "weather-observations";
    static final int CRON_SECONDS = 5;
    static final int CHECKIN_MS = 1000;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T18:00:05Z"));
    final Arrivals arrivals = new Arrivals();
    final List<Process> children = new ArrayList<>();
    WeatherApiServer api;
    Database db;

    @TempDir Path dir;

    @BeforeEach
    void start() {
        // a day of reports every 10 minutes from 10 stations: 1,440 records, 3 pages of 500
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 100_000, Duration.ofMinutes(10), Duration.ofDays(1)),
                        clock);
        api.addFilter(arrivals);
        api.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process child : children) {
            child.destroy();
        }
        for (Process child : children) {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        api.stop();
    }

    @Test
    void twoReplicasRunEachScheduledSyncOnceAndTheSurvivorFinishesASyncWhoseReplicaWasKilled()
            throws Exception {
        db = Database.postgres();
        Map<String, Process> nodes = Map.of("a", startNode("a"), "b", startNode("b"));

        // the first firing loads the day of history
        awaitUntil(
                Duration.ofSeconds(90),
                () -> rows() == expectedRows() && cursorIsLatest(),
                "the first sync to load every record");

        // quiet source: every firing is one request (the records at the cursor), made by one
        // replica
        arrivals.clear();
        Thread.sleep(TimeUnit.SECONDS.toMillis(3 * CRON_SECONDS + 2));
        List<Arrival> quiet = arrivals.snapshot();
        Map<Long, List<Arrival>> bySlot =
                quiet.stream()
                        .collect(Collectors.groupingBy(a -> a.at.getEpochSecond() / CRON_SECONDS));
        assertTrue(
                bySlot.size() >= 3,
                "at least 3 firings in " + (3 * CRON_SECONDS + 2) + " s: " + quiet);
        bySlot.forEach(
                (slot, inSlot) ->
                        assertEquals(
                                1,
                                inSlot.size(),
                                "one sync per firing, on one replica: " + inSlot));
        assertEquals(expectedRows(), rows());

        // a busy source and slow pages: kill the replica in the middle of its sync
        arrivals.delay = Duration.ofMillis(700);
        String cursorBefore = db.cursor(CONNECTOR);
        long rowsBefore = rows();
        arrivals.clear();
        clock.advance(
                Duration.ofDays(
                        4)); // 5,760 new records: 12 pages when each committed page re-anchors
        // the first request that asks from a moved cursor belongs to the sync of the new records
        awaitUntil(
                Duration.ofSeconds(60),
                () -> arrivals.snapshot().stream().anyMatch(a -> !cursorBefore.equals(a.since)),
                "a sync of the new records to commit a page");
        Arrival moved =
                arrivals.snapshot().stream()
                        .filter(a -> !cursorBefore.equals(a.since))
                        .findFirst()
                        .orElseThrow();
        String active = moved.node;
        String survivor = active.equals("a") ? "b" : "a";
        Arrival begun =
                arrivals.from(active).stream()
                        .filter(a -> a.at.isBefore(moved.at))
                        .reduce((x, y) -> y)
                        .orElseThrow();
        // let the sync outlast a firing of the cron: the firing must not start a second run on the
        // other replica
        Instant pastNextFiring = begun.at.plusSeconds(CRON_SECONDS + 1);
        awaitUntil(
                Duration.ofSeconds(60),
                () -> arrivals.from(active).stream().anyMatch(a -> a.at.isAfter(pastNextFiring)),
                "replica " + active + "'s sync to outlast a firing");
        assertTrue(
                arrivals.from(survivor).stream().noneMatch(a -> a.at.isAfter(begun.at)),
                "no second run on replica "
                        + survivor
                        + " while "
                        + active
                        + " syncs: "
                        + arrivals.snapshot());
        for (String node :
                nodes.keySet()) { // Quartz held the firing back: the in-process guard was not
            // needed
            assertFalse(
                    Files.readString(Path.of("target/cluster-node-" + node + ".log"))
                            .contains("is still running its previous sync"));
        }
        Instant killed = Instant.now();
        nodes.get(active).destroyForcibly(); // SIGKILL
        nodes.get(active).waitFor(30, TimeUnit.SECONDS);
        long rowsAtKill = rows();
        assertTrue(
                rowsAtKill > rowsBefore && rowsAtKill < expectedRows(),
                "killed mid-sync with " + rowsAtKill + " of " + expectedRows() + " rows");

        awaitUntil(
                Duration.ofSeconds(90),
                () -> arrivals.from(survivor).stream().anyMatch(a -> a.at.isAfter(killed)),
                "replica " + survivor + " to take over");
        Instant takenOver =
                arrivals.from(survivor).stream()
                        .filter(a -> a.at.isAfter(killed))
                        .findFirst()
                        .orElseThrow()
                        .at;
        awaitUntil(
                Duration.ofSeconds(90),
                () -> rows() == expectedRows() && cursorIsLatest(),
                "replica " + survivor + " to finish the sync");

        assertEquals(expectedRows(), rows());
        assertEquals(
                api.observations().malformedCount(null, clock.instant()),
                db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertTrue(
                arrivals.snapshot().stream()
                        .filter(a -> a.at.isAfter(killed))
                        .allMatch(a -> a.node.equals(survivor)),
                "after the kill only the survivor asks");
        Duration failover = Duration.between(killed, takenOver);
        System.out.println(
                "cluster failover: replica "
                        + active
                        + " killed, replica "
                        + survivor
                        + " asked again after "
                        + failover.toMillis()
                        + " ms (check-in interval "
                        + CHECKIN_MS
                        + " ms); rows at kill "
                        + rowsAtKill
                        + ", final "
                        + rows());
        assertTrue(failover.compareTo(Duration.ofSeconds(60)) < 0, "failover took " + failover);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "refused on {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "duckdb"})
    void clusteringNeedsPostgresql(String kind) {
        String url =
                kind.equals("h2") ? "jdbc:h2:mem:cluster;DB_CLOSE_DELAY=-1" : Database.duckdb().url;
        try (LogCapture logs = LogCapture.open()) {
            int exit =
                    new Tributary()
                            .run(
                                    "--tributary.cluster.enabled=true",
                                    "--tributary.demo.enabled=false",
                                    "--tributary.db.url=" + url,
                                    "--camel.main.routes-include-pattern=file:routes/weather-stations.camel.xml");

            assertEquals(Tributary.BAD_USAGE, exit);
            assertTrue(
                    logs.all()
                            .contains(
                                    "setting 'tributary.cluster.enabled' value 'true': needs a PostgreSQL target database"),
                    logs.all());
        }
    }

    @Test
    void aTimerScheduleIsRefusedInAClusterBecauseItWouldFireOnEveryReplica() {
        db = Database.postgres();
        try (LogCapture logs = LogCapture.open()) {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--tributary.cluster.enabled=true",
                                    "--tributary.demo.enabled=false",
                                    "--camel.main.routes-include-pattern=file:routes/weather-observations.camel.yaml"));
            args.addAll(db.options());
            int exit = new Tributary().run(args.toArray(String[]::new));

            assertEquals(Tributary.BAD_USAGE, exit);
            assertTrue(
                    logs.all()
                            .contains(
                                    "routes/weather-observations.camel.yaml: connector 'weather-observations': "
                                            + "parameter 'schedule' value 'timer:weather-observations?period=120000': a timer fires on every replica"),
                    logs.all());
        }
    }

    Process startNode(String node) throws IOException {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(
                routes.resolve(CONNECTOR + ".camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector,      value: " + CONNECTOR + "}",
                        "      - {name: schedule,       value: \"quartz:tributary/"
                                + CONNECTOR
                                + "?cron=0/"
                                + CRON_SECONDS
                                + "+*+*+*+*+?\"}",
                        "      - {name: url,            value: \"{{weather.base-url}}/v1/observations?node={{test.node}}\"}",
                        "      - {name: auth,           value: api-key-query}",
                        "      - {name: authName,       value: apikey}",
                        "      - {name: authSecret,     value: \"{{weather.api-key}}\"}",
                        "      - {name: pageSize,       value: \"500\"}",
                        "      - {name: totalPagesPath, value: /total_pages}",
                        "      - {name: recordsPath,    value: /observations}",
                        "      - {name: cursorParam,    value: since}",
                        "      - {name: schema,         value: routes/weather-observations.schema.yaml}",
                        "      - {name: table,          value: weather_observations}",
                        ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Tributary.class.getName(),
                        "--tributary.demo.enabled=false",
                        "--weather.base-url=" + api.baseUrl(),
                        "--camel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml",
                        "--tributary.cluster.checkin-interval-ms=" + CHECKIN_MS,
                        "--test.node=" + node);
        pb.environment().put("TRIBUTARY_CLUSTER_ENABLED", "true");
        pb.environment().put("TRIBUTARY_DB_URL", db.url);
        pb.environment().put("TRIBUTARY_DB_USER", db.user);
        pb.environment().put("TRIBUTARY_DB_PASSWORD", db.password);
        pb.environment().put("WEATHER_API_KEY", KEY);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/cluster-node-" + node + ".log"));
        Process p = pb.start();
        children.add(p);
        return p;
    }

    long expectedRows() {
        return api.observations().count(null, clock.instant())
                - api.observations().malformedCount(null, clock.instant());
    }

    boolean cursorIsLatest() {
        return clock.instant().minusSeconds(5).toString().equals(db.cursor(CONNECTOR));
    }

    long rows() {
        return db.tableExists("weather_observations")
                ? db.count("SELECT COUNT(*) FROM weather_observations")
                : 0;
    }

    void awaitUntil(Duration timeout, BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            for (Process child : children) {
                if (!child.isAlive() && child.exitValue() != 137 && child.exitValue() != 143) {
                    throw new AssertionError(
                            "a replica ended by itself (exit "
                                    + child.exitValue()
                                    + "); see target/cluster-node-*.log");
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "waited "
                        + timeout
                        + " for "
                        + what
                        + "; requests: "
                        + arrivals.snapshot()
                        + "; see target/cluster-node-*.log");
    }

    /** One request as the API saw it: when, from which replica, asking from which cursor. */
    static final class Arrival {
        final Instant at;
        final String node;
        final String since;

        Arrival(Instant at, String node, String since) {
            this.at = at;
            this.node = node;
            this.since = since == null ? "" : since;
        }

        @Override
        public String toString() {
            return at + " " + node + " since=" + since;
        }
    }

    /** Records each request of the observations endpoint and can slow pages down. */
    static final class Arrivals extends Filter {
        private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        volatile Duration delay = Duration.ZERO;

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            RecordedRequest r = RecordedRequest.of(exchange);
            if (r.path().endsWith("/observations")) {
                arrivals.add(
                        new Arrival(Instant.now(), r.query().get("node"), r.query().get("since")));
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            chain.doFilter(exchange);
        }

        List<Arrival> snapshot() {
            return List.copyOf(arrivals);
        }

        List<Arrival> from(String node) {
            return arrivals.stream().filter(a -> node.equals(a.node)).collect(Collectors.toList());
        }

        void clear() {
            arrivals.clear();
        }

        @Override
        public String description() {
            return "records requests";
        }
    }
}
