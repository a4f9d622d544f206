package io.tributary.bench;

import com.sun.net.httpserver.HttpServer;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * {@code bench/latency.sh}: a child stream over P parents (a tracker's projects and their issues,
 * next-cursor paging as in {@code examples/routes/tracker-projects-issues-declarative.camel.yaml}),
 * then one stream's backfill in P date windows of a day ({@code window: P1D}, numbered pages with a
 * total in each, Zendesk-like {@code start_time} / {@code end_time}), then one stream's P x pages
 * numbered pages ({@code page-number} with {@code totalPagesPath}), each against a loopback API
 * that answers each page after {@code bench.latencyMs} (200 ms), at concurrency 1, 2, 4, 8, 16,
 * into H2: records/s, the table checked exact (every id once), and the requests/s the server
 * counted (the most in any one second, sliding, and in a calendar second, against the budget when
 * {@code bench.perSecond} sets one).
 */
public final class LatencyBench {
    private LatencyBench() {}

    private static Map<String, String> query(String query) {
        return query == null
                ? Map.of()
                : java.util.Arrays.stream(query.split("&"))
                        .map(kv -> kv.split("=", 2))
                        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    /** Answers after {@code latency} ms, as a SaaS API does. */
    private static void answer(
            com.sun.net.httpserver.HttpExchange exchange, String body, long latency)
            throws java.io.IOException {
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String budget(int perSecond) {
        return perSecond > 0 ? ", budget " + perSecond + "/s" : "";
    }

    public static void main(String[] args) throws Exception {
        int parents = Integer.getInteger("bench.parents", 32);
        int pages = Integer.getInteger("bench.pages", 5);
        int perPage = 100;
        long latency = Long.getLong("bench.latencyMs", 200);
        int perSecond = Integer.getInteger("bench.perSecond", 0);
        List<Instant> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/api/projects/",
                exchange -> {
                    seen.add(Instant.now());
                    String project = exchange.getRequestURI().getPath().split("/")[3];
                    Map<String, String> q = query(exchange.getRequestURI().getQuery());
                    int page = Integer.parseInt(q.getOrDefault("cursor", "0"));
                    StringBuilder body = new StringBuilder("{\"issues\":[");
                    for (int i = 0; i < perPage; i++) {
                        int n = page * perPage + i;
                        body.append(i == 0 ? "" : ",")
                                .append("{\"id\":\"")
                                .append(project)
                                .append('-')
                                .append(n)
                                .append("\",\"project\":\"")
                                .append(project)
                                .append("\",\"title\":\"issue ")
                                .append(n)
                                .append("\",\"updated_at\":\"2026-05-01T00:00:00Z\"}");
                    }
                    body.append(']');
                    if (page + 1 < pages) {
                        body.append(",\"next_cursor\":\"").append(page + 1).append('"');
                    }
                    body.append('}');
                    answer(exchange, body.toString(), latency);
                });
        // one stream of date windows: day d's page p holds records d-p-0..d-p-99, inside the day
        java.time.Instant day0 =
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                        .minus(java.time.Duration.ofDays(parents));
        server.createContext(
                "/api/events",
                exchange -> {
                    seen.add(Instant.now());
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    Instant from =
                            Instant.parse(java.net.URLDecoder.decode(q.get("start_time"), "UTF-8"));
                    long day = java.time.Duration.between(day0, from).toDays();
                    int page = Integer.parseInt(q.getOrDefault("page", "1"));
                    boolean today = day >= parents; // the last window, from midnight to now: empty
                    StringBuilder body =
                            new StringBuilder(
                                    "{\"total_pages\":" + (today ? 1 : pages) + ",\"items\":[");
                    for (int i = 0; i < (today ? 0 : perPage); i++) {
                        body.append(i == 0 ? "" : ",")
                                .append("{\"id\":\"")
                                .append(day + "-" + page + "-" + i)
                                .append("\",\"title\":\"event\",\"updated_at\":\"")
                                .append(from.plusSeconds(60L * (page * perPage + i)))
                                .append("\"}");
                    }
                    body.append("]}");
                    answer(exchange, body.toString(), latency);
                });
        // one stream of numbered pages with a total: page p holds records n-p-0..n-p-99
        int numbered = parents * pages;
        server.createContext(
                "/api/pages",
                exchange -> {
                    seen.add(Instant.now());
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    int page = Integer.parseInt(q.getOrDefault("page", "1"));
                    StringBuilder body =
                            new StringBuilder(
                                    "{\"page\":"
                                            + page
                                            + ",\"total_pages\":"
                                            + numbered
                                            + ",\"items\":[");
                    for (int i = 0; i < (page <= numbered ? perPage : 0); i++) {
                        body.append(i == 0 ? "" : ",")
                                .append("{\"id\":\"n-")
                                .append(page + "-" + i)
                                .append(
                                        "\",\"title\":\"item\",\"updated_at\":\"2026-05-01T00:00:00Z\"}");
                    }
                    body.append("]}");
                    answer(exchange, body.toString(), latency);
                });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path schema = Files.createTempFile("latency-issues", ".schema.yaml");
        // no cursorField: the bench measures the fetches, not the cursor's re-reads
        Files.writeString(
                schema,
                "primaryKey: [id]\ncolumns:\n  id: {type: string, required: true}\n"
                        + "  project_id: {type: string, path: /project}\n  title: {type: string}\n"
                        + "  updated_at: {type: timestamp}\n");
        Path windowSchema = Files.createTempFile("latency-events", ".schema.yaml");
        Files.writeString(
                windowSchema,
                "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                        + "  id: {type: string, required: true}\n  title: {type: string}\n"
                        + "  updated_at: {type: timestamp, required: true}\n");
        for (String shape :
                System.getProperty("bench.shapes", "parents,windows,pages").split(",")) {
            boolean windows = shape.equals("windows");
            boolean numberedPages = shape.equals("pages");
            System.out.printf(
                    Locale.ROOT,
                    numberedPages
                            ? "latency bench, numbered pages of one stream: %d pages (%d x %d, total_pages) x %d records, %d ms a page%s%n"
                            : windows
                                    ? "latency bench, date windows of one stream: %d windows (P1D) x %d pages x %d records, %d ms a page%s%n"
                                    : "latency bench, a child stream: %d parents x %d pages x %d records, %d ms a page%s%n",
                    numberedPages
                            ? new Object[] {
                                numbered, parents, pages, perPage, latency, budget(perSecond)
                            }
                            : new Object[] {parents, pages, perPage, latency, budget(perSecond)});
            System.out.println(
                    "concurrency  seconds  records/s  x-sequential  requests/s  most-in-any-1s"
                            + "  most-in-a-calendar-s  exact");
            double sequential = 0;
            for (int concurrency :
                    java.util.Arrays.stream(
                                    System.getProperty("bench.concurrency", "1,2,4,8,16")
                                            .split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray()) {
                seen.clear();
                Database db = Database.h2();
                try (ConnectorHarness tributary = new ConnectorHarness(db)) {
                    if (perSecond > 0) {
                        tributary.set("tributary.ratelimit.bench.per-second", "" + perSecond);
                    }
                    tributary.start();
                    try (Connection c = db.connect();
                            Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE bench_projects (id VARCHAR(20) PRIMARY KEY)");
                        for (int p = 0; p < parents; p++) {
                            s.execute(
                                    String.format(
                                            Locale.ROOT,
                                            "INSERT INTO bench_projects VALUES ('P%03d')",
                                            p));
                        }
                    }
                    ConnectorSpec child =
                            ConnectorSpec.named("bench-issues")
                                    .url(base + "/api/projects/{parent}/issues")
                                    .parentQuery("SELECT id FROM bench_projects ORDER BY id")
                                    .pagination("cursor")
                                    .nextPath("/next_cursor")
                                    .tokenParam("cursor")
                                    .pageSizeParam("limit")
                                    .pageSize(perPage)
                                    .recordsPath("/issues")
                                    .schema(schema.toString())
                                    .table("bench_issues")
                                    .with("concurrency", concurrency);
                    if (perSecond > 0) {
                        child = child.with("rateLimit", "bench");
                    }
                    if (windows) {
                        // the same number of pages, in one stream's date windows from its
                        // cursorStart
                        child =
                                ConnectorSpec.named("bench-issues")
                                        .url(base + "/api/events")
                                        .pagination("page-number")
                                        .pageSize(perPage)
                                        .with("totalPagesPath", "/total_pages")
                                        .recordsPath("/items")
                                        .window("P1D")
                                        .windowStartParam("start_time")
                                        .windowEndParam("end_time")
                                        .cursorStart(day0.toString())
                                        .schema(windowSchema.toString())
                                        .table("bench_issues")
                                        .with("concurrency", concurrency);
                        if (perSecond > 0) {
                            child = child.with("rateLimit", "bench");
                        }
                    }
                    if (numberedPages) {
                        // the same number of pages, numbered, in one stream: page 1 tells the total
                        child =
                                ConnectorSpec.named("bench-issues")
                                        .url(base + "/api/pages")
                                        .pagination("page-number")
                                        .pageParam("page")
                                        .pageSizeParam("per_page")
                                        .pageSize(perPage)
                                        .totalPagesPath("/total_pages")
                                        .recordsPath("/items")
                                        .schema(schema.toString())
                                        .table("bench_issues")
                                        .with("concurrency", concurrency);
                        if (perSecond > 0) {
                            child = child.with("rateLimit", "bench");
                        }
                    }
                    tributary.add(child);
                    long start = System.nanoTime();
                    tributary.sync("bench-issues");
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long expected = (long) parents * pages * perPage;
                    long rows = db.count("SELECT COUNT(*) FROM bench_issues");
                    long distinct = db.count("SELECT COUNT(DISTINCT id) FROM bench_issues");
                    boolean exact = rows == expected && distinct == expected;
                    Map<Long, Long> bySecond =
                            seen.stream()
                                    .collect(
                                            Collectors.groupingBy(
                                                    Instant::getEpochSecond,
                                                    TreeMap::new,
                                                    Collectors.counting()));
                    long calendarMost =
                            bySecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
                    long most =
                            mostInAnySecond(seen); // sliding: the API's second may start anywhere
                    double rate = rows / seconds;
                    if (concurrency == 1) {
                        sequential = rate;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%11d  %7.2f  %9.0f  %12s  %10.1f  %14d  %20d  %s%n",
                            concurrency,
                            seconds,
                            rate,
                            sequential == 0
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", rate / sequential),
                            seen.size() / seconds,
                            most,
                            calendarMost,
                            exact ? "yes" : "NO (" + rows + " rows, " + distinct + " ids)");
                    if (perSecond > 0 && most > perSecond) {
                        // the seconds as the server counted them, with the millisecond of each
                        // request
                        seen.stream()
                                .collect(
                                        Collectors.groupingBy(
                                                Instant::getEpochSecond,
                                                TreeMap::new,
                                                Collectors.mapping(
                                                        at -> at.getNano() / 1_000_000,
                                                        Collectors.toList())))
                                .forEach(
                                        (second, ms) ->
                                                System.out.println("  " + second + ": " + ms));
                    }
                }
            }
        }
        server.stop(0);
        Files.deleteIfExists(windowSchema);
        Files.deleteIfExists(schema);
        System.exit(0);
    }

    /** The most requests in any half-open one-second interval, sliding. */
    static long mostInAnySecond(List<Instant> seen) {
        List<Instant> at = new java.util.ArrayList<>(seen);
        at.sort(null);
        long most = 0;
        for (int from = 0, to = 0; to < at.size(); to++) {
            while (!at.get(from).plusSeconds(1).isAfter(at.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
