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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while one stream's numbered pages are read eight at once ({@code pagination:
 * page-number}, {@code totalPagesPath}, {@code concurrency: 8}), then run again: every record
 * exactly once (a full refresh, upserted). The first run is a separate JVM, as in {@link
 * ConcurrentWindowsCrashTest}; the API answers {@code ?page=N&page_size=5} with {@code
 * total_pages}, as numbered listings such as the demo weather API's do ({@code
 * PageNumberPagination}), slowed down so the kill lands mid-sync.
 */
class ConcurrentNumberedPagesCrashTest {
    static final int RECORDS = 300; // 60 pages of 5
    final List<ObjectNode> items = new ArrayList<>();
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
        int page = Integer.parseInt(r.param("page"));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.put("page", page).put("total_pages", (items.size() + 4) / 5);
        body.putArray("items")
                .addAll(
                        items.subList(
                                Math.min(items.size(), (page - 1) * 5),
                                Math.min(items.size(), page * 5)));
        return Reply.json(body);
    }

    @Test
    void pagesReadEightAtOnceKilledMidwayLeaveCommittedPagesAndTheRerunEndsExact()
            throws Exception {
        for (int i = 0; i < RECORDS; i++) {
            items.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "i" + i)
                            .put("name", "item " + i)
                            .put("updated_at", "2026-01-01T00:00:00Z"));
        }
        api = new PagedApi(this::serve);
        db = Database.postgres();
        Path routes = dir.resolve("items.camel.yaml");
        Files.writeString(routes, route("concurrency: 8"));

        Process child = startChild(routes);
        try {
            awaitRequests(24, child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback courtesy
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = db.count("SELECT COUNT(*) FROM items");
        assertTrue(afterKill > 0 && afterKill < RECORDS, "killed mid-sync with " + afterKill);
        assertEquals(0, afterKill % 5, "whole pages committed, none in part: " + afterKill);

        int exit = new Tributary().run(options(routes).toArray(String[]::new));

        assertEquals(Tributary.OK, exit);
        assertEquals(RECORDS, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(RECORDS, db.count("SELECT COUNT(DISTINCT id) FROM items"), "nothing twice");
    }

    @Test
    void pagesAtOnceWithoutATotalStopStartUpWithExitTwoNamingConcurrency() throws Exception {
        api = new PagedApi(this::serve);
        db = Database.h2();
        Path routes = dir.resolve("items.camel.yaml");
        Files.writeString(
                routes, route("concurrency: 8").replace("totalPagesPath: /total_pages", ""));
        Tributary tributary = new Tributary();

        int exit = tributary.run(options(routes).toArray(String[]::new));

        assertEquals(Tributary.BAD_USAGE, exit);
        String problem = tributary.lastProblem();
        assertTrue(
                problem.contains("concurrency")
                        && problem.contains("'8'")
                        && problem.contains("totalPagesPath")
                        && problem.contains("items"),
                problem);
        assertEquals(0, requests.get(), "nothing ran");
    }

    /** The stream's route file, with {@code extra} as its last source parameter. */
    String route(String extra) {
        return String.join(
                "\n",
                "- route:",
                "    id: items",
                "    from:",
                "      uri: kamelet:tributary-http-source",
                "      parameters:",
                "        schedule: \"{{items.schedule}}\"",
                "        url: \"{{items.base-url}}/api/items\"",
                "        pagination: page-number",
                "        pageParam: page",
                "        pageSizeParam: page_size",
                "        pageSize: 5",
                "        totalPagesPath: /total_pages",
                "        recordsPath: /items",
                "        " + extra,
                "      steps:",
                "        - to:",
                "            uri: kamelet:tributary-jdbc-sink",
                "            parameters:",
                "              schema: src/test/resources/paging/items.schema.yaml",
                "              table: items",
                "");
    }

    List<String> options(Path routes) {
        return List.of(
                "--once",
                "--tributary.demo.enabled=false",
                "--camel.main.routes-include-pattern=file:" + routes,
                "--items.base-url=" + api.baseUrl(),
                "--items.schedule=timer:items?period=3600000",
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
        pb.redirectOutput(new File("target/concurrent-numbered-crash-child.log"));
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
                                + "); see target/concurrent-numbered-crash-child.log");
            }
            if (requests.get() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the first run never asked for "
                        + n
                        + " pages; see target/concurrent-numbered-crash-child.log");
    }
}
