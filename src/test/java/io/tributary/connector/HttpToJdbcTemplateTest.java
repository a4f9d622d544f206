package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.TributaryBeans;
import io.tributary.demo.RecordedRequest;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.demo.WeatherObservations;
import io.tributary.http.ConnectorErrorPolicy;
import io.tributary.support.Database;
import io.tributary.support.Faults;
import io.tributary.support.LogCapture;
import io.tributary.support.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The http-to-jdbc route template against the demo weather API on loopback and a real database:
 * H2 here, PostgreSQL in {@link HttpToJdbcTemplateOnPostgresTest}. Each sync is triggered through
 * a direct: endpoint so the test waits for it to finish.
 */
class HttpToJdbcTemplateTest extends CamelTestSupport {
    static final String KEY = "test-key-8f3a";
    static final Instant NOW = Instant.parse("2026-11-20T12:00:30Z");
    static final int PAGE_SIZE = 100;

    final MutableClock clock = new MutableClock(NOW);
    final Faults faults = new Faults();
    WeatherApiServer api;
    Database db;
    HikariDataSource dataSource;

    Database newDatabase() {
        return Database.h2();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        db = newDatabase();
        api = new WeatherApiServer(new WeatherApiSettings(0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)), clock);
        api.addFilter(faults);
        api.start();
        CamelContext context = super.createCamelContext();
        Properties p = new Properties();
        p.setProperty("tributary.db.url", db.url);
        p.setProperty("tributary.db.user", db.user);
        p.setProperty("tributary.db.password", db.password);
        p.setProperty("tributary.retry.max-redeliveries", "3");
        p.setProperty("tributary.retry.initial-delay-ms", "10");
        p.setProperty("tributary.retry.max-delay-ms", "50");
        p.setProperty("tributary.http.max-retry-after", "5");
        p.setProperty("weather.api-key", KEY);
        context.getPropertiesComponent().setOverrideProperties(p);
        dataSource = TributaryBeans.bind(context);
        return context;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ConnectorErrorPolicy(), new HttpToJdbcTemplate()};
    }

    @AfterEach
    void closeServerAndPool() {
        api.stop();
        dataSource.close();
    }

    // ---- helpers ----

    void addConnector(Map<String, String> changes) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector", "weather");
        p.put("schedule", "direct:weather");
        p.put("url", api.baseUrl() + "/v1/observations");
        p.put("auth", "api-key-query");
        p.put("authName", "apikey");
        p.put("authSecret", "{{weather.api-key}}");
        p.put("pageSize", String.valueOf(PAGE_SIZE));
        p.put("totalPagesPath", "/total_pages");
        p.put("recordsPath", "/observations");
        p.put("cursorParam", "since");
        p.put("schema", "routes/weather-observations.schema.yaml");
        p.put("table", "weather_observations");
        p.putAll(changes);
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, HttpToJdbcTemplate.ID).routeId("weather");
        p.forEach(builder::parameter);
        builder.add();
    }

    SyncOutcome sync() {
        template.sendBody("direct:weather", null);
        return context.getRegistry().lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest("weather").orElseThrow();
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

    /** The observations the source serves on pages 1..n (of PAGE_SIZE), as the connector sees them. */
    List<ObjectNode> firstPages(int n) {
        List<ObjectNode> all = new ArrayList<>();
        for (int page = 1; page <= n; page++) {
            all.addAll(source().page(null, clock.instant(), page, PAGE_SIZE).observations());
        }
        return all;
    }

    static boolean wellFormed(ObjectNode o) {
        return o.get("temperature_c").isNumber();
    }

    List<RecordedRequest> observationRequests() {
        return api.requests().stream().filter(r -> r.path().equals("/v1/observations")).collect(Collectors.toList());
    }

    // ---- behaviour ----

    @Test
    void aFullSyncLoadsEveryWellFormedObservationAndDeadLettersTheRest() throws Exception {
        addConnector(Map.of());
        long total = source().count(null, NOW);
        long malformed = source().malformedCount(null, NOW);
        assertTrue(malformed > 0, "the test window must contain malformed records");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(total, outcome.recordsRead());
        assertEquals(total - malformed, rows());
        assertEquals(malformed, deadLetters());
        assertEquals((total + PAGE_SIZE - 1) / PAGE_SIZE, outcome.pages());
        Instant last = Instant.parse(firstPages(outcome.pages()).get((int) total - 1).get("observed_at").asText());
        assertEquals(last.toString(), db.cursor("weather"));
    }

    @Test
    void mappedRowsKeepTheSourceValuesAndNestedFields() throws Exception {
        addConnector(Map.of());
        sync();
        ObjectNode first = firstPages(1).stream().filter(HttpToJdbcTemplateTest::wellFormed).findFirst().orElseThrow();
        String id = first.get("id").asText();

        assertEquals(first.at("/station/id").asText(),
                db.single("SELECT station_id FROM weather_observations WHERE id = ?", id));
        assertEquals(0, first.get("temperature_c").decimalValue().compareTo(
                (BigDecimal) db.single("SELECT temperature_c FROM weather_observations WHERE id = ?", id)));
        assertEquals(0, first.at("/wind/speed_kmh").decimalValue().compareTo(
                (BigDecimal) db.single("SELECT wind_speed_kmh FROM weather_observations WHERE id = ?", id)));
    }

    @Test
    void aMalformedRecordIsDeadLetteredWithItsFieldValueAndReason() throws Exception {
        addConnector(Map.of());
        sync();

        assertEquals("temperature_c", db.single("SELECT DISTINCT field FROM tributary_dead_letters"));
        assertEquals("n/a", db.single("SELECT DISTINCT raw_value FROM tributary_dead_letters"));
        String reason = (String) db.single("SELECT MIN(reason) FROM tributary_dead_letters");
        assertTrue(reason.contains("not a valid decimal"), reason);
        String record = db.single("SELECT MIN(record) FROM tributary_dead_letters").toString();
        assertTrue(record.contains("\"observed_at\""), record);
    }

    @Test
    void theSecondSyncAsksOnlyForObservationsFromTheCursorOn() throws Exception {
        addConnector(Map.of());
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
        assertEquals(source().count(null, clock.instant()) - source().malformedCount(null, clock.instant()), rows());
        assertEquals(clock.instant().minusSeconds(30).toString(), db.cursor("weather"));
    }

    @Test
    void aPageThatFailsUntilRetriesRunOutLeavesTheCursorAfterTheLastCommittedPage() throws Exception {
        addConnector(Map.of());
        faults.answer(Faults.page(3), -1, 500, Map.of(), "{\"error\":\"internal\"}");

        SyncOutcome failed = sync();

        assertFalse(failed.success());
        assertTrue(failed.error().contains("page 3") && failed.error().contains("HTTP 500"), failed.error());
        assertEquals(1 + 3, observationRequests().stream().filter(Faults.page(3)).count(), "first try + 3 redeliveries");
        List<ObjectNode> committed = firstPages(2);
        assertEquals(committed.stream().filter(HttpToJdbcTemplateTest::wellFormed).count(), rows());
        String expectedCursor = committed.stream().filter(HttpToJdbcTemplateTest::wellFormed)
                .map(o -> Instant.parse(o.get("observed_at").asText())).max(Instant::compareTo).orElseThrow().toString();
        assertEquals(expectedCursor, db.cursor("weather"));
        assertEquals(expectedCursor, failed.cursor());

        faults.clear();
        SyncOutcome next = sync();

        assertTrue(next.success(), next.summary());
        assertEquals(source().count(null, NOW) - source().malformedCount(null, NOW), rows());
        assertEquals(source().malformedCount(null, NOW), deadLetters());
    }

    @Test
    void aServerErrorThatClearsUpIsRetriedAndTheSyncCompletes() throws Exception {
        addConnector(Map.of());
        faults.answer(Faults.page(2), 2, 503, Map.of(), "");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(3, observationRequests().stream().filter(Faults.page(2)).count());
        assertEquals(source().count(null, NOW) - source().malformedCount(null, NOW), rows());
    }

    @Test
    void a429WithRetryAfterIsWaitedOut() throws Exception {
        addConnector(Map.of());
        List<Long> page2At = new ArrayList<>();
        faults.answer(r -> {
            if (Faults.page(2).test(r)) {
                page2At.add(System.nanoTime());
                return true;
            }
            return false;
        }, 1, 429, Map.of("Retry-After", "1"), "{\"error\":\"rate_limited\"}");

        SyncOutcome outcome = sync();

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2, page2At.size());
        long waitedMs = (page2At.get(1) - page2At.get(0)) / 1_000_000;
        assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms of a 1 s Retry-After");
    }

    @Test
    void a429AskingForALongerWaitThanAllowedFailsTheRunWithTheReason() throws Exception {
        addConnector(Map.of());
        faults.answer(Faults.page(1), -1, 429, Map.of("Retry-After", "3600"), "{\"error\":\"quota_exceeded\"}");

        SyncOutcome outcome = sync();

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("HTTP 429") && outcome.error().contains("Retry-After 3600 s"), outcome.error());
        assertEquals(1, observationRequests().size(), "no retry when the server asks for an hour");
    }

    @Test
    void aWrongApiKeyFailsAtOnceWithAClearMessageThatHidesTheKey() throws Exception {
        String wrongKey = "wrong-key-5521";
        addConnector(Map.of("authSecret", wrongKey));
        SyncOutcome outcome;
        try (LogCapture logs = LogCapture.open()) {
            outcome = sync();
            assertTrue(logs.linesContaining(wrongKey).isEmpty(), "the key leaked into the log:\n" + logs.linesContaining(wrongKey));
            assertEquals(1, logs.linesContaining("sync connector=weather outcome=failed").size(), logs.all());
        }

        assertFalse(outcome.success());
        assertEquals(1, observationRequests().size(), "a 401 is not retried");
        String error = outcome.error();
        assertTrue(error.contains("HTTP 401"), error);
        assertTrue(error.contains("/v1/observations?"), error);
        assertTrue(error.contains("apikey=****") || error.contains("apikey=xxxxxx"), error); // ours or Camel's mask
        assertTrue(error.contains("invalid_api_key"), error);
        assertFalse(error.contains(wrongKey), error);
        assertEquals(0, rows());
        assertNull(db.cursor("weather"));
    }

    @Test
    void aResponseThatIsNotJsonFailsTheRunAndKeepsTheCommittedPages() throws Exception {
        addConnector(Map.of());
        faults.answer(Faults.page(2), -1, 200, Map.of("Content-Type", "text/html"), "<html>maintenance</html>");

        SyncOutcome outcome = sync();

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("not valid JSON"), outcome.error());
        assertEquals(firstPages(1).stream().filter(HttpToJdbcTemplateTest::wellFormed).count(), rows());
    }

    @Test
    void aBadParameterStopsTheConnectorFromStartingAndNamesParameterAndValue() {
        Exception e = assertThrows(Exception.class, () -> addConnector(Map.of("pageSize", "lots")));

        String messages = messages(e);
        assertTrue(messages.contains("connector 'weather': parameter 'pageSize' value 'lots'"), messages);
    }

    @Test
    void aMissingSchemaFileIsReportedWithItsPath() {
        Exception e = assertThrows(Exception.class, () -> addConnector(Map.of("schema", "routes/nope.schema.yaml")));

        String messages = messages(e);
        assertTrue(messages.contains("parameter 'schema' value 'routes/nope.schema.yaml'"), messages);
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
