package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page whose write fails on the pipelined sink's writer thread (H2 and PostgreSQL write pages
 * there while the next is fetched): the run fails, and the table, the dead letters and the cursor
 * are those of the pages before it. The demo weather API on loopback; the failure is the database's
 * own, a CHECK constraint the third page's rows break.
 */
class WriterThreadFailureTest {
    static final String KEY = "writer-key-5e1c";
    static final Instant NOW = Instant.parse("2026-11-20T12:00:30Z");
    static final int PAGE_SIZE = 100;
    // a name no other test's connector has: its writer thread is named after it
    static final String CONNECTOR = "weather-writer-fails";

    final MutableClock clock = new MutableClock(NOW);
    WeatherApiServer api;
    ConnectorHarness tributary;
    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        if (api != null) {
            api.stop();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void aPageThatFailsOnTheWriterThreadFailsTheRunWithTheCursorAtTheLastCommittedPage(String kind)
            throws Exception {
        Database db = kind.equals("h2-file") ? Database.h2File(dir) : Database.of(kind);
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                        clock);
        api.start();
        tributary =
                new ConnectorHarness(db)
                        .set("tributary.retry.max-redeliveries", "2")
                        .set("weather.api-key", KEY)
                        .start();
        tributary.add(
                ConnectorSpec.named(CONNECTOR)
                        .url(api.baseUrl() + "/v1/observations")
                        .auth("api-key-query")
                        .authName("apikey")
                        .authSecret("{{weather.api-key}}")
                        .pageSize(PAGE_SIZE)
                        .totalPagesPath("/total_pages")
                        .recordsPath("/observations")
                        .cursorParam("since")
                        .schema("routes/weather-observations.schema.yaml")
                        .table("weather_observations"));
        Map<String, ObjectNode> twoPages = committedAfter(2);
        Instant lastCommitted = maxObservedAt(twoPages);
        // the third page's rows are all later than the second's last: each attempt at it fails
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE weather_observations ADD CONSTRAINT no_third_page CHECK"
                            + " (observed_at <= TIMESTAMP WITH TIME ZONE '"
                            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX")
                                    .format(lastCommitted.atOffset(ZoneOffset.UTC))
                            + "')");
        }

        SyncOutcome failed = tributary.sync(CONNECTOR);

        assertFalse(failed.success(), failed.summary());
        assertTrue(
                failed.error().contains("Writing to table 'weather_observations' failed"),
                failed.error());
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("tributary-writer-" + CONNECTOR)),
                "the pages were written on the connector's writer thread");
        long malformed = twoPages.values().stream().filter(o -> !wellFormed(o)).count();
        assertEquals(twoPages.size() - malformed, rows(db), "the two committed pages' rows");
        assertEquals(
                malformed,
                db.count("SELECT COUNT(*) FROM tributary_dead_letters"),
                "their dead letters, no more");
        assertEquals(lastCommitted.toString(), db.cursor(CONNECTOR));
        assertEquals(lastCommitted.toString(), failed.cursor());

        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE weather_observations DROP CONSTRAINT no_third_page");
        }
        SyncOutcome next = tributary.sync(CONNECTOR);

        assertTrue(next.success(), next.summary());
        assertEquals(
                api.observations().count(null, NOW) - api.observations().malformedCount(null, NOW),
                rows(db));
        assertEquals(NOW.minusSeconds(30).toString(), db.cursor(CONNECTOR));
    }

    /** The records served by the first {@code requests} requests, each from the new cursor. */
    Map<String, ObjectNode> committedAfter(int requests) {
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        Instant cursor = null;
        for (int i = 0; i < requests; i++) {
            for (ObjectNode o : api.observations().page(cursor, NOW, 1, PAGE_SIZE).observations()) {
                records.put(o.get("id").asText(), o);
            }
            cursor = maxObservedAt(records);
        }
        return records;
    }

    static Instant maxObservedAt(Map<String, ObjectNode> records) {
        return records.values().stream()
                .map(o -> Instant.parse(o.get("observed_at").asText()))
                .max(Instant::compareTo)
                .orElseThrow();
    }

    static boolean wellFormed(ObjectNode o) {
        return o.get("temperature_c").isNumber();
    }

    static long rows(Database db) {
        return db.count("SELECT COUNT(*) FROM weather_observations");
    }
}
