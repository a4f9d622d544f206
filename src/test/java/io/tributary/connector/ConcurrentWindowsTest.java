package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backfill's date windows read several at once ({@code window} with {@code concurrency}): a
 * loopback server that answers an incremental export by {@code start_time} / {@code end_time} in
 * numbered pages of 5, as Zendesk's time-based incremental exports (developer.zendesk.com,
 * "Incremental exports", {@code start_time} and {@code end_time}) are asked window by window. The
 * table comes out exact, and the cursor only ever moves to the end of the windows finished from the
 * first one on.
 */
class ConcurrentWindowsTest {
    static final int DAYS = 12;
    final Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DAYS));
    final List<ObjectNode> events = new ArrayList<>();
    final Set<Instant> brokenWindows = ConcurrentHashMap.newKeySet(); // answered 400
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<AutoCloseable> open = new ArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Instant> windowStarts = new CopyOnWriteArrayList<>(); // each request's start_time
    final List<PagedApi.Request> seen = new CopyOnWriteArrayList<>();
    volatile io.tributary.metrics.SyncOutcomes outcomes; // to read the status page's running sync
    final AtomicInteger mostRecordsRunning = new AtomicInteger();
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Every 2 h 7 min over the backfill's days: 6 to 12 events a day, one to three pages. */
    void addEvents() {
        for (int i = 0;
                start.plus(Duration.ofMinutes(127L * i))
                        .isBefore(start.plus(Duration.ofDays(DAYS)));
                i++) {
            events.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "e" + i)
                            .put("name", "event " + i)
                            .put(
                                    "updated_at",
                                    start.plus(Duration.ofMinutes(127L * i)).toString()));
        }
    }

    Reply serve(PagedApi.Request r) throws InterruptedException {
        requests.add(r.rawQuery());
        seen.add(r);
        if (outcomes != null) {
            outcomes.running("events")
                    .ifPresent(
                            run ->
                                    mostRecordsRunning.accumulateAndGet(
                                            (int) run.records(), Math::max));
        }
        Instant from = Instant.parse(r.param("start_time"));
        windowStarts.add(from);
        Instant to = Instant.parse(r.param("end_time"));
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            // the first requests wait a little for a second one: windows read one at a time never
            // send it, and the assertion on mostInFlight fails
            for (int i = 0; i < 100 && mostInFlight.get() < 2; i++) {
                Thread.sleep(20);
            }
            Thread.sleep(10); // an API's latency: the windows' requests overlap
        } finally {
            inFlight.decrementAndGet();
        }
        if (brokenWindows.contains(from)) {
            return Reply.status(400, "{\"error\":\"InvalidWindow\"}", Map.of());
        }
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

    ConnectorHarness tributary(Database db, String form, Map<String, String> settings)
            throws Exception {
        addEvents();
        api = new PagedApi(this::serve);
        open.add(api);
        ConnectorHarness tributary = new ConnectorHarness(db);
        open.add(0, tributary);
        if (form.equals("kamelet")) {
            tributary.inKameletForm();
        }
        settings.forEach(tributary::set);
        tributary.start();
        return tributary;
    }

    ConnectorSpec events(int concurrency) {
        return ConnectorSpec.named("events")
                .url(api.baseUrl() + "/api/v2/incremental/events")
                .table("events")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("page-number")
                .pageSize(5)
                .window("P1D")
                .windowStartParam("start_time")
                .windowEndParam("end_time")
                .cursorStart(start.toString())
                .with("concurrency", concurrency);
    }

    Set<String> expectedIds() {
        return events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
    }

    static Set<String> idsIn(Database db) {
        return db.column("SELECT id FROM events").stream()
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} at once, {1} form on {2}")
    @CsvSource({
        "4, template, h2",
        "8, kamelet, h2",
        "4, kamelet, postgresql",
        "8, template, postgresql"
    })
    void windowsReadAtOnceLoadEveryEventOnceAndTheCursorEndsAtNow(
            int concurrency, String form, String kind) throws Exception {
        Database db = Database.of(kind);
        ConnectorHarness tributary = tributary(db, form, Map.of());
        tributary.add(events(concurrency));

        SyncOutcome done = tributary.sync("events");

        assertTrue(done.success(), done.summary());
        assertTrue(mostInFlight.get() >= 2, "windows' requests overlapped: " + mostInFlight);
        assertEquals(expectedIds(), idsIn(db), "every event once");
        assertEquals(events.size(), db.count("SELECT COUNT(*) FROM events"));
        assertEquals(events.size(), done.rowsWritten(), "the sync's outcome counts every window");
        assertEquals(events.size(), done.recordsRead());
        assertTrue(
                !Instant.parse(db.cursor("events")).isBefore(start.plus(Duration.ofDays(DAYS))),
                "the cursor is at the last window's end: " + db.cursor("events"));
        assertEquals(db.cursor("events"), done.cursor());
        assertEquals(Set.copyOf(requests).size(), requests.size(), "no request sent twice");
    }

    @Test
    void aFailedMiddleWindowFailsTheSyncAndTheCursorStaysAtTheEndOfTheWindowsBeforeIt()
            throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        brokenWindows.add(start.plus(Duration.ofDays(5)));
        tributary.add(events(4));

        SyncOutcome failed = tributary.sync("events");

        assertFalse(failed.success(), failed.summary());
        assertTrue(failed.error().contains("400"), failed.error());
        assertEquals(
                start.plus(Duration.ofDays(5)).toString(),
                db.cursor("events"),
                "the five windows before the failed one, not the later ones read meanwhile");
        Set<String> before5 =
                events.stream()
                        .filter(
                                e ->
                                        Instant.parse(e.get("updated_at").asText())
                                                .isBefore(start.plus(Duration.ofDays(5))))
                        .map(e -> e.get("id").asText())
                        .collect(Collectors.toSet());
        assertTrue(idsIn(db).containsAll(before5), "the prefix is committed");

        brokenWindows.clear();
        windowStarts.clear();
        SyncOutcome done = tributary.sync("events");

        assertTrue(done.success(), done.summary());
        assertEquals(expectedIds(), idsIn(db), "every event once after the re-read");
        assertEquals(events.size(), db.count("SELECT COUNT(*) FROM events"));
        assertEquals(
                start.plus(Duration.ofDays(5)),
                windowStarts.stream().min(Instant::compareTo).orElseThrow(),
                "the second sync re-reads from the failed window on, not the prefix before it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFaultStormOverWindowsAtOnceStillEndsWithAnExactTable(String kind) throws Exception {
        Database db = Database.of(kind);
        ConnectorHarness tributary =
                tributary(
                        db,
                        "template",
                        Map.of(
                                "tributary.retry.max-redeliveries", "15",
                                "tributary.retry.initial-delay-ms", "1",
                                "tributary.retry.max-delay-ms", "4"));
        // as FaultStormTest: 5xx, 429 with Retry-After, cut bodies, cut and reset connections
        java.util.Random random = new java.util.Random(20261202);
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
        tributary.add(events(8));

        SyncOutcome done = tributary.sync("events");

        assertTrue(done.success(), done.summary() + " " + injected);
        assertTrue(injected.size() > 3, "the storm broke requests: " + injected);
        assertEquals(expectedIds(), idsIn(db), "every event once: " + injected);
        assertTrue(
                !Instant.parse(db.cursor("events")).isBefore(start.plus(Duration.ofDays(DAYS))),
                db.cursor("events"));
    }

    @Test
    void aSyncOfWindowsAtOnceLogsOneSummaryLineWithTheWholeSyncsTotals() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "kamelet", Map.of());
        tributary.add(events(8));
        SyncOutcome done;
        List<String> lines;
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open()) {
            done = tributary.sync("events");
            lines = logs.linesContaining("sync connector=events outcome=");
        }

        assertTrue(done.success(), done.summary());
        assertEquals(1, lines.size(), "one line for the sync, not one per window: " + lines);
        assertTrue(lines.get(0).contains("written=" + events.size()), lines.get(0));
        assertTrue(lines.get(0).contains("cursor_from=" + start), lines.get(0));
    }

    @Test
    void windowsAtOnceAreRefusedWithAnAppendAndWithoutWindowsNamingConcurrency() throws Exception {
        ConnectorHarness tributary = tributary(Database.h2(), "template", Map.of());
        Map<ConnectorSpec, String> refused =
                Map.of(
                        events(4).with("writeMode", "append"),
                        "writeMode append",
                        events(4).with("writeMode", "replace"),
                        "writeMode replace",
                        events(4)
                                .with("window", "")
                                .with("windowStartParam", "")
                                .with("windowEndParam", ""),
                        "date windows of a backfill (window)");
        for (Map.Entry<ConnectorSpec, String> c : refused.entrySet()) {
            Exception e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            Exception.class, () -> tributary.add(c.getKey()));
            Throwable cause = e;
            while (!(cause instanceof io.tributary.config.ConnectorConfigException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof io.tributary.config.ConnectorConfigException, e.toString());
            assertTrue(cause.getMessage().contains("concurrency"), cause.getMessage());
            assertTrue(cause.getMessage().contains(c.getValue()), cause.getMessage());
        }
    }

    @Test
    void everyWindowsRequestCarriesTheCredentialsAndSpendsTheOneSharedBudget() throws Exception {
        Database db = Database.h2();
        int perSecond = 5;
        ConnectorHarness tributary =
                tributary(
                        db,
                        "template",
                        Map.of(
                                "tributary.ratelimit.zendesk.per-second",
                                "" + perSecond,
                                // a loaded build host delays a request past its slot: see
                                // SharedBudgetAtTheServerTest
                                "tributary.ratelimit.zendesk.margin",
                                "PT0.3S"));
        tributary.add(
                events(8)
                        .auth("api-key-header")
                        .authName("Authorization")
                        .authSecret("Bearer window-secret-1")
                        .with("rateLimit", "zendesk"));

        SyncOutcome done = tributary.sync("events");

        assertTrue(done.success(), done.summary());
        assertEquals(expectedIds(), idsIn(db));
        for (PagedApi.Request r : seen) {
            assertTrue(
                    r.headers().entrySet().stream()
                            .anyMatch(
                                    h ->
                                            h.getKey().equalsIgnoreCase("Authorization")
                                                    && h.getValue()
                                                            .equals("Bearer window-secret-1")),
                    "the credentials on " + r.rawQuery());
        }
        // the budget spaces its slots: no one-second interval at the server, wherever it starts,
        // holds more than the budget
        List<Instant> at = seen.stream().map(PagedApi.Request::at).sorted().toList();
        int most = 0;
        for (int from = 0, to = 0; to < at.size(); to++) {
            while (!at.get(from).plusSeconds(1).isAfter(at.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        assertTrue(most <= perSecond, "the most requests in any second at the server: " + most);
    }

    @Test
    void theStatusPageCountsTheRecordsOfEveryWindowBeingRead() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        tributary.add(events(8));
        outcomes =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType(
                                "tributarySyncOutcomes", io.tributary.metrics.SyncOutcomes.class);

        assertTrue(tributary.sync("events").success());

        // a window holds at most 12 events: more than that running at once is several windows
        assertTrue(
                mostRecordsRunning.get() > 12,
                "records of the windows in flight, summed: " + mostRecordsRunning);
        assertTrue(outcomes.running("events").isEmpty(), "nothing runs after the sync");
    }
}
