package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.config.ConnectorConfigException;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter {@code concurrency} on a child stream: the issues of many projects (the tracker API of
 * {@code examples/routes/tracker-projects-issues-declarative.camel.yaml}, a loopback server that
 * pages each project's issues with a {@code next_cursor} as GitHub-like trackers do) sync several
 * projects at once, each project its own run and cursor, into exact tables, within the shared
 * budget.
 */
class ConcurrentSlicesTest {
    static final String EXAMPLE = DeclaredParentChildTest.EXAMPLE;
    static final Pattern ISSUES = Pattern.compile("/api/projects/([^/]+)/issues");
    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    final List<ObjectNode> projects = new CopyOnWriteArrayList<>();
    final Map<String, List<ObjectNode>> issues = new ConcurrentHashMap<>();
    final Set<String> broken = ConcurrentHashMap.newKeySet();
    final Set<String> throttledOnce = ConcurrentHashMap.newKeySet(); // answered 429 once
    final List<Instant> throttledAt = new CopyOnWriteArrayList<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>(); // the child's requests, at the server
    volatile boolean measuring; // the child under test's requests, not the example's own
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<AutoCloseable> open = new ArrayList<>();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void addProjects(int count) {
        for (int p = 1; p <= count; p++) {
            String id = String.format("P%02d", p);
            projects.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("name", "project " + id)
                            .put("updated_at", T0.toString()));
            List<ObjectNode> list = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3 + p * 7 % 25; i++) { // 3 to 27 issues: one to three pages
                list.add(
                        PagedApi.JSON
                                .createObjectNode()
                                .put("id", id + "-" + i)
                                .put("title", "issue " + i)
                                .put("updated_at", T0.plusSeconds(i * 60L).toString()));
            }
            issues.put(id, list);
        }
    }

    Reply serve(PagedApi.Request r) throws InterruptedException {
        if (r.path().equals("/api/projects")) {
            ObjectNode body = PagedApi.JSON.createObjectNode().put("total_pages", 1);
            body.putArray("projects").addAll(projects);
            return Reply.json(body);
        }
        if (!measuring) {
            return issuesOf(r);
        }
        seen.add(new Seen(Instant.now(), r.path() + "?" + r.rawQuery()));
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            // the first requests wait a little for a second one to arrive: one run at a time
            // would never send it, and the assertion on mostInFlight fails
            for (int i = 0; i < 100 && mostInFlight.get() < 2; i++) {
                Thread.sleep(20);
            }
            Thread.sleep(20); // an API's latency: the projects' runs overlap
            return issuesOf(r);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A request of the child under test as the server saw it. */
    record Seen(Instant at, String request) {}

    List<Instant> childRequests() {
        return seen.stream().map(Seen::at).toList();
    }

    private Reply issuesOf(PagedApi.Request r) {
        Matcher m = ISSUES.matcher(r.path());
        if (m.matches() && throttledOnce.remove(m.group(1))) {
            throttledAt.add(Instant.now()); // as GitHub's secondary rate limit answers
            return Reply.status(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "3"));
        }
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

    /** The projects (the example's parent) are stored; the child under test is added after. */
    ConnectorHarness tributary(Database db, String form, Map<String, String> settings)
            throws Exception {
        api = new PagedApi(this::serve);
        open.add(api);
        ConnectorHarness tributary = new ConnectorHarness(db);
        open.add(0, tributary);
        if (form.equals("kamelet")) {
            tributary.inKameletForm();
        }
        tributary
                .set("tracker.base-url", api.baseUrl())
                .set("tracker.token", "Bearer tracker-secret-1")
                .set("tracker.schedule", "direct:tracker");
        settings.forEach(tributary::set);
        tributary.start();
        tributary.load(EXAMPLE);
        tributary.send("direct:tracker"); // the projects, and the example's own child, in turn
        measuring = true;
        return tributary;
    }

    ConnectorSpec child(int concurrency) {
        return ConnectorSpec.named("all-issues")
                .url(api.baseUrl() + "/api/projects/{parent}/issues?state=all")
                .parentQuery("SELECT id FROM tracker_projects ORDER BY id")
                .parentColumns("project_id=id")
                .pagination("cursor")
                .nextPath("/next_cursor")
                .tokenParam("cursor")
                .pageSizeParam("limit")
                .pageSize(10)
                .recordsPath("/issues")
                .cursorParam("since")
                .auth("api-key-header")
                .authName("Authorization")
                .authSecret("Bearer tracker-secret-1")
                .schema("examples/routes/tracker-issues.schema.yaml")
                .table("all_issues")
                .with("concurrency", concurrency);
    }

    Map<String, String> expectedProjectOfEachIssue() {
        Map<String, String> expected = new TreeMap<>();
        issues.forEach(
                (project, list) -> list.forEach(i -> expected.put(i.get("id").asText(), project)));
        return expected;
    }

    @ParameterizedTest(name = "{0} form on {1}")
    @CsvSource({"template, h2", "kamelet, h2", "template, postgresql", "kamelet, postgresql"})
    void eightProjectsAtOnceLoadEveryIssueOnceWithTheirOwnCursorsAndAllSucceed(
            String form, String kind) throws Exception {
        Database db = Database.of(kind);
        addProjects(20);
        ConnectorHarness tributary = tributary(db, form, Map.of());
        tributary.add(child(8));

        assertTrue(tributary.sync("all-issues").success());

        assertTrue(mostInFlight.get() >= 2, "projects' requests overlapped: " + mostInFlight);
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"),
                "every issue once, with its own project");
        for (Map.Entry<String, List<ObjectNode>> e : issues.entrySet()) {
            List<ObjectNode> list = e.getValue();
            assertEquals(
                    list.get(list.size() - 1).get("updated_at").asText(),
                    db.cursor("all-issues/" + e.getKey()),
                    "the cursor of " + e.getKey());
        }
        List<String> requests = seen.stream().map(Seen::request).toList();
        assertEquals(Set.copyOf(requests).size(), requests.size(), "no request sent twice");

        int before = childRequests().size();
        assertTrue(tributary.sync("all-issues").success());
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"),
                "a second sync from the cursors writes nothing twice");
        assertEquals(before + 20, childRequests().size(), "one request a project from its cursor");
    }

    @Test
    void aFailingProjectFailsItsOwnRunWhileTheOthersCommitAndItsCursorStaysUnset()
            throws Exception {
        Database db = Database.h2();
        addProjects(12);
        broken.add("P05");
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        tributary.add(child(8));

        tributary.sync("all-issues");

        Map<String, String> expected = expectedProjectOfEachIssue();
        expected.values().removeIf("P05"::equals);
        assertEquals(expected, DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"));
        assertEquals(null, db.cursor("all-issues/P05"));
        assertEquals(
                issues.get("P12").get(issues.get("P12").size() - 1).get("updated_at").asText(),
                db.cursor("all-issues/P12"));
        assertTrue(
                tributary.context().getRouteController().getRouteStatus("all-issues").isStarted());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "postgresql"})
    void aFaultStormOverProjectsAtOnceStillEndsWithExactTablesAndCursors(String kind)
            throws Exception {
        Database db = Database.of(kind);
        addProjects(12);
        ConnectorHarness tributary =
                tributary(
                        db,
                        "template",
                        Map.of(
                                "tributary.retry.max-redeliveries", "15",
                                "tributary.retry.initial-delay-ms", "1",
                                "tributary.retry.max-delay-ms", "4"));
        // as FaultStormTest: 5xx, 429 with Retry-After, cut bodies, cut and reset connections
        java.util.Random random = new java.util.Random(20261201);
        Map<PagedApi.Fault, Integer> injected = new ConcurrentHashMap<>();
        api.faults(
                n -> {
                    double x;
                    synchronized (random) {
                        x = random.nextDouble();
                    }
                    PagedApi.Fault f =
                            n % 10 == 0
                                    ? PagedApi.Fault.TOO_MANY_REQUESTS
                                    : x < 0.20
                                            ? List.of(
                                                            PagedApi.Fault.STATUS_500,
                                                            PagedApi.Fault.STATUS_502,
                                                            PagedApi.Fault.STATUS_503)
                                                    .get(n % 3)
                                            : x < 0.27
                                                    ? PagedApi.Fault.BODY_CUT_IN_HALF
                                                    : x < 0.32
                                                            ? PagedApi.Fault.CONNECTION_CUT_MID_BODY
                                                            : x < 0.37
                                                                    ? PagedApi.Fault
                                                                            .CONNECTION_RESET
                                                                    : PagedApi.Fault.NONE;
                    injected.merge(f, 1, Integer::sum);
                    return f;
                });
        tributary.add(child(8));

        tributary.sync("all-issues");

        assertTrue(injected.size() > 3, "the storm broke requests: " + injected);
        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"),
                "every issue once: " + injected);
        for (Map.Entry<String, List<ObjectNode>> e : issues.entrySet()) {
            List<ObjectNode> list = e.getValue();
            assertEquals(
                    list.get(list.size() - 1).get("updated_at").asText(),
                    db.cursor("all-issues/" + e.getKey()),
                    "the cursor of " + e.getKey());
        }
    }

    @Test
    void eightProjectsAtOnceSpendOneSharedBudgetCountedAtTheServer() throws Exception {
        Database db = Database.h2();
        addProjects(16);
        int perSecond = 5;
        ConnectorHarness tributary =
                tributary(
                        db,
                        "template",
                        Map.of(
                                "tributary.ratelimit.tracker.per-second",
                                "" + perSecond,
                                // a loaded build host delays a request past its slot: see
                                // SharedBudgetAtTheServerTest
                                "tributary.ratelimit.tracker.margin",
                                "PT0.3S"));
        tributary.add(child(8).with("rateLimit", "tracker"));

        assertTrue(tributary.sync("all-issues").success());

        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"));
        List<Instant> at = new ArrayList<>(childRequests());
        at.sort(null);
        // the budget spaces its grants: no second at the server, sliding, holds more than it
        int most = 0;
        for (int from = 0, to = 0; to < at.size(); to++) {
            while (!at.get(from).plusSeconds(1).isAfter(at.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        assertTrue(most <= perSecond, "the most in any second at the server: " + most + " " + at);
        TreeMap<Long, Long> perSecondAtServer =
                at.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Instant::getEpochSecond,
                                        TreeMap::new,
                                        Collectors.counting()));
        assertTrue(perSecondAtServer.size() > 3, "the budget spread them: " + perSecondAtServer);
    }

    @Test
    void aRetryAfterOnOneProjectsRequestPausesEveryProjectsRequests() throws Exception {
        Database db = Database.h2();
        addProjects(16);
        throttledOnce.add("P04");
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        tributary.add(child(8));

        assertTrue(tributary.sync("all-issues").success());

        assertEquals(
                expectedProjectOfEachIssue(),
                DeclaredParentChildTest.projectOfEachIssue(db, "all_issues"));
        Instant throttled = throttledAt.get(0);
        // requests already on their way when the 429 left may still arrive in its first second
        List<Instant> duringTheWait =
                childRequests().stream()
                        .filter(
                                at ->
                                        at.isAfter(throttled.plusSeconds(1))
                                                && at.isBefore(throttled.plusSeconds(3)))
                        .toList();
        assertEquals(List.of(), duringTheWait, "no project asked while the API said wait");
        assertTrue(
                seen.stream()
                        .anyMatch(
                                r ->
                                        r.at().isAfter(throttled.plusSeconds(3))
                                                && !r.request().contains("/P04/")),
                "the other projects waited, then went on");
    }

    @Test
    void concurrencyIsRefusedWhereSlicesCannotOverlapNamingWhy() throws Exception {
        addProjects(1);
        ConnectorHarness tributary = tributary(Database.h2(), "template", Map.of());
        for (Map.Entry<ConnectorSpec, String> c :
                Map.of(
                                child(8).without("parentQuery").without("parentColumns"),
                                "the pages of one stream are read in order",
                                child(33),
                                "at most 32",
                                child(2).with("writeMode", "replace"),
                                "writeMode replace")
                        .entrySet()) {
            Exception e = assertThrows(Exception.class, () -> tributary.add(c.getKey()));
            Throwable cause = e;
            while (!(cause instanceof ConnectorConfigException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof ConnectorConfigException, e.toString());
            assertTrue(cause.getMessage().contains("concurrency"), cause.getMessage());
            assertTrue(cause.getMessage().contains(c.getValue()), cause.getMessage());
            assertFalse(cause.getMessage().contains("tracker-secret-1"));
        }
    }
}
