package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.config.ConnectorConfigException;
import io.tributary.metrics.SyncOutcome;
import io.tributary.sink.PreviewSink;
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
 * One stream's numbered pages read several at once ({@code concurrency} with {@code pagination:
 * page-number} and {@code totalPagesPath}, or {@code offset} and {@code totalPath}): a loopback
 * server that answers {@code ?page=N&page_size=M} with {@code total_pages}, as the GitHub-style
 * numbered listings and the demo weather API do ({@code PageNumberPagination}), and {@code
 * ?startAt=K&maxResults=M} with {@code total}, capping maxResults as Jira's search does
 * (developer.atlassian.com, "Expansion, pagination, and ordering": {@code startAt}, {@code
 * maxResults}, {@code total}). The table comes out exact, no page is asked for twice.
 */
class ConcurrentNumberedPagesTest {
    static final int RECORDS = 57; // 12 pages of 5, the last one short

    final List<ObjectNode> items = new ArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<String> positions = new CopyOnWriteArrayList<>(); // each request's page or offset
    final Set<String> broken = ConcurrentHashMap.newKeySet(); // positions answered 400
    final Set<String> answered = ConcurrentHashMap.newKeySet(); // ids of pages answered 200
    final List<AutoCloseable> open = new ArrayList<>();
    volatile int cap = Integer.MAX_VALUE; // the most records a page holds, whatever is asked
    PagedApi api;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    Reply serve(PagedApi.Request r) throws InterruptedException {
        boolean offsets = r.param("startAt") != null;
        String position = offsets ? "offset " + r.param("startAt") : "page " + r.param("page");
        positions.add(position);
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            // the first requests wait a little for a second one: pages read one at a time never
            // send it, and the assertion on mostInFlight fails
            for (int i = 0; i < 50 && positions.size() > 1 && mostInFlight.get() < 2; i++) {
                Thread.sleep(20);
            }
            Thread.sleep(10); // an API's latency: the pages' requests overlap
        } finally {
            inFlight.decrementAndGet();
        }
        if (broken.contains(position)) {
            return Reply.status(400, "{\"error\":\"InvalidPage\"}", Map.of());
        }
        int size = Math.min(cap, Integer.parseInt(r.param(offsets ? "maxResults" : "page_size")));
        int from =
                offsets
                        ? Integer.parseInt(r.param("startAt"))
                        : (Integer.parseInt(r.param("page")) - 1) * size;
        List<ObjectNode> page =
                items.subList(Math.min(items.size(), from), Math.min(items.size(), from + size));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        if (offsets) {
            body.put("startAt", from).put("maxResults", size).put("total", items.size());
        } else {
            body.put("page", r.param("page")).put("total_pages", (items.size() + size - 1) / size);
        }
        body.putArray("items").addAll(page);
        page.forEach(o -> answered.add(o.get("id").asText()));
        return Reply.json(body);
    }

    ConnectorHarness tributary(Database db, String form, Map<String, String> settings)
            throws Exception {
        return tributary(db, form, settings, null);
    }

    ConnectorHarness tributary(
            Database db, String form, Map<String, String> settings, PreviewSink preview)
            throws Exception {
        for (int i = 0; i < RECORDS; i++) {
            items.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", "i" + i)
                            .put("name", "item " + i)
                            .put("updated_at", Instant.parse("2026-01-01T00:00:00Z").toString()));
        }
        api = new PagedApi(this::serve);
        open.add(api);
        ConnectorHarness tributary = new ConnectorHarness(db);
        open.add(0, tributary);
        if (form.equals("kamelet")) {
            tributary.inKameletForm();
        }
        settings.forEach(tributary::set);
        if (preview != null) {
            tributary.start(c -> c.getRegistry().bind(PreviewSink.BEAN, preview));
        } else {
            tributary.start();
        }
        return tributary;
    }

    ConnectorSpec items(String style, int concurrency) {
        ConnectorSpec spec =
                ConnectorSpec.named("items")
                        .url(api.baseUrl() + "/api/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pageSize(5)
                        .with("concurrency", concurrency);
        return style.equals("offset")
                ? spec.pagination("offset")
                        .offsetParam("startAt")
                        .pageSizeParam("maxResults")
                        .totalPath("/total")
                : spec.pagination("page-number")
                        .pageParam("page")
                        .pageSizeParam("page_size")
                        .totalPagesPath("/total_pages");
    }

    Set<String> expectedIds() {
        return items.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
    }

    static Set<String> idsIn(Database db) {
        return db.column("SELECT id FROM items").stream()
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{1} at once by {0}, {2} form on {3}")
    @CsvSource({
        "page-number, 4, template, h2",
        "page-number, 8, kamelet, h2",
        "offset, 4, kamelet, h2",
        "offset, 8, template, h2",
        "page-number, 4, kamelet, postgresql",
        "page-number, 8, template, postgresql",
        "offset, 4, template, postgresql",
        "offset, 8, kamelet, postgresql"
    })
    void pagesReadAtOnceLoadEveryRecordOnceAndAskForNoPageTwice(
            String style, int concurrency, String form, String kind) throws Exception {
        Database db = Database.of(kind);
        ConnectorHarness tributary = tributary(db, form, Map.of());
        tributary.add(items(style, concurrency));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertTrue(mostInFlight.get() >= 2, "pages' requests overlapped: " + mostInFlight);
        assertEquals(expectedIds(), idsIn(db), "every record once");
        assertEquals(RECORDS, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(RECORDS, done.rowsWritten(), "the sync's outcome counts every page");
        assertEquals(RECORDS, done.recordsRead());
        assertEquals(12, done.pages(), "the pages of every run");
        assertEquals(12, positions.size(), "12 requests: " + positions);
        assertEquals(Set.copyOf(positions).size(), positions.size(), "no page twice: " + positions);
        assertEquals(null, db.cursor("items"), "no request asks from a cursor: none is stored");
    }

    @Test
    void aFailedFirstPageFailsTheSyncAndReleasesTheRunsWaitingForItsTotal() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "kamelet", Map.of());
        broken.add("page 1");
        tributary.add(items("page-number", 8));

        SyncOutcome failed = tributary.sync("items");

        assertFalse(failed.success(), failed.summary());
        assertTrue(failed.error().contains("400"), failed.error());
        assertEquals(List.of("page 1"), positions, "no other page asked for");
        assertFalse(db.tableExists("items") && db.count("SELECT COUNT(*) FROM items") > 0);
    }

    @ParameterizedTest(name = "{0} records at concurrency 8")
    @ValueSource(ints = {0, 3})
    void aStreamOfOnePageAtConcurrencyEightAsksOnce(int records) throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        items.subList(records, items.size()).clear();
        tributary.add(items("offset", 8));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertEquals(List.of("offset 0"), positions);
        assertEquals(records, done.rowsWritten());
    }

    @Test
    void everyPagesRequestCarriesTheCredentialsAndSpendsTheOneSharedBudget() throws Exception {
        Database db = Database.h2();
        int perSecond = 5;
        List<PagedApi.Request> seen = new CopyOnWriteArrayList<>();
        ConnectorHarness tributary =
                tributary(
                        db,
                        "template",
                        Map.of("tributary.ratelimit.items.per-second", "" + perSecond));
        api.handler(
                r -> {
                    seen.add(r);
                    return serve(r);
                });
        tributary.add(
                items("page-number", 8)
                        .auth("api-key-header")
                        .authName("Authorization")
                        .authSecret("Bearer pages-secret-1")
                        .with("rateLimit", "items"));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertEquals(expectedIds(), idsIn(db));
        for (PagedApi.Request r : seen) {
            assertEquals("Bearer pages-secret-1", r.headers().get("authorization"), r.rawQuery());
        }
        java.util.TreeMap<Long, Long> perSecondAtServer =
                seen.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.at().getEpochSecond(),
                                        java.util.TreeMap::new,
                                        Collectors.counting()));
        // as for windows at once: a second at the server holds at most the budget and the requests
        // still on their way, one a run
        assertTrue(
                perSecondAtServer.values().stream().allMatch(n -> n <= perSecond + 8),
                "requests a second at the server: " + perSecondAtServer);
        long span = perSecondAtServer.lastKey() - perSecondAtServer.firstKey();
        assertTrue(
                seen.size() <= perSecond * (span + 2),
                "no more than the budget over the seconds they took: " + perSecondAtServer);
    }

    @Test
    void offsetsStepByWhatTheFirstPageHeldWhenTheServerCapsTheLimit() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        cap = 4; // asked for 10, the server answers 4 a page
        tributary.add(items("offset", 8).pageSize(10));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertEquals(expectedIds(), idsIn(db), "no record skipped between capped pages");
        Set<String> expected = new java.util.HashSet<>();
        for (int at = 0; at < RECORDS; at += 4) {
            expected.add("offset " + at);
        }
        assertEquals(expected, Set.copyOf(positions), "offsets 4 apart");
        assertEquals(expected.size(), positions.size(), "none twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFaultStormOverPagesAtOnceStillEndsWithAnExactTable(String kind) throws Exception {
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
        tributary.add(items("offset", 8));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary() + " " + injected);
        assertTrue(injected.size() > 3, "the storm broke requests: " + injected);
        assertEquals(expectedIds(), idsIn(db), "every record once: " + injected);
        assertEquals(RECORDS, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aFailedPageFailsTheSyncAndKeepsTheRowsOfThePagesCommitted() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "template", Map.of());
        broken.add("page 6");
        tributary.add(items("page-number", 4));

        SyncOutcome failed = tributary.sync("items");

        assertFalse(failed.success(), failed.summary());
        assertTrue(failed.error().contains("400"), failed.error());
        Set<String> rows = idsIn(db);
        assertTrue(rows.containsAll(Set.of("i0", "i1", "i2", "i3", "i4")), "page 1 is in");
        assertTrue(answered.containsAll(rows), "rows only of pages answered: " + rows);
        assertFalse(rows.contains("i25"), "nothing of the failed page 6");
        assertEquals(rows.size(), failed.rowsWritten(), "the outcome counts what committed");

        broken.clear();
        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertEquals(expectedIds(), idsIn(db), "every record once after the re-read");
        assertEquals(RECORDS, db.count("SELECT COUNT(*) FROM items"));
    }

    @Test
    void aSyncOfPagesAtOnceLogsOneSummaryLineWithTheWholeSyncsTotals() throws Exception {
        Database db = Database.h2();
        ConnectorHarness tributary = tributary(db, "kamelet", Map.of());
        tributary.add(items("page-number", 8));
        SyncOutcome done;
        List<String> lines;
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open()) {
            done = tributary.sync("items");
            lines = logs.linesContaining("sync connector=items outcome=");
        }

        assertTrue(done.success(), done.summary());
        assertEquals(1, lines.size(), "one line for the sync, not one per run: " + lines);
        assertTrue(lines.get(0).contains("written=" + RECORDS), lines.get(0));
        assertTrue(lines.get(0).contains("pages=12"), lines.get(0));
    }

    @Test
    void aPreviewOfPagesAtOnceWritesNothing() throws Exception {
        Database db = Database.h2();
        PreviewSink preview = new PreviewSink(3);
        ConnectorHarness tributary = tributary(db, "template", Map.of(), preview);
        tributary.add(items("page-number", 8));

        SyncOutcome done = tributary.sync("items");

        assertTrue(done.success(), done.summary());
        assertEquals(15, preview.rows().size(), "three pages shown");
        assertFalse(db.tableExists("items"), "preview writes nothing");
    }

    @Test
    void pagesAtOnceAreRefusedWhereTheirPositionsAreUnknownOrAReReadWouldDuplicate()
            throws Exception {
        ConnectorHarness tributary = tributary(Database.h2(), "template", Map.of());
        Map<ConnectorSpec, String> refused =
                Map.of(
                        items("page-number", 4).cursorParam("since"),
                        "cursor parameter (cursorParam or {cursor})",
                        items("page-number", 4).totalPagesPath(""),
                        "totalPagesPath",
                        items("offset", 4).totalPath(""),
                        "totalPath",
                        items("offset", 4).writeMode("append"),
                        "writeMode append",
                        items("page-number", 4).writeMode("replace"),
                        "writeMode replace",
                        items("page-number", 4)
                                .sink("jsonl")
                                .directory(System.getProperty("java.io.tmpdir")),
                        "needs sink jdbc");
        for (Map.Entry<ConnectorSpec, String> c : refused.entrySet()) {
            Exception e = assertThrows(Exception.class, () -> tributary.add(c.getKey()));
            Throwable cause = e;
            while (!(cause instanceof ConnectorConfigException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof ConnectorConfigException, e.toString());
            assertTrue(cause.getMessage().contains("concurrency"), cause.getMessage());
            assertTrue(cause.getMessage().contains("'4'"), cause.getMessage());
            assertTrue(cause.getMessage().contains(c.getValue()), cause.getMessage());
        }
    }
}
