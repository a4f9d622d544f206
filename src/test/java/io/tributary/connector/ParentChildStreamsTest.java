package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parent -> child route pattern of {@code examples/routes/tracker-projects-issues.camel.yaml},
 * loaded as a route file: the driver syncs projects, then each project's issues, each project with
 * its own cursor.
 */
class ParentChildStreamsTest {
    static final Pattern ISSUES = Pattern.compile("/api/projects/([^/]+)/issues");
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    final List<ObjectNode> projects = new CopyOnWriteArrayList<>();
    final Map<String, List<ObjectNode>> issues = new ConcurrentHashMap<>();
    final java.util.Set<String> broken = ConcurrentHashMap.newKeySet();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    void addIssues(String project, int count, Instant from) {
        List<ObjectNode> list = issues.computeIfAbsent(project, p -> new CopyOnWriteArrayList<>());
        int start = list.size();
        for (int i = start; i < start + count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", project + "-" + i)
                            .put("project", project)
                            .put("title", "issue " + i)
                            .put("updated_at", from.plusSeconds(i * 60L).toString()));
        }
    }

    Reply serve(PagedApi.Request r) {
        if (r.path().equals("/api/projects")) {
            ObjectNode body = PagedApi.JSON.createObjectNode().put("total_pages", 1);
            body.putArray("projects").addAll(projects);
            return Reply.json(body);
        }
        Matcher m = ISSUES.matcher(r.path());
        if (m.matches() && broken.contains(m.group(1))) {
            return Reply.status(400, "{\"message\":\"bad request\"}", Map.of());
        }
        if (!m.matches() || !issues.containsKey(m.group(1))) {
            return Reply.status(404, "{\"message\":\"no such project\"}", Map.of());
        }
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
    void eachParentsChildrenSyncWithTheirOwnCursor() throws Exception {
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        for (String id : List.of("P1", "P2", "P3")) {
            projects.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("name", "project " + id)
                            .put("updated_at", t0.toString()));
        }
        addIssues("P1", 250, t0);
        addIssues("P2", 7, t0.plusSeconds(86_400));
        // P3 has been deleted since: its issues answer 404, ignored by the child's errorPolicy
        api = new PagedApi(this::serve);
        tributary
                .set("tracker.base-url", api.baseUrl())
                .set("tracker.token", "Bearer tracker-secret-1")
                .set("tracker.schedule", "direct:tracker")
                .start();
        tributary.load("examples/routes/tracker-projects-issues.camel.yaml");

        tributary.send("direct:tracker");

        assertEquals(3, db.count("SELECT COUNT(*) FROM tracker_projects"));
        assertEquals(issueIds(), dbIssueIds());
        assertEquals(t0.plusSeconds(249 * 60L).toString(), db.cursor("tracker-issues/P1"));
        assertEquals(t0.plusSeconds(86_400 + 6 * 60L).toString(), db.cursor("tracker-issues/P2"));
        assertEquals(null, db.cursor("tracker-issues/P3"));

        addIssues("P2", 3, t0.plusSeconds(86_400));
        int before = api.requests().size();
        tributary.send("direct:tracker");

        assertEquals(issueIds(), dbIssueIds());
        List<PagedApi.Request> second = api.requests().subList(before, api.requests().size());
        assertEquals(
                t0.plusSeconds(249 * 60L).toString(),
                first(second, "P1").param("since"),
                "P1 asks from its own cursor");
        assertEquals(
                t0.plusSeconds(86_400 + 6 * 60L).toString(),
                first(second, "P2").param("since"),
                "P2 asks from its own cursor");
        assertEquals(t0.plusSeconds(86_400 + 9 * 60L).toString(), db.cursor("tracker-issues/P2"));
        assertTrue(
                api.requests().stream()
                        .allMatch(
                                r ->
                                        "Bearer tracker-secret-1"
                                                .equals(r.headers().get("authorization"))));
        assertTrue(
                api.requests().stream()
                        .filter(r -> r.path().endsWith("/issues"))
                        .allMatch(
                                r ->
                                        "state=all".equals(r.rawQuery().split("&")[0])
                                                && r.rawQuery().indexOf("state=")
                                                        == r.rawQuery().lastIndexOf("state=")),
                "the child url's own query goes once with every request");
    }

    List<String> once(String... extra) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:examples/routes/tracker-projects-issues.camel.yaml",
                                "--tracker.base-url=" + api.baseUrl(),
                                "--tracker.token=Bearer tracker-secret-1",
                                "--tracker.schedule=timer:tracker?repeatCount=1"));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void runOnceWaitsForEveryChildAndExitsOneWhenAnEarlierParentsChildFailed() throws Exception {
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        for (String id : List.of("P1", "P2")) {
            projects.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("name", "project " + id)
                            .put("updated_at", t0.toString()));
        }
        addIssues("P1", 5, t0);
        addIssues("P2", 120, t0);
        broken.add("P1"); // P1's child sync fails; P2's, the last one, succeeds
        api = new PagedApi(this::serve);

        int exit = new io.tributary.Tributary().run(once().toArray(String[]::new));

        assertEquals(io.tributary.Tributary.SYNC_FAILED, exit);
        assertEquals(null, db.cursor("tracker-issues/P1"));
        assertEquals(
                120,
                db.count("SELECT COUNT(*) FROM tracker_issues WHERE project_id = 'P2'"),
                "the run ended after P2's children");
    }

    @Test
    void runOnceNamingAChildConnectorIsRefusedNamingWhatRunsIt() throws Exception {
        api = new PagedApi(this::serve);

        int exit = new io.tributary.Tributary().run(once("tracker-issues").toArray(String[]::new));

        assertEquals(io.tributary.Tributary.BAD_USAGE, exit);
    }

    static PagedApi.Request first(List<PagedApi.Request> requests, String project) {
        return requests.stream()
                .filter(r -> r.path().equals("/api/projects/" + project + "/issues"))
                .findFirst()
                .orElseThrow();
    }

    TreeSet<String> issueIds() {
        return issues.values().stream()
                .flatMap(List::stream)
                .map(i -> i.get("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    TreeSet<String> dbIssueIds() {
        return db.column("SELECT id FROM tracker_issues").stream()
                .map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
