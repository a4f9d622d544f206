package io.tributary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.Tributary;
import io.tributary.demo.WeatherApiServer;
import io.tributary.demo.WeatherApiSettings;
import io.tributary.support.Chromium;
import io.tributary.support.Database;
import io.tributary.support.Faults;
import io.tributary.support.FreePort;
import io.tributary.support.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tributary running as in production (scheduled, management server on), against the demo API with a
 * connector whose four syncs have known outcomes: three refused (401), then one that meets a 429
 * with {@code Retry-After: 1}, retries and succeeds. The test looks at health, the status page in a
 * real headless Chromium, the webhook receiver and the Prometheus scrape at the two moments that
 * matter: after the third failure (the fourth sync held at its first request) and after the
 * success; a real Prometheus scrapes it throughout, and the Grafana dashboard's queries run on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringTest {
    static final String KEY = "monitoring-key-5521";
    static final Path ARTEFACTS = Path.of("target", "status-page");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T06:00:10Z"));
    final Faults faults = new Faults();
    final CountDownLatch releaseFourthSync = new CountDownLatch(1);
    final AtomicInteger observationRequests = new AtomicInteger();
    final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    final AtomicInteger webhookCalls = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    final Database db = Database.h2();
    WeatherApiServer api;
    HttpServer webhook;
    Tributary tributary;
    Thread running;
    int port;
    long startedEpochSeconds;

    // what the scenario saw
    HttpResponse<String> healthWhileFailing;
    HttpResponse<String> healthAfterRecovery;
    String domWhileFailing;
    String domAfterRecovery;
    Map<String, Double> scrape;
    String scrapeText;
    String successSummary;

    @BeforeAll
    void runTheScenario(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        api =
                new WeatherApiServer(
                        new WeatherApiSettings(
                                0, KEY, 1000, Duration.ofMinutes(10), Duration.ofHours(24)),
                        clock);
        api.addFilter(
                new Filter() { // counts, holds the fourth sync, and reports a quota like GitHub's
                    // X-RateLimit-*
                    @Override
                    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                        if (exchange.getRequestURI().getPath().equals("/v1/observations")
                                && observationRequests.incrementAndGet() == 4) {
                            try {
                                releaseFourthSync.await(120, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            faults.answer(
                                    r -> r.path().equals("/v1/observations"),
                                    1,
                                    429,
                                    Map.of("Retry-After", "1"),
                                    "{\"error\":\"slow_down\"}");
                        }
                        exchange.getResponseHeaders().set("X-RateLimit-Limit", "1000");
                        exchange.getResponseHeaders()
                                .set(
                                        "X-RateLimit-Remaining",
                                        Integer.toString(1000 - observationRequests.get()));
                        chain.doFilter(exchange);
                    }

                    @Override
                    public String description() {
                        return "scenario";
                    }
                });
        api.addFilter(faults);
        faults.answer(
                faults.fromObservationRequest(1),
                3,
                401,
                Map.of(),
                "{\"error\":\"invalid_api_key\"}");
        api.start();

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext(
                "/hook",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    int status =
                            webhookCalls.incrementAndGet() == 1
                                    ? 500
                                    : 200; // the first delivery must be retried
                    if (status == 200) {
                        webhookBodies.add(body);
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        webhook.start();

        Files.writeString(
                dir.resolve("obs.camel.yaml"),
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: obs}",
                        "      - {name: schedule, value: \"timer:obs?period=100&repeatCount=4&delay=10\"}",
                        "      - {name: url, value: \"{{weather.base-url}}/v1/observations\"}",
                        "      - {name: auth, value: api-key-query}",
                        "      - {name: authName, value: apikey}",
                        "      - {name: authSecret, value: \"{{weather.api-key}}\"}",
                        "      - {name: pageSize, value: \"100\"}",
                        "      - {name: totalPagesPath, value: /total_pages}",
                        "      - {name: recordsPath, value: /observations}",
                        "      - {name: cursorParam, value: since}",
                        "      - {name: schema, value: routes/weather-observations.schema.yaml}",
                        "      - {name: table, value: obs}",
                        "      - {name: rateLimit, value: obs-api}",
                        ""));
        port = FreePort.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--tributary.demo.enabled=false",
                                "--weather.base-url=" + api.baseUrl(),
                                "--weather.api-key=" + KEY,
                                "--camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml",
                                "--camel.management.port=" + port,
                                "--camel.management.host=127.0.0.1",
                                "--tributary.health.max-failures=3",
                                "--tributary.ratelimit.obs-api.per-day=1000",
                                "--tributary.retry.initial-delay-ms=10",
                                "--tributary.http.max-retry-after=5",
                                "--tributary.notify.webhook-url=http://127.0.0.1:"
                                        + webhook.getAddress().getPort()
                                        + "/hook",
                                "--tributary.notify.backoff-ms=50"));
        args.addAll(db.options());
        prometheus =
                io.tributary.support.PrometheusServer.scraping(
                        port, Files.createDirectories(dir.resolve("prometheus")));
        startedEpochSeconds = Instant.now().getEpochSecond();
        logs = io.tributary.support.LogCapture.open();
        tributary = new Tributary();
        running =
                new Thread(
                        () -> tributary.run(args.toArray(String[]::new)), "tributary-under-test");
        running.start();

        healthWhileFailing =
                await(
                        "the connector's check DOWN after three failed syncs",
                        () -> {
                            HttpResponse<String> r = get("/observe/health/ready");
                            return r != null
                                            && r.body().contains("connector:obs")
                                            && r.body().contains("DOWN")
                                    ? r
                                    : null;
                        });
        domWhileFailing = Chromium.dumpDom(url("/observe/status"));
        Chromium.screenshot(url("/observe/status"), ARTEFACTS.resolve("status-down.png"));
        await("the failure notification", () -> webhookBodies.isEmpty() ? null : true);

        // Prometheus has a sample from before the success, so increase() can count it: a counter's
        // first sample is its baseline, and a first scrape after the success would count nothing
        await("Prometheus scraped the connector before its successful sync", () -> scraped("0"));
        releaseFourthSync.countDown();
        healthAfterRecovery =
                await(
                        "the connector's check UP after a successful sync",
                        () -> {
                            HttpResponse<String> r = get("/observe/health/ready");
                            return r != null && r.statusCode() == 200 ? r : null;
                        });
        await("the recovery notification", () -> webhookBodies.size() >= 2 ? true : null);
        domAfterRecovery = Chromium.dumpDom(url("/observe/status"));
        Chromium.screenshot(url("/observe/status"), ARTEFACTS.resolve("status-up.png"));
        await("Prometheus scraped the successful sync", () -> scraped("1"));
        Thread.sleep(2_000); // two more scrapes, so every rate() has two samples after the sync
        connectorValues = prometheus.labelValues("connector", "tributary_syncs_total");
        for (MonitoringFiles.PanelQuery q :
                MonitoringFiles.dashboardQueries(DashboardQueriesTest.DASHBOARD)) {
            panels.put(q, prometheus.query(grafana(q.expr(), connectorValues)));
        }
        scrapeText = get("/observe/metrics").body();
        scrape = parse(scrapeText);
        successSummary = logs.linesContaining("sync connector=obs outcome=success").get(0);
        logs.close();
    }

    io.tributary.support.LogCapture logs;
    io.tributary.support.PrometheusServer prometheus;
    JsonNode connectorValues;
    final Map<MonitoringFiles.PanelQuery, JsonNode> panels = new java.util.LinkedHashMap<>();

    /** True once Prometheus holds the connector's success count at {@code value}, else null. */
    Boolean scraped(String value) {
        try {
            JsonNode r =
                    prometheus.query(
                            "tributary_syncs_total{job=\"tributary\",connector=\"obs\",outcome=\"success\"} == "
                                    + value);
            return r.path("data").path("result").size() > 0 ? true : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A panel's query as Grafana sends it: {@code $connector} (multi-value, "All") as the regex of
     * the variable's values, the ranges as a 10-minute dashboard on a 1 s scrape would give them.
     */
    static String grafana(String expr, JsonNode connectorValues) {
        List<String> values = new ArrayList<>();
        connectorValues.path("data").forEach(v -> values.add(v.asText()));
        return expr.replace("$connector", "(" + String.join("|", values) + ")")
                .replace("$__range", "10m")
                .replace("$__rate_interval", "15s");
    }

    /** A number from the success summary line, e.g. "written". */
    long summary(String field) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(" " + field + "=(\\d+)").matcher(successSummary);
        assertTrue(m.find(), successSummary);
        return Long.parseLong(m.group(1));
    }

    @AfterAll
    void stop() throws InterruptedException {
        releaseFourthSync.countDown();
        if (prometheus != null) {
            prometheus.close();
        }
        if (tributary != null) {
            tributary.stop();
            running.join(30_000);
        }
        if (api != null) {
            api.stop();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    // ---- health ----

    @Test
    void readinessIsDownWithTheReasonAfterThreeFailedSyncs() {
        assertEquals(503, healthWhileFailing.statusCode(), healthWhileFailing.body());
        assertTrue(
                healthWhileFailing.body().contains("the last 3 syncs failed"),
                healthWhileFailing.body());
        assertTrue(healthWhileFailing.body().contains("HTTP 401"), healthWhileFailing.body());
        assertFalse(healthWhileFailing.body().contains(KEY), healthWhileFailing.body());
    }

    @Test
    void readinessIsUpAgainAfterTheConnectorRecovers() {
        assertEquals(200, healthAfterRecovery.statusCode(), healthAfterRecovery.body());
    }

    @Test
    void livenessStaysUpWhileAConnectorFails() {
        assertEquals(200, get("/observe/health/live").statusCode());
    }

    // ---- the Grafana dashboard's queries on a real Prometheus that scraped this process ----

    @Test
    void everyDashboardPanelShowsDataOnARealPrometheusScrapingTributary() {
        List<String> connectors = new ArrayList<>();
        connectorValues.path("data").forEach(v -> connectors.add(v.asText()));
        assertTrue(connectors.contains("obs"), "the $connector variable's values: " + connectors);
        assertTrue(panels.size() >= 15, panels.keySet().toString());
        panels.forEach(
                (q, answer) -> {
                    assertEquals(
                            "success",
                            answer.path("status").asText(),
                            q.panel() + ": " + q.expr() + " -> " + answer);
                    assertTrue(
                            answer.path("data").path("result").size() > 0,
                            q.panel() + " shows no data: " + q.expr() + " -> " + answer);
                });
    }

    @Test
    void theDashboardCountsTheSuccessfulSyncAndItsAge() {
        JsonNode outcomes = panel("Syncs in the dashboard's range, by outcome");
        double success = 0;
        for (JsonNode series : outcomes.path("data").path("result")) {
            if (series.path("metric").path("outcome").asText().equals("success")) {
                success += series.path("value").get(1).asDouble();
            }
        }
        assertTrue(success > 0, "the successful sync in the range: " + outcomes);
        double age =
                panel("Since the last successful sync")
                        .path("data")
                        .path("result")
                        .get(0)
                        .path("value")
                        .get(1)
                        .asDouble();
        assertTrue(age >= 0 && age < 600, "seconds since the last success: " + age);
    }

    JsonNode panel(String title) {
        return panels.entrySet().stream()
                .filter(e -> e.getKey().panel().equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no panel " + title + ": " + panels.keySet()))
                .getValue();
    }

    // ---- status page, as a browser renders it ----

    @Test
    void theStatusPageShowsTheFailingConnectorDownWithWhy() {
        String row = row(domWhileFailing, "obs");
        assertTrue(row.contains("class=\"failing down\""), row);
        assertTrue(row.contains("the last 3 syncs failed"), row);
        assertTrue(row.contains("HTTP 401"), row);
        assertTrue(row.contains("failed"), row);
        assertTrue(row.contains("every 100 ms"), row);
        assertFalse(domWhileFailing.contains(KEY), domWhileFailing);
        assertTrue(domWhileFailing.contains("1 failing</span>"), domWhileFailing);
        assertTrue(domWhileFailing.contains("1 DOWN</span>"), domWhileFailing);
        assertTrue(Files.exists(ARTEFACTS.resolve("status-down.png")));
    }

    @Test
    void theStatusPageShowsTheRecoveredConnectorUpWithItsRecords() {
        String row = row(domAfterRecovery, "obs");
        assertTrue(row.contains("class=\"ok\""), row);
        assertTrue(row.contains("UP"), row);
        assertTrue(row.contains("success"), row);
        assertTrue(row.contains("class=\"read\">" + summary("records") + "<"), row);
        assertTrue(row.contains("class=\"written\">" + summary("written") + "<"), row);
        assertTrue(row.contains("class=\"dead\">" + malformed() + "<"), row); // the last sync's
        assertTrue(domAfterRecovery.contains("0 failing</span>"), domAfterRecovery);
        assertFalse(domAfterRecovery.contains("DOWN</span>"), domAfterRecovery);
        assertTrue(Files.exists(ARTEFACTS.resolve("status-up.png")));
    }

    // ---- notifications ----

    @Test
    void theWebhookToldOfTheFailureOnceAndOfTheRecoveryRetryingTheFirstDelivery() {
        assertEquals(2, webhookBodies.size(), webhookBodies.toString());
        assertTrue(webhookBodies.get(0).contains("\"outcome\":\"failed\""), webhookBodies.get(0));
        assertTrue(webhookBodies.get(0).contains("\"text\":"), webhookBodies.get(0));
        assertTrue(webhookBodies.get(0).contains("HTTP 401"), webhookBodies.get(0));
        assertTrue(
                webhookBodies.get(1).contains("\"outcome\":\"recovered\""), webhookBodies.get(1));
        assertEquals(
                3, webhookCalls.get(), "one failed and one retried delivery, then the recovery");
        webhookBodies.forEach(b -> assertFalse(b.contains(KEY), b));
    }

    // ---- metrics ----

    @Test
    void syncsAreCountedByOutcome() {
        assertEquals(3.0, metric("tributary_syncs_total{connector=\"obs\",outcome=\"failed\"}"));
        assertEquals(1.0, metric("tributary_syncs_total{connector=\"obs\",outcome=\"success\"}"));
        assertEquals(
                3.0,
                metric(
                        "tributary_sync_duration_seconds_count{connector=\"obs\",outcome=\"failed\"}"));
        assertEquals(
                1.0,
                metric(
                        "tributary_sync_duration_seconds_count{connector=\"obs\",outcome=\"success\"}"));
        assertEquals(0.0, metric("tributary_sync_consecutive_failures{connector=\"obs\"}"));
    }

    @Test
    void recordsAreCountedAsReadWrittenAndDeadLettered() {
        long rows = db.count("SELECT COUNT(*) FROM obs");
        // rows written counts the upserts, the re-read records at each page's cursor included
        assertEquals(
                summary("written"),
                metric("tributary_sync_records_total{connector=\"obs\",stage=\"written\"}"));
        assertTrue(summary("written") >= rows, successSummary);
        assertEquals(
                summary("records"),
                metric("tributary_sync_records_total{connector=\"obs\",stage=\"read\"}"));
        assertEquals(
                malformed(),
                metric("tributary_sync_records_total{connector=\"obs\",stage=\"dead_lettered\"}"));
        assertTrue(
                metric("tributary_sync_bytes_total{connector=\"obs\"}") > 100 * rows,
                "a record is over 100 bytes of JSON");
    }

    @Test
    void everyPageIsOneSuccessfulRequestAndTheRefusalsAndTheRateLimitAre4xx() {
        double pages = metric("tributary_sync_pages_total{connector=\"obs\"}");
        assertTrue(pages >= 15, "1440 observations at 100 a page: " + pages);
        assertEquals(
                pages, metric("tributary_http_requests_total{connector=\"obs\",status=\"2xx\"}"));
        assertEquals(
                4.0, metric("tributary_http_requests_total{connector=\"obs\",status=\"4xx\"}"));
    }

    @Test
    void everyStatusClassIsASeriesFromTheStartSoIncreaseSeesTheFirstOne() {
        for (String statusClass : List.of("3xx", "5xx", "none")) {
            assertEquals(
                    0.0,
                    metric(
                            "tributary_http_requests_total{connector=\"obs\",status=\""
                                    + statusClass
                                    + "\"}"),
                    statusClass);
        }
    }

    @Test
    void theOutcomeLabelTakesTheSummaryLinesWords() {
        assertTrue(successSummary.contains(" outcome=success "), successSummary);
        for (String line : scrapeText.split("\n")) {
            if (line.startsWith("tributary_syncs_total{")) {
                assertTrue(
                        line.contains("outcome=\"success\"") || line.contains("outcome=\"failed\""),
                        line);
            }
        }
    }

    @Test
    void theProcessIsMeasuredBesideTheConnectors() {
        for (String name :
                List.of(
                        "jvm_memory_used_bytes",
                        "jvm_buffer_memory_used_bytes",
                        "jvm_gc_memory_allocated_bytes_total",
                        "jvm_threads_live_threads",
                        "jvm_classes_loaded_classes",
                        "process_cpu_usage",
                        "system_cpu_count",
                        "process_files_open_files",
                        "process_files_max_files",
                        "process_uptime_seconds")) {
            assertTrue(scrapeNames().contains(name), name + " is not in the scrape");
        }
        assertTrue(metric("process_files_open_files") > 0);
    }

    @Test
    void errorsAreCountedByTypeAndTheRateLimitWaitAndRetryToo() {
        assertEquals(3.0, metric("tributary_errors_total{connector=\"obs\",type=\"auth\"}"));
        assertEquals(1.0, metric("tributary_errors_total{connector=\"obs\",type=\"rate_limit\"}"));
        assertEquals(0.0, metric("tributary_errors_total{connector=\"obs\",type=\"network\"}"));
        assertEquals(1.0, metric("tributary_retries_total{connector=\"obs\"}"));
        assertEquals(1.0, metric("tributary_rate_limit_wait_seconds_count{connector=\"obs\"}"));
        assertEquals(1.0, metric("tributary_rate_limit_wait_seconds_sum{connector=\"obs\"}"));
    }

    @Test
    void theLastSuccessAndTheCursorLagAreTimes() {
        double lastSuccess =
                metric("tributary_sync_last_success_timestamp_seconds{connector=\"obs\"}");
        assertTrue(
                lastSuccess >= startedEpochSeconds
                        && lastSuccess <= Instant.now().getEpochSecond() + 1,
                "" + lastSuccess);
        assertEquals(
                lastSuccess,
                metric("tributary_sync_last_success_seconds{connector=\"obs\"}"),
                "the 0.1.0 name, deprecated, stays one release with the same value");
        Instant cursor = OffsetDateTime.parse(db.cursor("obs")).toInstant();
        double expectedLag = Instant.now().getEpochSecond() - cursor.getEpochSecond();
        assertEquals(expectedLag, metric("tributary_cursor_lag_seconds{connector=\"obs\"}"), 120.0);
    }

    @Test
    void theSourcesQuotaIsReported() {
        assertEquals(1000.0, metric("tributary_quota_limit{connector=\"obs\"}"));
        assertEquals(
                1000.0 - observationRequests.get(),
                metric("tributary_quota_remaining{connector=\"obs\"}"));
    }

    @Test
    void tributarysOwnBudgetIsReportedBesideTheSourcesQuota() {
        assertEquals(1000.0, metric("tributary_budget_limit{budget=\"obs-api\",window=\"day\"}"));
        assertEquals(
                1000.0 - observationRequests.get(),
                metric("tributary_budget_remaining{budget=\"obs-api\",window=\"day\"}"),
                "every request sent, retries too, took one from the budget");
    }

    @Test
    void noTagCarriesAUrlOrASecret() {
        for (String line : scrapeText.split("\n")) {
            if (line.startsWith("tributary_") && line.contains("{")) {
                assertFalse(line.substring(line.indexOf('{')).contains("http"), line);
                assertFalse(line.contains(KEY), line);
            }
        }
        assertFalse(scrapeText.contains(KEY));
        assertFalse(
                scrapeText.contains("endpointName=\"http"),
                "Camel's per-endpoint meters name URLs; they are off");
    }

    // ---- alert rules and dashboard shipped in monitoring/ ----

    @Test
    void everyMetricTheAlertRulesNameExistsInTheScrape() throws IOException {
        List<String> named =
                MonitoringFiles.metricsInAlertRules(
                        Path.of("monitoring/prometheus/tributary-alerts.yml"));
        assertTrue(named.size() >= 4, named.toString());
        named.forEach(
                name -> assertTrue(scrapeNames().contains(name), name + " is not in the scrape"));
    }

    @Test
    void theAlertRulesCoverFailingStaleDeadLettersAndQuota() throws IOException {
        List<String> alerts =
                MonitoringFiles.alertNames(Path.of("monitoring/prometheus/tributary-alerts.yml"));
        for (String alert :
                List.of(
                        "TributaryConnectorFailing",
                        "TributaryConnectorStale",
                        "TributaryDeadLettersGrowing",
                        "TributaryQuotaNearlySpent")) {
            assertTrue(alerts.contains(alert), alert + " in " + alerts);
        }
    }

    @Test
    void everyMetricTheGrafanaDashboardNamesExistsInTheScrape() throws IOException {
        List<String> named =
                MonitoringFiles.metricsInDashboard(
                        Path.of("monitoring/grafana/tributary-dashboard.json"));
        assertTrue(named.size() >= 8, named.toString());
        named.forEach(
                name -> assertTrue(scrapeNames().contains(name), name + " is not in the scrape"));
    }

    // ---- helpers ----

    long malformed() {
        return api.observations().malformedCount(null, clock.instant());
    }

    double metric(String key) {
        Double v = scrape.get(key);
        assertTrue(
                v != null,
                key
                        + " is not in the scrape:\n"
                        + scrapeText
                                .lines()
                                .filter(l -> l.startsWith("tributary_"))
                                .reduce("", (a, b) -> a + b + "\n"));
        return v;
    }

    java.util.Set<String> scrapeNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        scrape.keySet()
                .forEach(k -> names.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
        return names;
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }

    static String row(String dom, String connector) {
        int start = dom.indexOf("<tr id=\"" + connector + "\"");
        assertTrue(start >= 0, dom);
        return dom.substring(start, dom.indexOf("</tr>", start));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
