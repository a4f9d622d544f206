package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A per-second budget counted where it matters, at the server: a loopback tracker API (the one of
 * {@code examples/routes/tracker-projects-issues-declarative.camel.yaml}: each project's issues
 * paged with a {@code next_cursor}, as GitHub-like trackers do) stamps each request as it arrives,
 * and no one-second interval, sliding, holds more requests than the budget, with {@code
 * concurrency: 8} and with two Tributary processes (Camel contexts) sharing the budget in one
 * database.
 */
class SharedBudgetAtTheServerTest {
    static final Pattern ISSUES = Pattern.compile("/api/projects/([^/]+)/issues");
    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    static final int PER_SECOND = 20;
    final Map<String, Integer> issueCounts = new TreeMap<>();
    final List<Instant> arrivals = new ArrayList<>(); // guarded by itself
    final List<AutoCloseable> open = new ArrayList<>();
    final Database db = Database.h2();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * Projects P01.. with 3 to 27 issues each (one to three pages of ten), as parents in the db.
     */
    void projects(int count) throws Exception {
        try (Connection c = db.connect()) {
            c.createStatement().execute("CREATE TABLE tracker_projects (id VARCHAR(20))");
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO tracker_projects (id) VALUES (?)")) {
                for (int p = 1; p <= count; p++) {
                    String id = String.format("P%02d", p);
                    issueCounts.put(id, 3 + p * 7 % 25);
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
        }
        api = new PagedApi(this::serve);
        open.add(api);
        // the server's first answers load its classes: warmed, it stamps requests as they come
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            client.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(
                                            api.baseUrl() + "/api/projects/P01/issues?limit=10"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        synchronized (arrivals) {
            arrivals.clear();
        }
    }

    Reply serve(PagedApi.Request r) throws InterruptedException {
        Instant arrived = Instant.now();
        synchronized (arrivals) {
            arrivals.add(arrived);
        }
        Matcher m = ISSUES.matcher(r.path());
        if (!m.matches() || !issueCounts.containsKey(m.group(1))) {
            return Reply.status(404, "{\"message\":\"no such project\"}", Map.of());
        }
        Thread.sleep(30); // an API's latency: the projects' requests overlap
        int total = issueCounts.get(m.group(1));
        int from = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor"));
        int to = Math.min(total, from + Integer.parseInt(r.param("limit")));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        var list = body.putArray("issues");
        for (int i = from; i < to; i++) {
            list.addObject()
                    .put("id", m.group(1) + "-" + i)
                    .put("title", "issue " + i)
                    .put("updated_at", T0.plusSeconds(i * 60L).toString());
        }
        if (to < total) {
            body.put("next_cursor", Integer.toString(to));
        }
        return Reply.json(body);
    }

    /** A Tributary process on the shared database, with the budget {@code tracker}. */
    ConnectorHarness process() throws Exception {
        ConnectorHarness p = new ConnectorHarness(db);
        open.add(0, p);
        p.set("tributary.ratelimit.tracker.per-second", "" + PER_SECOND)
                // up to 8 builds share this host's 2 cores: a request's way from its slot to the
                // server's handler varies by up to ~200 ms here (gaps and bunches in its arrivals),
                // and the
                // margin says how much it may vary
                .set("tributary.ratelimit.tracker.margin", "PT0.3S")
                .start();
        return p;
    }

    ConnectorSpec issuesOfEachProject(String name, String table) {
        return ConnectorSpec.named(name)
                .url(api.baseUrl() + "/api/projects/{parent}/issues?state=all")
                .parentQuery("SELECT id FROM tracker_projects ORDER BY id")
                .parentColumns("project_id=id")
                .pagination("cursor")
                .nextPath("/next_cursor")
                .tokenParam("cursor")
                .pageSizeParam("limit")
                .pageSize(10)
                .recordsPath("/issues")
                .schema("examples/routes/tracker-issues.schema.yaml")
                .table(table)
                .rateLimit("tracker")
                .with("concurrency", 8);
    }

    Map<String, String> expectedProjectOfEachIssue() {
        Map<String, String> expected = new TreeMap<>();
        issueCounts.forEach(
                (project, n) -> {
                    for (int i = 0; i < n; i++) {
                        expected.put(project + "-" + i, project);
                    }
                });
        return expected;
    }

    /** The most requests the server received in any half-open one-second interval. */
    int mostInAnySecondAtTheServer() {
        List<Instant> sorted;
        synchronized (arrivals) {
            sorted = new ArrayList<>(arrivals);
        }
        sorted.sort(null);
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).plusSeconds(1).isAfter(sorted.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    /** The arrivals, in ms after the first, for a failure's message. */
    String arrived() {
        synchronized (arrivals) {
            List<Instant> sorted = new ArrayList<>(arrivals);
            sorted.sort(null);
            return ", arrived at (ms) "
                    + sorted.stream()
                            .map(t -> java.time.Duration.between(sorted.get(0), t).toMillis())
                            .toList();
        }
    }

    @Test
    void eightProjectsAtOnceNeverSendMoreThanTheBudgetInAnySecondAtTheServer() throws Exception {
        projects(30);
        ConnectorHarness tributary = process();
        tributary.add(issuesOfEachProject("all-issues", "all_issues"));

        SyncOutcome outcome = tributary.sync("all-issues");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"),
                "every issue once, with its own project");
        assertTrue(arrivals.size() > 2 * PER_SECOND, "seconds' worth of requests: " + arrivals);
        int most = mostInAnySecondAtTheServer();
        assertTrue(most <= PER_SECOND, "the most in any second at the server: " + most + arrived());
    }

    @Test
    void twoProcessesSharingTheBudgetInOneDatabaseNeverSendMoreThanItInAnySecond()
            throws Exception {
        projects(20);
        ConnectorHarness first = process();
        ConnectorHarness second = process();
        first.add(issuesOfEachProject("issues-a", "issues_a"));
        second.add(issuesOfEachProject("issues-b", "issues_b"));

        CompletableFuture<SyncOutcome> a = first.syncInBackground("issues-a");
        CompletableFuture<SyncOutcome> b = second.syncInBackground("issues-b");

        assertTrue(a.get(2, TimeUnit.MINUTES).success(), a.get().summary());
        assertTrue(b.get(2, TimeUnit.MINUTES).success(), b.get().summary());
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "issues_a"));
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "issues_b"));
        int most = mostInAnySecondAtTheServer();
        assertTrue(most <= PER_SECOND, "the most in any second at the server: " + most + arrived());
    }
}
