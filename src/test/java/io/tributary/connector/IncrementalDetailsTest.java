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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client-side filter for sources that cannot filter, and the lookback window for late writes.
 */
class IncrementalDetailsTest {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    void add(String id, String name, Instant updated) {
        records.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", name)
                        .put("updated_at", updated.toString()));
    }

    /** Oldest first; honours since only when asked to. */
    Reply serve(PagedApi.Request r, boolean filters) {
        Instant since =
                filters && r.param("since") != null
                        ? Instant.parse(r.param("since"))
                        : Instant.EPOCH;
        ObjectNode body = PagedApi.JSON.createObjectNode();
        body.putArray("items")
                .addAll(
                        records.stream()
                                .filter(
                                        o ->
                                                !Instant.parse(o.get("updated_at").asText())
                                                        .isBefore(since))
                                .sorted(
                                        (a, b) ->
                                                a.get("updated_at")
                                                        .asText()
                                                        .compareTo(b.get("updated_at").asText()))
                                .collect(Collectors.toList()));
        return Reply.json(body);
    }

    /** The connector the tests here add: one page, no cursor until a test sets one. */
    ConnectorSpec items() {
        return ConnectorSpec.named("items")
                .url(api.baseUrl() + "/v1/items")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("none");
    }

    @Test
    void aBackfillReadsOneDateWindowAtATimeAndCheckpointsEach() throws Exception {
        Instant start =
                Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                        .minus(java.time.Duration.ofDays(4));
        for (int i = 0; i < 32; i++) {
            add(
                    "e" + i,
                    "event " + i,
                    start.plus(java.time.Duration.ofHours(3L * i))
                            .plusSeconds(1)); // every 3 h, over 4 days
        }
        java.util.concurrent.atomic.AtomicBoolean failThirdWindowOnce =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        api =
                new PagedApi(
                        r -> {
                            Instant from = Instant.parse(r.param("start_time"));
                            Instant to = Instant.parse(r.param("end_time"));
                            if (from.equals(start.plus(java.time.Duration.ofDays(2)))
                                    && failThirdWindowOnce.getAndSet(false)) {
                                return Reply.status(400, "{\"error\":\"try later\"}", Map.of());
                            }
                            List<ObjectNode> in =
                                    records.stream()
                                            .filter(
                                                    o -> {
                                                        Instant t =
                                                                Instant.parse(
                                                                        o.get("updated_at")
                                                                                .asText());
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
                        });
        tributary.add(
                items().pagination("page-number")
                        .pageSize(5)
                        .window("P1D")
                        .windowStartParam("start_time")
                        .windowEndParam("end_time")
                        .cursorStart(start.toString()));

        SyncOutcome failed = tributary.sync("items");
        assertTrue(!failed.success());
        assertEquals(
                start.plus(java.time.Duration.ofDays(2)).toString(),
                db.cursor("items"),
                "two whole windows checkpointed");
        assertEquals(16, db.count("SELECT COUNT(*) FROM items"));

        SyncOutcome done = tributary.sync("items");
        assertTrue(done.success(), done.summary());
        assertEquals(32, db.count("SELECT COUNT(*) FROM items"));
        List<PagedApi.Request> resumed =
                api.requests().stream()
                        .filter(r -> r.param("page").equals("1"))
                        .collect(Collectors.toList());
        assertEquals(
                start.plus(java.time.Duration.ofDays(2)).toString(),
                resumed.get(3).param("start_time"),
                "resumed at the checkpoint");
        assertEquals(
                start.plus(java.time.Duration.ofDays(3)).toString(),
                resumed.get(3).param("end_time"));
        assertTrue(
                Instant.parse(db.cursor("items")).isAfter(start.plus(java.time.Duration.ofDays(4))),
                db.cursor("items"));
    }

    String name(String id) {
        return (String) db.single("SELECT name FROM items WHERE id = ?", id);
    }

    @Test
    void aSourceThatCannotFilterIsFilteredOnTheCursorHere() throws Exception {
        for (int i = 0; i < 20; i++) {
            add("r" + i, "v1", T0.plusSeconds(i * 60L));
        }
        api = new PagedApi(r -> serve(r, false));
        tributary.add(items().clientFilter(true));
        assertTrue(tributary.sync("items").success());
        assertEquals(20, db.count("SELECT COUNT(*) FROM items"));

        records.set(3, records.get(3).deepCopy().put("name", "edited without a new updated_at"));
        add("r20", "v1", T0.plusSeconds(20 * 60L));
        SyncOutcome second = tributary.sync("items");

        assertTrue(second.success(), second.summary());
        assertEquals(21, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(
                "v1",
                name("r3"),
                "older than the cursor: dropped by the filter, not written again");
        assertEquals(1, second.rowsWritten(), "the new one");
        assertEquals(
                1,
                second.unchanged(),
                "the record at the cursor (inclusive), read again, is not written again");
    }

    @Test
    void newestFirstWithoutAServerFilterStopsAtTheFirstPageThatReachesTheCursor() throws Exception {
        for (int i = 0; i < 100; i++) {
            add(String.format("r%03d", i), "v1", T0.plusSeconds(i * 60L));
        }
        api =
                new PagedApi(
                        r -> {
                            List<ObjectNode> newestFirst =
                                    records.stream()
                                            .sorted(
                                                    (a, b) ->
                                                            b.get("updated_at")
                                                                    .asText()
                                                                    .compareTo(
                                                                            a.get("updated_at")
                                                                                    .asText()))
                                            .collect(Collectors.toList());
                            int page = Integer.parseInt(r.param("page"));
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("items")
                                    .addAll(
                                            newestFirst.subList(
                                                    Math.min(newestFirst.size(), (page - 1) * 10),
                                                    Math.min(newestFirst.size(), page * 10)));
                            return Reply.json(body);
                        });
        tributary.add(
                items().pagination("page-number")
                        .pageSize(10)
                        .order("descending")
                        .clientFilter(true));
        assertTrue(tributary.sync("items").success());
        assertEquals(100, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(11, api.requests().size(), "ten full pages and an empty one");

        for (int i = 100; i < 115; i++) {
            add(String.format("r%03d", i), "v1", T0.plusSeconds(i * 60L));
        }
        SyncOutcome second = tributary.sync("items");

        assertTrue(second.success(), second.summary());
        assertEquals(115, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(
                13,
                api.requests().size(),
                "page 2 reaches the old cursor: older pages are not read");
        assertEquals(15, second.rowsWritten(), "the 15 new records");
        assertEquals(1, second.unchanged(), "the one at the cursor, read again");
        assertEquals(T0.plusSeconds(114 * 60L).toString(), db.cursor("items"));
    }

    @Test
    void theLookbackReReadsTheLastMinutesToCatchLateWrites() throws Exception {
        for (int i = 0; i < 10; i++) {
            add("r" + i, "v1", T0.plusSeconds(i * 60L));
        }
        api = new PagedApi(r -> serve(r, true));
        tributary.add(items().cursorParam("since").lookback("PT5M"));
        assertTrue(tributary.sync("items").success());
        assertEquals(T0.plusSeconds(9 * 60L).toString(), db.cursor("items"));

        add(
                "late",
                "committed late",
                T0.plusSeconds(7 * 60L)); // a write that became visible after the first sync
        SyncOutcome second = tributary.sync("items");

        assertTrue(second.success(), second.summary());
        assertEquals(
                T0.plusSeconds(4 * 60L).toString(),
                api.requests().get(api.requests().size() - 1).param("since"));
        assertEquals("committed late", name("late"));
        assertEquals(11, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(
                T0.plusSeconds(9 * 60L).toString(),
                db.cursor("items"),
                "the cursor does not move back");
    }
}
