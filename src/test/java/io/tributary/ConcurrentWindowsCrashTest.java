package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a backfill reads eight date windows at once ({@code window: P1D}, {@code
 * concurrency: 8}), then run again: every event exactly once, and at the kill the cursor was never
 * past a window whose events were not all committed. The first run is a separate JVM, as in {@link
 * ConcurrentSlicesCrashTest}; the API answers an incremental export by {@code start_time} / {@code
 * end_time} in numbered pages, as Zendesk's time-based incremental exports (developer.zendesk.com,
 * "Incremental exports") are asked, slowed down so the kill lands mid-backfill.
 */
class ConcurrentWindowsCrashTest {
    static final int DAYS = 30;
    static final int EACH_DAY = 24; // one an hour: five pages of 5 a window
    final Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DAYS));
    final List<ObjectNode> events = new ArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    PagedApi api;
    Database db;

    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    Reply serve(PagedApi.Request r) throws InterruptedException {
        requests.incrementAndGet();
        Thread.sleep(150); // slow pages: the kill lands in the middle
        Instant from = Instant.parse(r.param("start_time"));
        Instant to = Instant.parse(r.param("end_time"));
        List<ObjectNode> in =
                events.stream()
                        .filter(
                                o -> {
                                    Instant t = Instant.parse(o.get("updated_at").asText());
                                    return !t.isBefore(from) && t.isBefore(to);
                                })
                        .collect(Collectors.toList());
        int page = Integer.parseInt(r.param("page"));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.putArray("items")
                .addAll(
                        in.subList(
                                Math.min(in.size(), (page - 1) * 5),
                                Math.min(in.size(), page * 5)));
        return Reply.json(body);
    }

    @Test
    void aBackfillOfEightWindowsAtOnceKilledMidwayKeepsItsCursorAtCommittedWindowsAndEndsExact()
            throws Exception {
        for (int i = 0; i < DAYS * EACH_DAY; i++) {
            events.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "e" + i)
                            .put("name", "event " + i)
                            .put(
                                    "updated_at",
                                    start.plus(Duration.ofMinutes(60L * i + 7)).toString()));
        }
        api = new PagedApi(this::serve);
        db = Database.postgres();
        Path routes = dir.resolve("events.camel.yaml");
        Files.writeString(routes, route("concurrency: 8"));

        Process child = startChild(routes);
        try {
            awaitRequests(60, child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback courtesy
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = db.count("SELECT COUNT(*) FROM events");
        assertTrue(
                afterKill > 0 && afterKill < events.size(),
                "killed mid-backfill with " + afterKill + " rows");
        String cursor = db.cursor("events");
        // 60 requests: the first eight windows' five pages each have been asked for
        assertTrue(cursor != null, "a finished prefix of windows moved the cursor");
        Instant at = Instant.parse(cursor);
        Set<String> committedBefore =
                events.stream()
                        .filter(e -> Instant.parse(e.get("updated_at").asText()).isBefore(at))
                        .map(e -> e.get("id").asText())
                        .collect(Collectors.toSet());
        Set<String> stored =
                db.column("SELECT id FROM events").stream()
                        .map(Object::toString)
                        .collect(Collectors.toSet());
        assertTrue(
                stored.containsAll(committedBefore),
                "the cursor " + cursor + " is past no uncommitted window");

        int exit = new Tributary().run(options(routes).toArray(String[]::new));

        assertEquals(Tributary.OK, exit);
        assertEquals(events.size(), db.count("SELECT COUNT(*) FROM events"));
        assertEquals(
                events.size(), db.count("SELECT COUNT(DISTINCT id) FROM events"), "nothing twice");
        assertTrue(
                !Instant.parse(db.cursor("events")).isBefore(start.plus(Duration.ofDays(DAYS))),
                db.cursor("events"));
    }

    /** The backfill's route file, with {@code extra} as its last source parameter. */
    String route(String extra) {
        return String.join(
                "\n",
                "- route:",
                "    id: events",
                "    from:",
                "      uri: kamelet:tributary-http-source",
                "      parameters:",
                "        schedule: \"{{events.schedule}}\"",
                "        url: \"{{events.base-url}}/api/v2/incremental/events\"",
                "        pagination: page-number",
                "        pageSize: 5",
                "        recordsPath: /items",
                "        window: P1D",
                "        windowStartParam: start_time",
                "        windowEndParam: end_time",
                "        cursorStart: \"" + start + "\"",
                "        " + extra,
                "      steps:",
                "        - to:",
                "            uri: kamelet:tributary-jdbc-sink",
                "            parameters:",
                "              schema: src/test/resources/paging/items.schema.yaml",
                "              table: events",
                "");
    }

    @Test
    void windowsAtOnceWithAnAppendStopStartUpWithExitTwoNamingConcurrency() throws Exception {
        api = new PagedApi(this::serve);
        db = Database.h2();
        Path routes = dir.resolve("events.camel.yaml");
        Files.writeString(
                routes,
                route("concurrency: 8")
                        .replace(
                                "table: events", "table: events\n              writeMode: append"));
        Tributary tributary = new Tributary();

        int exit = tributary.run(options(routes).toArray(String[]::new));

        assertEquals(Tributary.BAD_USAGE, exit);
        String problem = tributary.lastProblem();
        assertTrue(
                problem.contains("concurrency")
                        && problem.contains("writeMode append")
                        && problem.contains("events"),
                problem);
        assertEquals(0, requests.get(), "nothing ran");
    }

    @Test
    void aPreviewOfWindowsAtOnceWritesNothingAndLeavesTheCursorUnset() throws Exception {
        for (int i = 0; i < DAYS * EACH_DAY; i++) {
            events.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "e" + i)
                            .put("name", "event " + i)
                            .put(
                                    "updated_at",
                                    start.plus(Duration.ofMinutes(60L * i + 7)).toString()));
        }
        api = new PagedApi(this::serve);
        db = Database.h2();
        Path routes = dir.resolve("events.camel.yaml");
        Files.writeString(routes, route("concurrency: 8"));
        List<String> args = new ArrayList<>(List.of("preview", "events", "--pages", "3"));
        args.addAll(options(routes).subList(1, options(routes).size())); // not --once
        io.tributary.cli.Options options =
                io.tributary.cli.Options.parse(args.toArray(String[]::new));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out =
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new io.tributary.cli.PreviewCommand(out, options));

        assertEquals(Tributary.OK, exit, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(
                bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("nothing written"),
                bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(!db.tableExists("events"), "no table");
        assertEquals(null, db.cursor("events"));
    }

    List<String> options(Path routes) {
        return List.of(
                "--once",
                "--tributary.demo.enabled=false",
                "--camel.main.routes-include-pattern=file:" + routes,
                "--events.base-url=" + api.baseUrl(),
                "--events.schedule=timer:events?period=3600000",
                "--tributary.db.url=" + db.url,
                "--tributary.db.user=" + db.user,
                "--tributary.db.password=" + db.password);
    }

    Process startChild(Path routes) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Tributary.class.getName());
        command.addAll(options(routes));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/concurrent-windows-crash-child.log"));
        return pb.start();
    }

    /** Waits until the child has asked for {@code n} pages. */
    void awaitRequests(int n, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the first run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/concurrent-windows-crash-child.log");
            }
            if (requests.get() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the first run never asked for "
                        + n
                        + " pages; see target/concurrent-windows-crash-child.log");
    }
}
