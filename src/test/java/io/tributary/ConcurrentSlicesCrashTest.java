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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a child stream syncs eight parents at once ({@code concurrency: 8}), then run
 * again: every project's issues exactly once, each project's cursor at its last issue. The first
 * run is a separate JVM, as in {@link CrashRecoveryTest}; the API is the tracker of {@code
 * examples/routes/tracker-projects-issues-declarative.camel.yaml} on loopback, slowed down so the
 * kill lands mid-sync.
 */
class ConcurrentSlicesCrashTest {
    static final String EXAMPLE = "examples/routes/tracker-projects-issues-declarative.camel.yaml";
    static final Pattern ISSUES = Pattern.compile("/api/projects/([^/]+)/issues");
    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    static final int PROJECTS = 16;
    static final int ISSUES_EACH = 250; // three pages of 100
    final Map<String, List<ObjectNode>> issues = new ConcurrentHashMap<>();
    final List<ObjectNode> projects = new ArrayList<>();
    final AtomicInteger issueRequests = new AtomicInteger();
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
        if (r.path().equals("/api/projects")) {
            ObjectNode body = PagedApi.JSON.createObjectNode().put("total_pages", 1);
            body.putArray("projects").addAll(projects);
            return Reply.json(body);
        }
        Matcher m = ISSUES.matcher(r.path());
        if (!m.matches() || !issues.containsKey(m.group(1))) {
            return Reply.status(404, "{\"message\":\"no such project\"}", Map.of());
        }
        issueRequests.incrementAndGet();
        Thread.sleep(150); // slow pages: the kill lands in the middle
        Instant since = r.param("since") == null ? Instant.EPOCH : Instant.parse(r.param("since"));
        List<ObjectNode> matching =
                issues.get(m.group(1)).stream()
                        .filter(i -> !Instant.parse(i.get("updated_at").asText()).isBefore(since))
                        .collect(Collectors.toList());
        int from = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor"));
        int to = Math.min(matching.size(), from + Integer.parseInt(r.param("limit")));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.putArray("issues").addAll(matching.subList(from, to));
        if (to < matching.size()) {
            body.put("next_cursor", Integer.toString(to));
        }
        return Reply.json(body);
    }

    @Test
    void aSyncOfEightProjectsAtOnceKilledMidwayAndRunAgainHasEveryIssueOnce() throws Exception {
        for (int p = 1; p <= PROJECTS; p++) {
            String id = String.format("P%02d", p);
            projects.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("name", "project " + id)
                            .put("updated_at", T0.toString()));
            List<ObjectNode> list = new ArrayList<>();
            for (int i = 0; i < ISSUES_EACH; i++) {
                list.add(
                        PagedApi.JSON
                                .createObjectNode()
                                .put("id", id + "-" + i)
                                .put("title", "issue " + i)
                                .put("updated_at", T0.plusSeconds(i * 60L).toString()));
            }
            issues.put(id, list);
        }
        api = new PagedApi(this::serve);
        db = Database.postgres();
        Path routes = dir.resolve("tracker.camel.yaml");
        String example = Files.readString(Path.of(EXAMPLE));
        Files.writeString(
                routes,
                example.replace(
                        "        parent: tracker-projects\n",
                        "        parent: tracker-projects\n        concurrency: 8\n"));

        Process child = startChild(routes);
        try {
            awaitIssueRequests(12, child);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback courtesy
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = db.count("SELECT COUNT(*) FROM tracker_issues");
        assertTrue(
                afterKill > 0 && afterKill < PROJECTS * ISSUES_EACH,
                "killed mid-sync with " + afterKill + " rows");

        int exit = new Tributary().run(options(routes).toArray(String[]::new));

        assertEquals(Tributary.OK, exit);
        assertEquals(PROJECTS * ISSUES_EACH, db.count("SELECT COUNT(*) FROM tracker_issues"));
        assertEquals(
                PROJECTS * ISSUES_EACH,
                db.count("SELECT COUNT(DISTINCT id) FROM tracker_issues"),
                "nothing twice");
        for (String project : issues.keySet()) {
            assertEquals(
                    ISSUES_EACH,
                    db.count("SELECT COUNT(*) FROM tracker_issues WHERE project_id = ?", project),
                    project + "'s issues");
            assertEquals(
                    T0.plusSeconds((ISSUES_EACH - 1) * 60L).toString(),
                    db.cursor("tracker-issues/" + project));
        }
    }

    List<String> options(Path routes) {
        return List.of(
                "--once",
                "--tributary.demo.enabled=false",
                "--camel.main.routes-include-pattern=file:" + routes,
                "--tracker.base-url=" + api.baseUrl(),
                "--tracker.token=Bearer tracker-secret-1",
                "--tracker.schedule=timer:tracker?period=3600000",
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
        pb.redirectOutput(new File("target/concurrent-slices-crash-child.log"));
        return pb.start();
    }

    /** Waits until the child has asked for {@code n} pages of issues. */
    void awaitIssueRequests(int n, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the first run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/concurrent-slices-crash-child.log");
            }
            if (issueRequests.get() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "the first run never asked for "
                        + n
                        + " pages; see target/concurrent-slices-crash-child.log");
    }
}
