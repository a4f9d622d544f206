package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.demo.RecordedRequest;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.demo.WeatherObservations;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.Faults;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The http-to-jdbc route template against the demo weather API on loopback and a real database: H2
 * here, PostgreSQL in {@link HttpToJdbcTemplateOnPostgresTest}. Each sync is triggered through a
 * direct: endpoint so the test waits for it to finish.
 */
class HttpToJdbcTemplateTest {
    static final String KEY = "test-key-8f3a";
    static final Instant NOW = Instant.parse("2026-11-20T12:00:30Z");
    static final int PAGE_SIZE = 100;

    final MutableClock clock = new MutableClock(NOW);
    final Faults faults = new Faults();
    WeatherApiServer api;
    Database db;
    ConnectorHarness tributary;

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                        clock);
        api.addFilter(faults);
        api.start();
        tributary =
                new ConnectorHarness(db)
                        .set("tributary.retry.max-redeliveries", "3")
                        .set("tributary.retry.initial-delay-ms", "10")
                        .set("tributary.retry.max-delay-ms", "50")
                        .set("tributary.http.max-retry-after", "5")
                        .set("weather.api-key", KEY)
                        .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        api.stop();
    }

    // ---- helpers ----

    /** Connector {@code weather} on the demo API's observations, with its key from a property. */
    ConnectorSpec weather() {
        return ConnectorSpec.named("weather")
                .url(api.baseUrl() + "/v1/observations")
                .auth("api-key-query")
                .authName("apikey")
                .authSecret("{{weather.api-key}}")
                .pageSize(PAGE_SIZE)
                .totalPagesPath("/total_pages")
                .recordsPath("/observations")
                .cursorParam("since")
                .schema("routes/weather-observations.schema.yaml")
                .table("weather_observations");
    }

    SyncOutcome sync() {
        return tributary.sync("weather");
    }

    WeatherObservations source() {
        return api.observations();
    }

    long rows() {
        return db.count("SELECT COUNT(*) FROM weather_observations");
    }

    long deadLetters() {
        return db.count("SELECT COUNT(*) FROM tributary_dead_letters");
    }

    /**
     * What the connector is served by its first {@code requests} requests when each page commits
     * and the next request asks from the new cursor (page 1 again): the well-formed records by id.
     */
    Map<String, ObjectNode> committedAfter(int requests) {
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        Instant cursor = null;
        for (int i = 0; i < requests; i++) {
            for (ObjectNode o :
                    source().page(cursor, clock.instant(), 1, PAGE_SIZE).observations()) {
                if (wellFormed(o)) {
                    rows.put(o.get("id").asText(), o);
                }
            }
            cursor = maxObservedAt(rows.values());
        }
        return rows;
    }

    static Instant maxObservedAt(java.util.Collection<ObjectNode> records) {
        return records.stream()
                .map(o -> Instant.parse(o.get("observed_at").asText()))
                .max(Instant::compareTo)
                .orElse(null);
    }

    static boolean wellFormed(ObjectNode o) {
        return o.get("temperature_c").isNumber();
    }

    List<RecordedRequest> observationRequests() {
        return api.requests().stream()
                .filter(r -> r.path().equals("/v1/observations"))
                .collect(Collectors.toList());
    }

    // ---- behaviour ----

    @Test
    void aFullSyncLoadsEveryWellFormedObservationAndDeadLettersTheRest() throws Exception {
        tributary.add(weather());
        long total = source().count(null, NOW);
        long malformed = source().malformedCount(null, NOW);
        assertTrue(malformed > 0, "the test window must contain malformed records");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(total - malformed, rows());
        assertEquals(malformed, deadLetters());
        assertTrue(
                outcome.recordsRead() >= total,
                "every record read at least once: " + outcome.summary());
        assertEquals(NOW.minusSeconds(30).toString(), db.cursor("weather"));
    }

    @Test
    void afterEachCommittedPageTheNextRequestAsksFromTheNewCursor() throws Exception {
        tributary.add(weather());

        SyncOutcome outcome = sync();

        List<RecordedRequest> requests = observationRequests();
        assertEquals(outcome.pages(), requests.size());
        assertEquals(
                null,
                requests.get(0).query().get("since"),
                "the first sync starts from the beginning");
        for (int i = 1; i < requests.size(); i++) {
            assertEquals("1", requests.get(i).query().get("page"));
            String previous = requests.get(i - 1).query().get("since");
            String since = requests.get(i).query().get("since");
            assertTrue(
                    previous == null || Instant.parse(since).isAfter(Instant.parse(previous)),
                    previous + " then " + since);
        }
        assertEquals(committedAfter(requests.size()).size(), rows());
    }

    @Test
    void mappedRowsKeepTheSourceValuesAndNestedFields() throws Exception {
        tributary.add(weather());
        sync();
        ObjectNode first = committedAfter(1).values().iterator().next();
        String id = first.get("id").asText();

        assertEquals(
                first.at("/station/id").asText(),
                db.single("SELECT station_id FROM weather_observations WHERE id = ?", id));
        assertEquals(
                0,
                first.get("temperature_c")
                        .decimalValue()
                        .compareTo(
                                (BigDecimal)
                                        db.single(
                                                "SELECT temperature_c FROM weather_observations WHERE id = ?",
                                                id)));
        assertEquals(
                0,
                first.at("/wind/speed_kmh")
                        .decimalValue()
                        .compareTo(
                                (BigDecimal)
                                        db.single(
                                                "SELECT wind_speed_kmh FROM weather_observations WHERE id = ?",
                                                id)));
    }

    @Test
    void aMalformedRecordIsDeadLetteredWithItsFieldValueAndReason() throws Exception {
        tributary.add(weather());
        sync();

        assertEquals(
                "temperature_c", db.single("SELECT DISTINCT field FROM tributary_dead_letters"));
        assertEquals("n/a", db.single("SELECT DISTINCT raw_value FROM tributary_dead_letters"));
        String reason = (String) db.single("SELECT MIN(reason) FROM tributary_dead_letters");
        assertTrue(reason.contains("not a valid decimal"), reason);
        String record = db.single("SELECT MIN(record) FROM tributary_dead_letters").toString();
        assertTrue(record.contains("\"observed_at\""), record);
    }

    @Test
    void theSecondSyncAsksOnlyForObservationsFromTheCursorOn() throws Exception {
        tributary.add(weather());
        sync();
        String cursor = db.cursor("weather");
        api.clearRequests();
        clock.advance(Duration.ofMinutes(30)); // three new reports from each of the 10 stations

        SyncOutcome second = sync();

        assertTrue(second.success(), second.summary());
        List<RecordedRequest> requests = observationRequests();
        assertEquals(1, requests.size(), "everything new fits on one page");
        assertEquals(cursor, requests.get(0).query().get("since"));
        assertEquals(source().count(Instant.parse(cursor), clock.instant()), second.recordsRead());
        assertEquals(
                source().count(null, clock.instant())
                        - source().malformedCount(null, clock.instant()),
                rows());
        assertEquals(clock.instant().minusSeconds(30).toString(), db.cursor("weather"));
    }

    @Test
    void aPageThatFailsUntilRetriesRunOutLeavesTheCursorAfterTheLastCommittedPage()
            throws Exception {
        tributary.add(weather());
        faults.answer(
                faults.fromObservationRequest(3), -1, 500, Map.of(), "{\"error\":\"internal\"}");

        SyncOutcome failed = sync();

        assertFalse(failed.success());
        assertTrue(failed.error().contains("HTTP 500"), failed.error());
        assertEquals(
                2 + 1 + 3,
                observationRequests().size(),
                "two good pages, then first try + 3 redeliveries");
        Map<String, ObjectNode> committed = committedAfter(2);
        assertEquals(committed.size(), rows());
        assertEquals(maxObservedAt(committed.values()).toString(), db.cursor("weather"));
        assertEquals(db.cursor("weather"), failed.cursor());

        faults.clear();
        SyncOutcome next = sync();

        assertTrue(next.success(), next.summary());
        assertEquals(source().count(null, NOW) - source().malformedCount(null, NOW), rows());
        assertEquals(source().malformedCount(null, NOW), deadLetters());
    }

    @Test
    void aServerErrorThatClearsUpIsRetriedAndTheSyncCompletes() throws Exception {
        tributary.add(weather());
        faults.answer(faults.fromObservationRequest(2), 2, 503, Map.of(), "");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                outcome.pages() + 2,
                observationRequests().size(),
                "two failed attempts, each retried");
        assertEquals(source().count(null, NOW) - source().malformedCount(null, NOW), rows());
    }

    @Test
    void a429WithRetryAfterIsWaitedOut() throws Exception {
        tributary.add(weather());
        List<Long> requestAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        faults.beforeEach(() -> requestAt.add(System.nanoTime()));
        faults.answer(
                faults.fromObservationRequest(2),
                1,
                429,
                Map.of("Retry-After", "1"),
                "{\"error\":\"rate_limited\"}");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        long waitedMs = (requestAt.get(2) - requestAt.get(1)) / 1_000_000;
        assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms of a 1 s Retry-After");
        assertTrue(
                waitedMs < 1700,
                "waited "
                        + waitedMs
                        + " ms: the Retry-After replaces the back-off, it is not added to it");
    }

    @Test
    void a429AskingForALongerWaitThanAllowedFailsTheRunWithTheReason() throws Exception {
        tributary.add(weather());
        faults.answer(
                faults.fromObservationRequest(1),
                -1,
                429,
                Map.of("Retry-After", "3600"),
                "{\"error\":\"quota_exceeded\"}");

        SyncOutcome outcome = sync();

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("HTTP 429")
                        && outcome.error().contains("Retry-After 3600 s"),
                outcome.error());
        assertEquals(1, observationRequests().size(), "no retry when the server asks for an hour");
    }

    @Test
    void aWrongApiKeyFailsAtOnceWithAClearMessageThatHidesTheKey() throws Exception {
        String wrongKey = "wrong-key-5521";
        tributary.add(weather().authSecret(wrongKey));
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = sync();
            assertTrue(
                    logs.linesContaining(wrongKey).isEmpty(),
                    "the key leaked into the log:\n" + logs.linesContaining(wrongKey));
            assertEquals(
                    1,
                    logs.linesContaining("sync connector=weather outcome=failed").size(),
                    logs.all());
        }

        assertFalse(outcome.success());
        assertEquals(1, observationRequests().size(), "a 401 is not retried");
        String error = outcome.error();
        assertTrue(error.contains("HTTP 401"), error);
        assertTrue(error.contains("/v1/observations?"), error);
        assertTrue(
                error.contains("apikey=****") || error.contains("apikey=xxxxxx"),
                error); // ours or Camel's mask
        assertTrue(error.contains("invalid_api_key"), error);
        assertFalse(error.contains(wrongKey), error);
        assertEquals(0, rows());
        assertNull(db.cursor("weather"));
    }

    @Test
    void aResponseThatIsNotJsonFailsTheRunAndKeepsTheCommittedPages() throws Exception {
        tributary.add(weather());
        faults.answer(
                faults.fromObservationRequest(2),
                -1,
                200,
                Map.of("Content-Type", "text/html"),
                "<html>maintenance</html>");

        SyncOutcome outcome = sync();

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("not valid JSON"), outcome.error());
        assertEquals(committedAfter(1).size(), rows());
    }

    @Test
    void aSourceThatIgnoresThePageParameterFailsTheRunInsteadOfLoopingForever() throws Exception {
        tributary.add(weather().totalPagesPath(""));
        String samePage =
                "{\"observations\":" + source().page(null, NOW, 1, PAGE_SIZE).observations() + "}";
        faults.answer(
                faults.fromObservationRequest(1),
                -1,
                200,
                Map.of("Content-Type", "application/json"),
                samePage);

        SyncOutcome outcome = sync();

        assertFalse(outcome.success());
        assertTrue(
                outcome.error()
                        .contains("returned the same " + PAGE_SIZE + " records as the page before"),
                outcome.error());
        assertTrue(observationRequests().size() <= 3, observationRequests().size() + " requests");
    }

    @Test
    void aTriggerWhileTheConnectorIsStillRunningIsSkipped() throws Exception {
        tributary.add(weather());
        java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        faults.beforeEach(
                () -> {
                    requested.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        Thread first = new Thread(() -> tributary.trigger("weather"));
        first.start();
        requested.await();

        try (LogCapture logs = LogCapture.open()) {
            tributary.trigger("weather"); // returns at once: skipped
            assertEquals(
                    1,
                    logs.linesContaining("connector=weather is still running its previous sync")
                            .size(),
                    logs.all());
        }
        release.countDown();
        first.join(30_000);

        assertEquals(source().count(null, NOW) - source().malformedCount(null, NOW), rows());
        assertTrue(sync().success(), "the next trigger after the run ended syncs as usual");
    }

    @Test
    void aKeyInAParameterCamelDoesNotKnowIsStillMasked() throws Exception {
        String key = "owm-key-9c41d2";
        tributary.add(weather().authName("appid").authSecret(key)); // the demo wants apikey: 401
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = sync();
            assertTrue(logs.linesContaining(key).isEmpty(), logs.all());
        }

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("appid=****"), outcome.error());
        assertFalse(outcome.error().contains(key), outcome.error());
    }

    @Test
    void aBadParameterStopsTheConnectorFromStartingAndNamesParameterAndValue() {
        Exception e =
                assertThrows(
                        Exception.class, () -> tributary.add(weather().with("pageSize", "lots")));

        String messages = messages(e);
        assertTrue(
                messages.contains("connector 'weather': parameter 'pageSize' value 'lots'"),
                messages);
    }

    @Test
    void aMissingSchemaFileIsReportedWithItsPath() {
        Exception e =
                assertThrows(
                        Exception.class,
                        () -> tributary.add(weather().schema("routes/nope.schema.yaml")));

        String messages = messages(e);
        assertTrue(
                messages.contains("parameter 'schema' value 'routes/nope.schema.yaml'"), messages);
        assertTrue(messages.contains("not found"), messages);
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
