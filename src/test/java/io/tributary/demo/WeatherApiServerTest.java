package io.tributary.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.support.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeatherApiServerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final MutableClock clock = new MutableClock(NOW);
    private WeatherApiServer server;

    @BeforeEach
    void startServer() {
        server = new WeatherApiServer(WeatherApiSettings.defaults(), clock).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port(), server.baseUrl());
    }

    @Test
    void servesTheFirstPageWithTotalsAsJson() throws Exception {
        HttpResponse<String> response = get("/v1/observations?apikey=demo-key");
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(1, body.get("page").asInt());
        assertEquals(100, body.get("page_size").asInt());
        assertEquals(1441 * 10, body.get("total_results").asLong());
        assertEquals(145, body.get("total_pages").asLong());
        assertEquals(100, body.get("observations").size());
        assertEquals("2026-11-25T12:00:00Z", body.at("/observations/0/observed_at").asText());
    }

    @Test
    void rejectsAWrongApiKeyWith401WithoutEchoingIt() throws Exception {
        HttpResponse<String> response = get("/v1/observations?apikey=guessed-key-123");
        assertEquals(401, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("invalid_api_key", body.get("error").asText());
        assertEquals(
                "Invalid API key. See https://example.invalid/docs/keys",
                body.get("message").asText());
        assertFalse(response.body().contains("guessed-key-123"));
    }

    @Test
    void rejectsAMissingApiKeyWith401() throws Exception {
        assertEquals(401, get("/v1/observations").statusCode());
        assertEquals(401, get("/v1/stations").statusCode());
    }

    @Test
    void takesTheStationsKeyFromTheXApiKeyHeaderOnly() throws Exception {
        assertEquals(401, get("/v1/stations?apikey=demo-key").statusCode());
        HttpResponse<String> response =
                send(request("/v1/stations?page_size=3").header("X-API-Key", "demo-key"));
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(10, body.get("total_results").asInt());
        assertEquals(4, body.get("total_pages").asInt());
        assertEquals(3, body.get("stations").size());
        JsonNode first = body.at("/stations/0");
        assertEquals("CYYZ", first.get("id").asText());
        assertEquals(43.677, first.get("latitude").asDouble());
        assertEquals(173, first.get("elevation_m").asInt());
        assertEquals("2026-11-25T12:00:00Z", first.get("updated_at").asText());
    }

    @Test
    void pagesConcatenateToExactlyCountRecordsWithNoDuplicateIds() throws Exception {
        long count = server.observations().count(null, NOW);
        Set<String> ids = new HashSet<>();
        long received = 0;
        long malformed = 0;
        for (int page = 1; page <= (count + 499) / 500; page++) {
            JsonNode body =
                    JSON.readTree(
                            get("/v1/observations?apikey=demo-key&page_size=500&page=" + page)
                                    .body());
            for (JsonNode record : body.get("observations")) {
                assertTrue(ids.add(record.get("id").asText()), "duplicate " + record.get("id"));
                received++;
                malformed += record.get("temperature_c").isTextual() ? 1 : 0;
            }
        }
        assertEquals(count, received);
        assertEquals(server.observations().malformedCount(null, NOW), malformed);
        assertTrue(malformed > 0, "the demo data should contain malformed records");
    }

    @Test
    void servesTheSamePageTwiceWhileTimeStandsStill() throws Exception {
        String path = "/v1/observations?apikey=demo-key&page=7&page_size=50";
        assertEquals(get(path).body(), get(path).body());
    }

    @Test
    void showsNewObservationsAsTheClockAdvances() throws Exception {
        String path = "/v1/observations?apikey=demo-key&since=2026-11-26T12:00:00Z";
        assertEquals(10, JSON.readTree(get(path).body()).get("total_results").asInt());
        clock.advance(Duration.ofMinutes(2));
        JsonNode body = JSON.readTree(get(path).body());
        assertEquals(30, body.get("total_results").asInt());
        assertEquals("2026-11-26T12:02:00Z", body.at("/observations/29/observed_at").asText());
    }

    @Test
    void filtersBySinceInclusively() throws Exception {
        JsonNode body =
                JSON.readTree(
                        get("/v1/observations?apikey=demo-key&since=2026-11-26T11:59:00Z").body());
        assertEquals(20, body.get("total_results").asInt());
        assertEquals("2026-11-26T11:59:00Z", body.at("/observations/0/observed_at").asText());
        JsonNode later =
                JSON.readTree(
                        get("/v1/observations?apikey=demo-key&since=2026-11-26T11:59:00.001Z")
                                .body());
        assertEquals(10, later.get("total_results").asInt());
    }

    @Test
    void clampsPageSizeTo500() throws Exception {
        JsonNode body =
                JSON.readTree(get("/v1/observations?apikey=demo-key&page_size=5000").body());
        assertEquals(500, body.get("page_size").asInt());
        assertEquals(500, body.get("observations").size());
        assertEquals(29, body.get("total_pages").asInt());
    }

    @Test
    void returnsAnEmptyPagePastTheEndWithTheSameTotals() throws Exception {
        JsonNode body = JSON.readTree(get("/v1/observations?apikey=demo-key&page=146").body());
        assertEquals(0, body.get("observations").size());
        assertEquals(145, body.get("total_pages").asInt());
        assertEquals(14410, body.get("total_results").asInt());
    }

    @Test
    void rejectsANonPositiveOrNonIntegerPageWith400() throws Exception {
        for (String page : List.of("0", "-1", "two", "1.5")) {
            HttpResponse<String> response = get("/v1/observations?apikey=demo-key&page=" + page);
            assertEquals(400, response.statusCode(), page);
            JsonNode body = JSON.readTree(response.body());
            assertEquals("bad_request", body.get("error").asText());
            assertEquals("page must be a positive integer", body.get("message").asText());
        }
        assertEquals(400, get("/v1/observations?apikey=demo-key&page_size=0").statusCode());
    }

    @Test
    void rejectsAnUnparseableSinceWith400NamingTheParameter() throws Exception {
        HttpResponse<String> response = get("/v1/observations?apikey=demo-key&since=yesterday");
        assertEquals(400, response.statusCode());
        assertTrue(JSON.readTree(response.body()).get("message").asText().startsWith("since "));
    }

    @Test
    void answersThe1001stRequestOfTheDayWith429AndRetryAfterUntilMidnight() throws Exception {
        for (int i = 0; i < 1000; i++) {
            assertEquals(
                    200,
                    get(
                                    i % 2 == 0
                                            ? "/v1/observations?apikey=demo-key&page_size=1"
                                            : "/v1/stations",
                                    "demo-key")
                            .statusCode(),
                    "request " + (i + 1));
        }
        HttpResponse<String> refused = get("/v1/observations?apikey=demo-key");
        assertEquals(429, refused.statusCode());
        assertEquals(
                String.valueOf(12 * 3600 - 30),
                refused.headers().firstValue("Retry-After").orElseThrow());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("quota_exceeded", body.get("error").asText());
        assertEquals("Daily quota of 1000 requests exceeded", body.get("message").asText());

        clock.set(Instant.parse("2026-11-27T00:00:00Z"));
        assertEquals(200, get("/v1/observations?apikey=demo-key&page_size=1").statusCode());
    }

    @Test
    void doesNotChargeTheQuotaForRequestsWithAWrongKey() throws Exception {
        try (WeatherApiServer tiny =
                new WeatherApiServer(
                                new WeatherApiSettings(
                                        0, "k", 1, Duration.ofMinutes(1), Duration.ofHours(1)),
                                clock)
                        .start()) {
            URI uri = URI.create(tiny.baseUrl() + "/v1/observations?apikey=wrong");
            assertEquals(401, send(HttpRequest.newBuilder(uri)).statusCode());
            URI good = URI.create(tiny.baseUrl() + "/v1/observations?apikey=k");
            assertEquals(200, send(HttpRequest.newBuilder(good)).statusCode());
            assertEquals(429, send(HttpRequest.newBuilder(good)).statusCode());
        }
    }

    @Test
    void letsAFilterAddedBeforeStartTurnPage3IntoA500() throws Exception {
        server.close();
        server = new WeatherApiServer(WeatherApiSettings.defaults(), clock);
        server.addFilter(
                new Filter() {
                    @Override
                    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                        if ("3".equals(RecordedRequest.of(exchange).query().get("page"))) {
                            exchange.sendResponseHeaders(500, -1);
                            exchange.close();
                        } else {
                            chain.doFilter(exchange);
                        }
                    }

                    @Override
                    public String description() {
                        return "fail page 3";
                    }
                });
        server.start();
        assertEquals(200, get("/v1/observations?apikey=demo-key&page=2").statusCode());
        assertEquals(500, get("/v1/observations?apikey=demo-key&page=3").statusCode());
        assertEquals(200, get("/v1/observations?apikey=demo-key&page=4").statusCode());
        assertEquals(
                List.of("2", "3", "4"),
                server.requests().stream().map(r -> r.query().get("page")).toList());
    }

    @Test
    void refusesFiltersOnceStarted() {
        assertThrows(
                IllegalStateException.class,
                () -> server.addFilter(Filter.beforeHandler("late", e -> {})));
    }

    @Test
    void recordsEveryRequestWithDecodedQueryAndApiKeyHeader() throws Exception {
        get("/v1/observations?apikey=demo-key&since=2026-11-26T11%3A00%3A00Z&page=2");
        get("/v1/stations", "demo-key");
        List<RecordedRequest> requests = server.requests();
        assertEquals(2, requests.size());
        RecordedRequest first = requests.get(0);
        assertEquals("GET", first.method());
        assertEquals("/v1/observations", first.path());
        assertEquals("2026-11-26T11:00:00Z", first.query().get("since"));
        assertEquals("2", first.query().get("page"));
        assertEquals("demo-key", requests.get(1).header("x-api-key"));

        server.clearRequests();
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void answersUnknownPathsWith404Json() throws Exception {
        HttpResponse<String> response = get("/v2/observations?apikey=demo-key");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", JSON.readTree(response.body()).get("error").asText());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery));
    }

    private HttpResponse<String> get(String pathAndQuery, String headerKey)
            throws IOException, InterruptedException {
        return send(request(pathAndQuery).header("X-API-Key", headerKey));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
