package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.Tributary;
import io.tributary.cli.Options;
import io.tributary.cli.PreviewCommand;
import io.tributary.metrics.SyncOutcome;
import io.tributary.metrics.SyncOutcomes;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The declared parent -> child form of {@code
 * examples/routes/tracker-projects-issues-declarative.camel.yaml}: the child names its parent
 * connector, so no driver route; it runs once per stored project after each projects sync, writes
 * the project's id into rows whose records lack it, and keeps a cursor per project. Against a
 * loopback tracker API, on H2 and PostgreSQL.
 */
class DeclaredParentChildTest {
    static final String EXAMPLE = "examples/routes/tracker-projects-issues-declarative.camel.yaml";
    static final Pattern ISSUES = Pattern.compile("/api/projects/([^/]+)/issues");
    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    final List<ObjectNode> projects = new CopyOnWriteArrayList<>();
    final Map<String, List<ObjectNode>> issues = new ConcurrentHashMap<>();
    final Set<String> broken = ConcurrentHashMap.newKeySet();
    final List<AutoCloseable> open = new ArrayList<>();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void addProject(String id) {
        projects.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", "project " + id)
                        .put("updated_at", T0.toString()));
    }

    /** Issues as the tracker sends them: they do not name their project. */
    void addIssues(String project, int count, Instant from) {
        List<ObjectNode> list = issues.computeIfAbsent(project, p -> new CopyOnWriteArrayList<>());
        int start = list.size();
        for (int i = start; i < start + count; i++) {
            list.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", project + "-" + i)
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

    ConnectorHarness tributary(Database db) throws Exception {
        api = new PagedApi(this::serve);
        open.add(api);
        ConnectorHarness tributary = new ConnectorHarness(db);
        open.add(0, tributary);
        tributary
                .set("tracker.base-url", api.baseUrl())
                .set("tracker.token", "Bearer tracker-secret-1")
                .set("tracker.schedule", "direct:tracker")
                .start();
        return tributary;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyProjectsIssuesLoadAfterTheProjectsWithTheProjectIdFromTheParentAndACursorPerProject(
            String kind) throws Exception {
        Database db = Database.of(kind);
        for (String id : List.of("P1", "P2", "P3")) {
            addProject(id);
        }
        addIssues("P1", 250, T0);
        addIssues("P2", 7, T0.plusSeconds(86_400));
        // P3 has been deleted since: its issues answer 404, ignored by the child's errorPolicy
        ConnectorHarness tributary = tributary(db);
        tributary.load(EXAMPLE);

        tributary.send("direct:tracker"); // the parent's schedule only: no driver route

        assertEquals(3, db.count("SELECT COUNT(*) FROM tracker_projects"));
        assertEquals(
                expectedProjectOfEachIssue(),
                projectOfEachIssue(db),
                "every project's issues, project_id from the parent");
        assertEquals(T0.plusSeconds(249 * 60L).toString(), db.cursor("tracker-issues/P1"));
        assertEquals(T0.plusSeconds(86_400 + 6 * 60L).toString(), db.cursor("tracker-issues/P2"));
        assertNull(
                db.cursor("tracker-issues/P3"),
                "a deleted project's 404 ends its stream with nothing to move the cursor");
        assertNull(db.cursor("tracker-issues"), "no cursor for the child as a whole");
        assertTrue(
                latest(tributary, "tracker-issues").success(), "the 404 is ignored, not a failure");

        addIssues("P2", 3, T0.plusSeconds(86_400));
        addProject("P4"); // added at the source: its issues come with the next run
        addIssues("P4", 4, T0.plusSeconds(2 * 86_400));
        int before = api.requests().size();
        tributary.send("direct:tracker");

        assertEquals(expectedProjectOfEachIssue(), projectOfEachIssue(db));
        List<PagedApi.Request> second = api.requests().subList(before, api.requests().size());
        assertEquals(
                T0.plusSeconds(249 * 60L).toString(),
                first(second, "P1").param("since"),
                "P1 asks from its own cursor");
        assertEquals(
                T0.plusSeconds(86_400 + 6 * 60L).toString(),
                first(second, "P2").param("since"),
                "P2 asks from its own cursor");
        assertNull(first(second, "P4").param("since"), "the new project is read from the start");
        assertEquals(T0.plusSeconds(86_400 + 9 * 60L).toString(), db.cursor("tracker-issues/P2"));
        assertEquals(
                T0.plusSeconds(2 * 86_400 + 3 * 60L).toString(), db.cursor("tracker-issues/P4"));
        assertTrue(
                api.requests().stream()
                        .allMatch(
                                r ->
                                        "Bearer tracker-secret-1"
                                                .equals(r.headers().get("authorization"))));
        assertTrue(
                second.stream()
                        .filter(r -> r.path().endsWith("/issues"))
                        .allMatch(
                                r ->
                                        r.rawQuery().startsWith("state=all")
                                                && r.rawQuery().indexOf("state=")
                                                        == r.rawQuery().lastIndexOf("state=")),
                "the url's own query goes once with every request");
    }

    @Test
    void aFailedProjectFailsTheChildsRunWhileTheOtherProjectsMoveOnAndItsCursorStaysWhereItWas()
            throws Exception {
        Database db = Database.h2();
        for (String id : List.of("P1", "P2", "P3")) {
            addProject(id);
        }
        addIssues("P1", 5, T0);
        addIssues("P2", 5, T0);
        addIssues("P3", 5, T0);
        ConnectorHarness tributary = tributary(db);
        tributary.load(EXAMPLE);
        tributary.send("direct:tracker");
        String p2Before = db.cursor("tracker-issues/P2");
        Instant secondStarted = Instant.now();

        addIssues("P1", 2, T0.plusSeconds(3_600));
        addIssues("P2", 2, T0.plusSeconds(3_600));
        addIssues("P3", 2, T0.plusSeconds(3_600));
        broken.add("P2"); // P2's issues answer 400 now
        SyncOutcomes outcomes =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class);
        List<SyncOutcome> children = new CopyOnWriteArrayList<>();
        outcomes.addListener(
                o -> {
                    if (o.connector().equals("tracker-issues")) {
                        children.add(o);
                    }
                });
        tributary.send("direct:tracker");

        assertTrue(outcomes.anyFailedSince(secondStarted), "the child's run failed");
        assertEquals(
                List.of(true, false, true),
                children.stream().map(SyncOutcome::success).toList(),
                "one outcome per parent, in order");
        assertTrue(children.get(1).error().contains("parent P2"), children.get(1).error());
        assertEquals(p2Before, db.cursor("tracker-issues/P2"), "the failed parent's cursor stays");
        assertEquals(
                T0.plusSeconds(3_600 + 6 * 60L).toString(),
                db.cursor("tracker-issues/P1"),
                "an earlier parent moved on");
        assertEquals(
                T0.plusSeconds(3_600 + 6 * 60L).toString(),
                db.cursor("tracker-issues/P3"),
                "a later parent still ran and moved on");
        assertEquals(7, db.count("SELECT COUNT(*) FROM tracker_issues WHERE project_id = 'P3'"));
    }

    @Test
    void runOnceSyncsTheParentThenEveryChildAndExitsOneWhenAParentsChildFailed() throws Exception {
        Database db = Database.h2();
        for (String id : List.of("P1", "P2")) {
            addProject(id);
        }
        addIssues("P1", 5, T0);
        addIssues("P2", 120, T0);
        broken.add("P1");
        api = new PagedApi(this::serve);
        open.add(api);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + EXAMPLE,
                                "--tracker.base-url=" + api.baseUrl(),
                                "--tracker.token=Bearer tracker-secret-1",
                                "--tracker.schedule=timer:tracker?repeatCount=1"));
        args.addAll(db.options());

        int exit = new Tributary().run(args.toArray(String[]::new));

        assertEquals(Tributary.SYNC_FAILED, exit);
        assertEquals(2, db.count("SELECT COUNT(*) FROM tracker_projects"));
        assertNull(db.cursor("tracker-issues/P1"));
        assertEquals(
                120,
                db.count("SELECT COUNT(*) FROM tracker_issues WHERE project_id = 'P2'"),
                "P2's children ran before the exit");
    }

    @Test
    void previewOfTheChildForOneParentFillsTheParentsIdAndWritesNothing() throws Exception {
        Database db = Database.h2();
        addIssues("P7", 2, T0);
        api = new PagedApi(this::serve);
        open.add(api);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "preview",
                                "tracker-issues",
                                "--parent",
                                "P7",
                                "--format",
                                "json",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + EXAMPLE,
                                "--tracker.base-url=" + api.baseUrl(),
                                "--tracker.token=Bearer tracker-secret-1",
                                "--tracker.schedule=timer:tracker?repeatCount=1"));
        args.addAll(db.options());
        Options options = Options.parse(args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit =
                new Tributary()
                        .start(
                                options,
                                Map.of(),
                                new PreviewCommand(
                                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                                        options));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Tributary.OK, exit, out);
        assertTrue(out.contains("\"id\":\"P7-0\"") && out.contains("\"project_id\":\"P7\""), out);
        assertTrue(
                api.requests().stream().noneMatch(r -> r.path().equals("/api/projects")),
                "the parent does not run");
        assertFalse(
                db.tableExists("tracker_issues")
                        && db.count("SELECT COUNT(*) FROM tracker_issues") > 0,
                "nothing written");
        assertNull(db.cursor("tracker-issues/P7"));
    }

    @Test
    void aChildOnItsOwnScheduleReadsItsParentsFromAParentQueryWithTheirFieldsInTheUrlQuery()
            throws Exception {
        Database db = Database.h2();
        for (String id : List.of("P1", "P2")) {
            addProject(id);
        }
        addIssues("P1", 3, T0);
        addIssues("P2", 2, T0);
        ConnectorHarness tributary = tributary(db);
        tributary.load(EXAMPLE);
        tributary.send(
                "direct:tracker"); // the projects, then (declared in the example) their issues
        tributary.add(
                ConnectorSpec.named("open-issues")
                        .url(
                                api.baseUrl()
                                        + "/api/projects/{parent}/issues?state=all&label={parent.name}")
                        .parentQuery(
                                "SELECT id, name FROM tracker_projects WHERE id <> 'P1' ORDER BY id")
                        .parentColumns("project_id=id")
                        .pagination("cursor")
                        .nextPath("/next_cursor")
                        .tokenParam("cursor")
                        .pageSizeParam("limit")
                        .recordsPath("/issues")
                        .cursorParam("since")
                        .schema("examples/routes/tracker-issues.schema.yaml")
                        .table("open_issues"));
        int before = api.requests().size();

        SyncOutcome outcome =
                tributary.sync(
                        "open-issues"); // its own trigger: the parents are what the query finds now

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(Map.of("P2-0", "P2", "P2-1", "P2"), projectOfEachIssue(db, "open_issues"));
        List<PagedApi.Request> asked = api.requests().subList(before, api.requests().size());
        assertEquals(
                "project P2",
                first(asked, "P2").param("label"),
                "{parent.name} in the query, encoded");
        assertTrue(
                asked.stream().noneMatch(r -> r.path().equals("/api/projects/P1/issues")),
                "only the query's parents");
        assertEquals(T0.plusSeconds(60).toString(), db.cursor("open-issues/P2"));
    }

    SyncOutcome latest(ConnectorHarness tributary, String connector) {
        return tributary
                .context()
                .getRegistry()
                .lookupByNameAndType("tributarySyncOutcomes", SyncOutcomes.class)
                .latest(connector)
                .orElseThrow();
    }

    static PagedApi.Request first(List<PagedApi.Request> requests, String project) {
        return requests.stream()
                .filter(r -> r.path().equals("/api/projects/" + project + "/issues"))
                .findFirst()
                .orElseThrow();
    }

    Map<String, String> expectedProjectOfEachIssue() {
        Map<String, String> expected = new TreeMap<>();
        issues.forEach(
                (project, list) -> list.forEach(i -> expected.put(i.get("id").asText(), project)));
        return expected;
    }

    static Map<String, String> projectOfEachIssue(Database db) throws Exception {
        return projectOfEachIssue(db, "tracker_issues");
    }

    static Map<String, String> projectOfEachIssue(Database db, String table) throws Exception {
        Map<String, String> found = new TreeMap<>();
        try (var c = db.connect();
                var rs = c.createStatement().executeQuery("SELECT id, project_id FROM " + table)) {
            while (rs.next()) {
                found.put(rs.getString(1), rs.getString(2));
            }
        }
        return found;
    }
}
