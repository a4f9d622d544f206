package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.IncrementalApi;
import io.tributary.support.IncrementalApi.Compare;
import io.tributary.support.IncrementalApi.Filter;
import io.tributary.support.IncrementalApi.Order;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cursor only moves past what was read, and goes back to the source in the source's own text:
 * sources nobody tuned a connector for (pages not sorted, text filters, exclusive filters, records
 * dated 2099) lose nothing, and re-read records are never written twice in any write mode.
 */
class CursorRoundTripTest {
    static final Instant BASE =
            Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    Database db;
    ConnectorHarness tributary;
    final IncrementalApi api = new IncrementalApi();
    PagedApi other;

    @TempDir Path dir;

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
        if (other != null) {
            other.close();
        }
    }

    static String iso(Instant t) {
        return t.toString();
    }

    /** The connector most tests here add: page-number paging, {@code since} as the cursor. */
    ConnectorSpec items() {
        return ConnectorSpec.named("items")
                .url(api.url())
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("page-number")
                .pageSizeParam("per_page")
                .pageSize(100)
                .cursorParam("since");
    }

    void add(ConnectorSpec spec) throws Exception {
        tributary.add(spec);
    }

    long rows() {
        return db.count("SELECT COUNT(*) FROM items");
    }

    long distinctIds() {
        return db.count("SELECT COUNT(DISTINCT id) FROM items");
    }

    /** Every row holds the source's current name and time. */
    void assertTableMatchesSource() {
        for (String id : api.ids()) {
            ObjectNode r = api.get(id);
            assertEquals(
                    r.get("name").asText(),
                    db.single("SELECT name FROM items WHERE id = ?", id),
                    id);
        }
        assertEquals(api.ids().size(), rows());
    }

    // ---- 0. the cursor only moves past what was really read ----

    @Test
    void recordsUpdatedWhileTheSyncPagesAreAllLoaded() throws Exception {
        for (int i = 0; i < 3000; i++) {
            api.put(String.format("t%05d", i), "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        Random random = new Random(7);
        AtomicInteger pagesServed = new AtomicInteger();
        api.beforeLoad(
                pageIds -> { // a search-index API: the page's ids are chosen, then 5 records change
                    if (pagesServed.incrementAndGet() <= 25) {
                        for (int k = 0; k < 5; k++) {
                            String id =
                                    random.nextInt(3) == 0
                                            ? pageIds.get(random.nextInt(pageIds.size()))
                                            : String.format("t%05d", random.nextInt(3000));
                            api.put(id, "v2-" + pagesServed.get(), Instant.now().toString());
                        }
                    }
                });
        add(items());

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(
                3000,
                rows(),
                "no ticket is skipped by a cursor moved to a record updated mid-sync");
        assertTrue(
                Instant.parse(db.cursor("items")).isBefore(Instant.now().minusSeconds(60)),
                db.cursor("items"));
        SyncOutcome catchUp = tributary.sync("items");
        assertTrue(catchUp.success(), catchUp.summary());
        assertTableMatchesSource();
    }

    @Test
    void aSourceThatFiltersByTimeButSortsByIdFailsTheRunNamingOrderUnordered() throws Exception {
        int[] minutes = {50, 20, 90, 10, 70, 30, 80, 40, 60}; // ids in this order, times not
        for (int i = 0; i < minutes.length; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(minutes[i] * 60L)));
        }
        api.order(Order.BY_ID);
        add(items().pageSize(3));

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("order: unordered"), outcome.error());
        assertNull(db.cursor("items"), "the cursor did not move");
    }

    @Test
    void anUnorderedSourceLoadsEverythingAndMovesTheCursorOnlyAtTheEnd() throws Exception {
        int[] minutes = {50, 20, 90, 10, 70, 30, 80, 40, 60};
        for (int i = 0; i < minutes.length; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(minutes[i] * 60L)));
        }
        api.order(Order.BY_ID);
        add(items().pageSize(3).order("unordered"));

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(9, rows(), "all 9, not 3");
        assertEquals(iso(BASE.plusSeconds(90 * 60L)), db.cursor("items"));
        api.put("t9", "v1", iso(BASE.plusSeconds(95 * 60L)));
        api.put("t4", "v2", iso(BASE.plusSeconds(96 * 60L)));
        SyncOutcome second = tributary.sync("items");
        assertTrue(second.success(), second.summary());
        assertTableMatchesSource();
        assertEquals(2, second.rowsWritten(), second.summary());
    }

    @Test
    void aRecordDatedInTheFutureNeverBecomesTheCursor() throws Exception {
        for (int i = 0; i < 20; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        api.put("bad", "v1", "2099-01-01T00:00:00Z");
        add(items().pageSize(5));

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(21, rows());
        assertEquals(iso(BASE.plusSeconds(19 * 60L)), db.cursor("items"), "not 2099");
        api.put(
                "t3",
                "updated now",
                iso(Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS)));
        SyncOutcome second = tributary.sync("items");
        assertTrue(second.success(), second.summary());
        assertEquals(
                "updated now",
                db.single("SELECT name FROM items WHERE id = 't3'"),
                "arrives: the cursor is not frozen at 2099");
        assertEquals(1, second.rowsWritten(), "the 2099 record, read again, is unchanged");
    }

    // ---- 1. the cursor goes back in the source's own text ----

    @Test
    void aSourceThatComparesAsTextGetsTheCursorInItsOwnText() throws Exception {
        api.compare(Compare.TEXT); // json-server's updated_at_gte and _sort compare strings
        for (int i = 0; i < 600; i++) {
            api.put(String.format("t%04d", i), "v1", mixed(BASE.plusSeconds(i / 3), i));
        }
        add(items());

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(600, rows(), "ties across page boundaries, in mixed precisions, all loaded");
        for (int i = 0; i < 600; i += 6) { // 100 of them change later, still in mixed forms
            api.put(String.format("t%04d", i), "v2", mixed(BASE.plusSeconds(3600 + i / 3), i + 1));
        }
        SyncOutcome second = tributary.sync("items");
        assertTrue(second.success(), second.summary());
        assertTableMatchesSource();
        List<String> sent =
                api.requests().stream()
                        .map(r -> r.param("since"))
                        .filter(s -> s != null)
                        .collect(Collectors.toList());
        assertTrue(
                sent.stream()
                        .allMatch(
                                s ->
                                        api.ids().stream()
                                                        .anyMatch(
                                                                id ->
                                                                        api.get(id)
                                                                                .get("updated_at")
                                                                                .asText()
                                                                                .equals(s))
                                                || s.startsWith(mixed(BASE, 0).substring(0, 4))),
                "each cursor sent is a text some record carried: " + sent);
    }

    /**
     * The same instant written as json-server data often is: .000Z, Z, +00:00, and now and then
     * .5Z.
     */
    static String mixed(Instant t, int i) {
        String s = SECONDS.format(t);
        if (i % 50 == 49) {
            return s + ".5Z";
        }
        switch (i % 3) {
            case 0:
                return s + ".000Z";
            case 1:
                return s + "Z";
            default:
                return s + "+00:00";
        }
    }

    @Test
    void aStripeStyleNumericFilterGetsBackTheEpochSecondsItSent() throws Exception {
        List<ObjectNode> charges = new java.util.concurrent.CopyOnWriteArrayList<>();
        long t0 = BASE.getEpochSecond();
        for (int i = 0; i < 250; i++) { // ties of 5 charges per second, across pages of 100
            charges.add(
                    PagedApi.JSON
                            .createObjectNode()
                            .put("id", String.format("ch_%04d", i))
                            .put("amount", i)
                            .put("created", t0 + i / 5));
        }
        other =
                new PagedApi(
                        r -> { // created[gte] compared as a number, oldest first
                            long gte =
                                    r.param("created[gte]") == null
                                            ? 0
                                            : Long.parseLong(r.param("created[gte]"));
                            int page = Integer.parseInt(r.param("page"));
                            List<ObjectNode> in =
                                    charges.stream()
                                            .filter(c -> c.get("created").asLong() >= gte)
                                            .collect(Collectors.toList());
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("data")
                                    .addAll(
                                            in.subList(
                                                    Math.min(in.size(), (page - 1) * 100),
                                                    Math.min(in.size(), page * 100)));
                            return Reply.json(body);
                        });
        tributary.add(
                ConnectorSpec.named("charges")
                        .url(other.baseUrl() + "/v1/charges")
                        .table("charges")
                        .schema("src/test/resources/cursor/charges.schema.yaml")
                        .recordsPath("/data")
                        .pageSizeParam("limit")
                        .cursorParam("created[gte]"));

        assertTrue(tributary.sync("charges").success());
        assertEquals(250, db.count("SELECT COUNT(*) FROM charges"));
        List<String> sent =
                other.requests().stream()
                        .map(r -> r.param("created[gte]"))
                        .filter(s -> s != null)
                        .collect(Collectors.toList());
        assertFalse(sent.isEmpty());
        assertTrue(
                sent.stream().allMatch(s -> s.matches("\\d{10}")),
                "epoch seconds, as the records carry them: " + sent);
        charges.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", "ch_new")
                        .put("amount", 1)
                        .put("created", t0 + 49));
        SyncOutcome second = tributary.sync("charges");
        assertTrue(second.success(), second.summary());
        assertEquals(251, db.count("SELECT COUNT(*) FROM charges"));
        assertEquals(
                1, second.rowsWritten(), "the new charge; the five at the cursor are unchanged");
        assertEquals(5, second.unchanged());
    }

    @Test
    void cursorFormatSendsEpochSecondsToAFilterThatWantsThem() throws Exception {
        // Zendesk's incremental export takes start_time in epoch seconds; its records carry ISO
        // updated_at
        for (int i = 0; i < 30; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        other =
                new PagedApi(
                        r -> {
                            long start =
                                    r.param("start_time") == null
                                            ? 0
                                            : Long.parseLong(r.param("start_time"));
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("items")
                                    .addAll(
                                            api.ids().stream()
                                                    .map(api::get)
                                                    .filter(
                                                            o ->
                                                                    Instant.parse(
                                                                                            o.get(
                                                                                                            "updated_at")
                                                                                                    .asText())
                                                                                    .getEpochSecond()
                                                                            >= start)
                                                    .sorted(
                                                            (a, b) ->
                                                                    a.get("updated_at")
                                                                            .asText()
                                                                            .compareTo(
                                                                                    b.get(
                                                                                                    "updated_at")
                                                                                            .asText()))
                                                    .limit(10)
                                                    .collect(Collectors.toList()));
                            return Reply.json(body);
                        });
        tributary.add(
                ConnectorSpec.named("tickets")
                        .url(other.baseUrl() + "/incremental/tickets")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pagination("none")
                        .cursorParam("start_time")
                        .cursorFormat("epoch-seconds"));

        for (int run = 0; run < 4; run++) {
            assertTrue(tributary.sync("tickets").success());
        }
        assertEquals(30, rows());
        assertEquals(
                Long.toString(BASE.plusSeconds(27 * 60L).getEpochSecond()),
                other.requests().get(3).param("start_time"),
                "the fourth run asks from the third's cursor, in epoch seconds");
        assertEquals(iso(BASE.plusSeconds(29 * 60L)), db.cursor("tickets"));
    }

    // ---- 2. exclusive filters ----

    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = {1, 2, 4, 5})
    void anExclusiveFilterLosesNoneOfATieThatSpansPages(int pageSize) throws Exception {
        api.filter(Filter.AFTER);
        int n = 0;
        for (int i = 0; i < 6; i++) {
            api.put(String.format("a%02d", n++), "v1", iso(BASE.plusSeconds(i)));
        }
        for (int i = 0; i < 4; i++) { // a tie of 4 at one instant
            api.put(String.format("a%02d", n++), "v1", iso(BASE.plusSeconds(100)));
        }
        for (int i = 0; i < 3; i++) {
            api.put(String.format("a%02d", n++), "v1", iso(BASE.plusSeconds(200 + i)));
        }
        add(items().pageSize(pageSize).cursorInclusive(false));

        SyncOutcome first = tributary.sync("items");

        assertTrue(first.success(), first.summary());
        assertEquals(13, rows(), first.summary());
        SyncOutcome again = tributary.sync("items");
        assertTrue(again.success(), again.summary());
        assertEquals(0, again.rowsWritten(), "nothing new: nothing written");
        api.put("a98", "v1", iso(BASE.plusSeconds(300)));
        SyncOutcome third = tributary.sync("items");
        assertEquals(14, rows());
        assertEquals(1, third.rowsWritten());
    }

    @Test
    void cursorInclusiveRejectsAnythingButTrueOrFalse() {
        Exception e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        Exception.class, () -> add(items().with("cursorInclusive", "maybe")));
        assertTrue(
                rootMessage(e).contains("parameter 'cursorInclusive' value 'maybe'"),
                rootMessage(e));
    }

    static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" / ");
        }
        return b.toString();
    }

    // ---- 3. every write mode exactly-once ----

    void tenWithATieAtTheEnd() {
        for (int i = 0; i < 7; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        for (int i = 7; i < 10; i++) {
            api.put("t" + i, "v1", iso(BASE.plusSeconds(600)));
        }
    }

    @Test
    void appendWritesEachRecordOnceAndANoOpSyncWritesNothing() throws Exception {
        tenWithATieAtTheEnd();
        add(items().writeMode("append").pageSize(4));

        SyncOutcome first = tributary.sync("items");
        assertTrue(first.success(), first.summary());
        assertEquals(10, rows(), "ten records, ten rows (not 12)");
        SyncOutcome noOp = tributary.sync("items");
        assertEquals(10, rows(), "a rerun with nothing new adds nothing");
        assertEquals(0, noOp.rowsWritten());
        assertEquals(3, noOp.unchanged(), "the tie at the cursor, read again: " + noOp.summary());
        assertTrue(noOp.summary().contains("written=0 unchanged=3"), noOp.summary());

        api.put("t3", "v2", iso(BASE.plusSeconds(700))); // a change is a new row in an event log
        api.put("t10", "v1", iso(BASE.plusSeconds(700)));
        SyncOutcome changed = tributary.sync("items");
        assertEquals(12, rows());
        assertEquals(2, changed.rowsWritten());
    }

    @Test
    void upsertWritesNothingOnANoOpSync() throws Exception {
        tenWithATieAtTheEnd();
        add(items().pageSize(4));
        assertTrue(tributary.sync("items").success());
        SyncOutcome noOp = tributary.sync("items");
        assertEquals(0, noOp.rowsWritten(), noOp.summary());
        assertEquals(3, noOp.unchanged(), noOp.summary());
    }

    @Test
    void aFullRefreshReadsEverythingEachTime() throws Exception {
        tenWithATieAtTheEnd();
        add(items().writeMode("replace").pageSize(4));
        assertTrue(tributary.sync("items").success());
        api.put("t10", "v1", iso(BASE.plusSeconds(900)));
        SyncOutcome second = tributary.sync("items");
        assertTrue(second.success(), second.summary());
        assertEquals(
                11,
                rows(),
                "the refreshed table has every record, not only those after the cursor");
    }

    @Test
    void aJsonLinesSinkWritesEveryRecordExactlyOnce() throws Exception {
        for (int i = 0; i < 2000; i++) {
            api.put(
                    String.format("t%05d", i),
                    "v1",
                    iso(BASE.plusSeconds(i / 4 * 60L))); // ties of 4, across pages
        }
        add(items().sink("jsonl").directory(dir.toString()).pageSize(150));

        SyncOutcome first = tributary.sync("items");
        assertTrue(first.success(), first.summary());
        assertEquals(2000, lines(), "no duplicate lines at page boundaries");
        SyncOutcome noOp = tributary.sync("items");
        assertTrue(noOp.success(), noOp.summary());
        assertEquals(2000, lines(), "a sync with nothing new writes no line");
    }

    @Test
    void aFailedFileSyncLeavesNoDeadLettersBehindAndTheNextWritesThemOnce() throws Exception {
        for (int i = 0; i < 300; i++) {
            api.put(String.format("t%05d", i), "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        api.put("bad", "v1", "0 is not a time"); // sorts first as text: on page 1
        api.compare(Compare.TEXT);
        api.faults(n -> n >= 3 ? PagedApi.Fault.STATUS_500 : PagedApi.Fault.NONE);
        add(items().sink("jsonl").directory(dir.toString()).pageSize(100));

        assertFalse(tributary.sync("items").success());
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM tributary_dead_letters"),
                "nothing of the failed sync stays");
        api.faults(n -> PagedApi.Fault.NONE);
        SyncOutcome done = tributary.sync("items");
        assertTrue(done.success(), done.summary());
        assertEquals(1, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals(300, lines());
    }

    long lines() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl"))
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.readAllLines(f).stream()
                                            .filter(l -> !l.isBlank())
                                            .count();
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }

    @Test
    void appendWithANewestFirstOrderIsRefusedAtStartUp() {
        Exception e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        Exception.class,
                        () -> add(items().writeMode("append").order("descending")));
        assertTrue(rootMessage(e).contains("parameter 'writeMode' value 'append'"), rootMessage(e));
    }

    // ---- 8. what a failed run reports is what committed ----

    /** A CHECK on the (still empty) table that makes the database refuse the row of {@code id}. */
    void refuseRowsOf(String id) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE items ADD CONSTRAINT refuses_"
                            + id
                            + " CHECK (id <> '"
                            + id
                            + "')");
        }
    }

    @Test
    void aFailedRunReportsTheCountsAndCursorThatCommitted() throws Exception {
        for (int i = 0; i < 1000; i++) {
            api.put(String.format("t%05d", i), "v1", iso(BASE.plusSeconds(i * 60L)));
        }
        add(items());
        refuseRowsOf("t00450"); // the database refuses one page's write, every time

        SyncOutcome failed = tributary.sync("items");

        assertFalse(failed.success());
        assertEquals(rows(), failed.rowsWritten(), failed.summary());
        assertEquals(db.cursor("items"), failed.cursor(), failed.summary());
        assertTrue(rows() > 0 && rows() < 1000, failed.summary());
    }

    @Test
    void aRunWhoseEveryRecordIsDeadLetteredFails() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.put("t" + i, "v1", "yesterday at " + i);
        }
        api.compare(Compare.TEXT);
        add(items().cursorParam(""));
        SyncOutcome outcome = tributary.sync("items");
        assertFalse(outcome.success(), outcome.summary());
        assertTrue(
                outcome.error()
                        .contains("every one of the 5 records read went to the dead letters"),
                outcome.error());
        assertFalse(outcome.error().contains("yesterday"), "no record value in the message");
    }
}
