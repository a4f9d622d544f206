package io.tributary.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo weather observations API on 127.0.0.1: the offline source for demos and the first target
 * of integration tests. It behaves like a typical public API (key in the query or a header, daily
 * quota, paging, a since filter, the odd malformed record) while staying deterministic: time comes
 * only from the given clock.
 */
public final class WeatherApiServer implements AutoCloseable {

    static final String OBSERVATIONS = "/v1/observations";
    static final String STATIONS = "/v1/stations";
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 500;
    private static final int THREADS = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The JDK server sends headers and body as two packets; under Nagle's algorithm the body
        // then waits for the
        // client's delayed ACK, about 40 ms a response on Linux. The JDK reads this once, when its
        // first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final WeatherApiSettings settings;
    private final Clock clock;
    private final WeatherObservations observations;
    private final DailyQuota quota;
    private final List<Filter> filters = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * History is fixed here: the first observation is {@code clock.instant() - settings.history()}.
     */
    public WeatherApiServer(WeatherApiSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.observations =
                WeatherObservations.defaults(
                        clock.instant().minus(settings.history()), settings.interval());
        this.quota = new DailyQuota(settings.dailyQuota());
    }

    /**
     * Adds a filter that sees every request after it is recorded; tests use it to inject faults.
     * Only before start.
     */
    public synchronized void addFilter(Filter filter) {
        if (server != null) {
            throw new IllegalStateException("filters must be added before start()");
        }
        filters.add(filter);
    }

    /** Binds 127.0.0.1 only: a demo source has no business being reachable from other machines. */
    public synchronized WeatherApiServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(
                                    InetAddress.getByName("127.0.0.1"), settings.port()),
                            0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + settings.port(), e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        // Daemon threads, so a test that forgets to stop the server does not keep the JVM alive.
        executor =
                Executors.newFixedThreadPool(
                        THREADS,
                        task -> {
                            Thread thread =
                                    new Thread(
                                            task, "weather-api-" + threadNumber.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        // One root context, so filters apply to every path, unknown ones included.
        HttpContext context = server.createContext("/", this::handle);
        context.getFilters().add(Filter.beforeHandler("record request", this::record));
        context.getFilters().addAll(filters);
        server.start();
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:45678}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The data set this server serves, so tests can compute the expected counts. */
    public WeatherObservations observations() {
        return observations;
    }

    /** Every request received so far, oldest first, including those a filter answered. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    private void record(HttpExchange exchange) {
        RecordedRequest request = RecordedRequest.of(exchange);
        synchronized (requests) {
            requests.add(request);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!OBSERVATIONS.equals(path) && !STATIONS.equals(path)) {
                send(exchange, 404, error("not_found", "No such endpoint: " + path));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error("method_not_allowed", "Only GET is supported"));
                return;
            }
            Map<String, String> query = RecordedRequest.queryParameters(exchange.getRequestURI());
            // The two endpoints take the key differently on purpose: connectors must support both
            // styles.
            String key =
                    OBSERVATIONS.equals(path)
                            ? query.get("apikey")
                            : exchange.getRequestHeaders().getFirst("X-API-Key");
            if (!isValidKey(key)) {
                send(
                        exchange,
                        401,
                        error(
                                "invalid_api_key",
                                "Invalid API key. See https://example.invalid/docs/keys"));
                return;
            }
            Instant now = clock.instant();
            if (!quota.tryAcquire(now)) {
                exchange.getResponseHeaders()
                        .set("Retry-After", Long.toString(quota.secondsUntilReset(now)));
                send(
                        exchange,
                        429,
                        error(
                                "quota_exceeded",
                                "Daily quota of " + quota.limit() + " requests exceeded"));
                return;
            }
            int page = positiveInt(query, "page", 1);
            int pageSize =
                    Math.min(positiveInt(query, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
            send(
                    exchange,
                    200,
                    OBSERVATIONS.equals(path)
                            ? observationsPage(query, now, page, pageSize)
                            : stationsPage(page, pageSize));
        } catch (BadRequest e) {
            send(exchange, 400, error("bad_request", e.getMessage()));
        } catch (RuntimeException e) {
            // Without an answer the JDK server would just drop the connection, which looks like a
            // network fault.
            send(exchange, 500, error("internal_error", "Internal server error"));
        } finally {
            exchange.close();
        }
    }

    private JsonNode observationsPage(
            Map<String, String> query, Instant now, int page, int pageSize) {
        Instant since = null;
        if (query.containsKey("since")) {
            try {
                since = Instant.parse(query.get("since"));
            } catch (DateTimeParseException e) {
                throw new BadRequest(
                        "since must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        }
        WeatherObservations.Page result = observations.page(since, now, page, pageSize);
        ObjectNode body = envelope(page, pageSize, result.totalPages(), result.totalResults());
        body.putArray("observations").addAll(result.observations());
        return body;
    }

    private JsonNode stationsPage(int page, int pageSize) {
        // All stations share one updated_at, so ordering by (updated_at, id) is ordering by id, as
        // stations() is.
        List<Station> stations = observations.stations();
        long from = Math.min(stations.size(), (long) (page - 1) * pageSize);
        long to = Math.min(stations.size(), from + pageSize);
        ObjectNode body =
                envelope(
                        page,
                        pageSize,
                        Math.floorDiv(stations.size() + pageSize - 1, pageSize),
                        stations.size());
        ArrayNode items = body.putArray("stations");
        for (Station station : stations.subList((int) from, (int) to)) {
            items.addObject()
                    .put("id", station.id())
                    .put("name", station.name())
                    .put("latitude", station.latitude())
                    .put("longitude", station.longitude())
                    .put("elevation_m", station.elevationM())
                    .put("updated_at", observations.firstObservation().toString());
        }
        return body;
    }

    private static ObjectNode envelope(int page, int pageSize, long totalPages, long totalResults) {
        return WeatherObservations.JSON
                .objectNode()
                .put("page", page)
                .put("page_size", pageSize)
                .put("total_pages", totalPages)
                .put("total_results", totalResults);
    }

    // Constant-time comparison: cheap, and the demo should not teach timing leaks.
    private boolean isValidKey(String key) {
        return key != null
                && MessageDigest.isEqual(
                        key.getBytes(StandardCharsets.UTF_8),
                        settings.apiKey().getBytes(StandardCharsets.UTF_8));
    }

    private static int positiveInt(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as a zero or negative value
        }
        throw new BadRequest(name + " must be a positive integer");
    }

    private static ObjectNode error(String code, String message) {
        return WeatherObservations.JSON.objectNode().put("error", code).put("message", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A query parameter the client got wrong; its message is safe to show to the client. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
