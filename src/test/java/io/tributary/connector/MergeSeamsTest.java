package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.PageRequest;
import io.tributary.metrics.SyncOutcome;
import io.tributary.sink.PreviewSink;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review of the issue-11 merge: where the cursor branch (committed counts, frontier, firstRequest)
 * meets the write modes, windows, lookback and preview.
 */
class MergeSeamsTest {
    static final Instant BASE =
            Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    final Database db = Database.h2();
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    final AtomicBoolean failSecondPage = new AtomicBoolean();
    final java.util.concurrent.atomic.AtomicInteger served =
            new java.util.concurrent.atomic.AtomicInteger();
    volatile int failRequest = -1; // the n-th request served (1-based) answers 400
    PagedApi api;
    ConnectorHarness tributary;

    @BeforeEach
    void start() {
        // GET /items?since=T | from=A&to=B &page=N&per_page=M; since/from at or after, to before;
        // sorted by time
        api =
                new PagedApi(
                        r -> {
                            int page =
                                    r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
                            int size =
                                    r.param("per_page") == null
                                            ? 100
                                            : Integer.parseInt(r.param("per_page"));
                            if (page == 2 && failSecondPage.get()
                                    || served.incrementAndGet() == failRequest) {
                                return Reply.status(
                                        400,
                                        "{\"error\":\"bad request\"}",
                                        Map.of("Content-Type", "application/json"));
                            }
                            String since =
                                    r.param("since") != null ? r.param("since") : r.param("from");
                            String to = r.param("to");
                            List<ObjectNode> match =
                                    records.stream()
                                            .filter(
                                                    o ->
                                                            since == null
                                                                    || !time(o).isBefore(
                                                                                    OffsetDateTime
                                                                                            .parse(
                                                                                                    since)
                                                                                            .toInstant()))
                                            .filter(
                                                    o ->
                                                            to == null
                                                                    || time(o).isBefore(
                                                                                    OffsetDateTime
                                                                                            .parse(
                                                                                                    to)
                                                                                            .toInstant()))
                                            .sorted(
                                                    Comparator.comparing(MergeSeamsTest::time)
                                                            .thenComparing(
                                                                    o -> o.get("id").asText()))
                                            .collect(Collectors.toList());
                            List<ObjectNode> slice =
                                    match.subList(
                                            Math.min(match.size(), (page - 1) * size),
                                            Math.min(match.size(), page * size));
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("items").addAll(new ArrayList<>(slice));
                            return Reply.json(body);
                        });
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        api.close();
    }

    static Instant time(ObjectNode o) {
        return OffsetDateTime.parse(o.get("updated_at").asText()).toInstant();
    }

    ObjectNode add(String id, Instant at) {
        ObjectNode o =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", "n-" + id)
                        .put("updated_at", at.toString());
        records.add(o);
        return o;
    }

    /** The connector the tests here add: page-number paging, two records a page. */
    ConnectorSpec items() {
        return ConnectorSpec.named("items")
                .url(api.baseUrl() + "/items")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .recordsPath("/items")
                .pagination("page-number")
                .pageSizeParam("per_page")
                .pageSize(2);
    }

    Connector bean(String id) {
        return tributary
                .context()
                .getRegistry()
                .lookupByNameAndType("tributaryConnector:" + id, Connector.class);
    }

    // ---- committed counts and cursor with writeMode replace ----

    /**
     * A replace sync that fails on page 2 published nothing (the table and the cursor stay as they
     * were), yet its summary reported page 1's rows as written and page 1's cursor as the committed
     * one: JdbcUpsertSink calls PageBatch.committed() when the page reaches the staging table.
     */
    @Test
    void aFailedReplaceSyncReportsNothingWrittenAndTheStoredCursor() throws Exception {
        tributary = new ConnectorHarness(db).start();
        for (int i = 0; i < 5; i++) {
            add("r" + i, BASE.plusSeconds(3600L * i));
        }
        tributary.add(items().writeMode("replace").cursorParam("since"));
        failRequest = 2; // after page 1 committed into the staging table

        SyncOutcome outcome = tributary.sync("items");

        assertFalse(outcome.success(), outcome.summary());
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM items"),
                "the failed refresh left the table as it was");
        assertNull(db.cursor("items"), "and the cursor");
        assertEquals(
                0,
                outcome.rowsWritten(),
                "written counts the committed rows: " + outcome.summary());
        assertNull(
                outcome.cursor(),
                "the summary's cursor is the committed one: " + outcome.summary());
    }

    // ---- check's first request is what the next sync sends ----

    /** replace always reads from cursorStart, but check sent the cursor the last refresh stored. */
    @Test
    void checkSendsCursorStartForAReplaceConnector() throws Exception {
        tributary = new ConnectorHarness(db).start();
        for (int i = 0; i < 3; i++) {
            add("r" + i, BASE.plusSeconds(3600L * i));
        }
        String start = BASE.minus(1, ChronoUnit.DAYS).toString();
        tributary.add(items().writeMode("replace").cursorParam("since").cursorStart(start));
        assertTrue(tributary.sync("items").success());
        assertTrue(db.cursor("items") != null, "the refresh stored a cursor");
        int before = api.requests().size();
        assertTrue(tributary.sync("items").success());
        String sent = api.requests().get(before).param("since");
        assertEquals(start, sent, "a replace sync reads from cursorStart");

        PageRequest check = bean("items").firstRequest();

        assertEquals(sent, check.query().get("since"), "check sends what the next sync sends");
    }

    /**
     * With lookback the sync asks from the cursor less the lookback; check asked from the cursor
     * itself.
     */
    @Test
    void checkAppliesTheLookbackAsTheSyncDoes() throws Exception {
        tributary = new ConnectorHarness(db).start();
        for (int i = 0; i < 3; i++) {
            add("r" + i, BASE.plusSeconds(3600L * i));
        }
        tributary.add(items().cursorParam("since").lookback("PT1H"));
        assertTrue(tributary.sync("items").success());
        int before = api.requests().size();
        assertTrue(tributary.sync("items").success());
        String sent = api.requests().get(before).param("since");

        PageRequest check = bean("items").firstRequest();

        assertEquals(sent, check.query().get("since"), "check sends what the next sync sends");
    }

    // ---- windows and the frontier ----

    /**
     * A windowed append sync fails inside a window after page 1 moved the cursor to page 1's last
     * record; the next sync starts that window at the cursor (the source's "from" is at or after)
     * and reads that record again. The frontier absorbs such re-reads only when requests carry
     * cursorParam, so append writes it twice.
     */
    @Test
    void aWindowedAppendSyncWritesARecordReadAgainAfterAFailureOnce() throws Exception {
        tributary = new ConnectorHarness(db).start();
        add("a", BASE.plusSeconds(3600));
        add("b", BASE.plusSeconds(7200));
        add("c", BASE.plusSeconds(10800));
        tributary.add(
                items().writeMode("append")
                        .window("P1D")
                        .windowStartParam("from")
                        .windowEndParam("to")
                        .cursorStart(BASE.toString()));
        failSecondPage.set(true);
        assertFalse(tributary.sync("items").success());
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"), "page 1 committed");
        failSecondPage.set(false);

        SyncOutcome second = tributary.sync("items");

        assertTrue(second.success(), second.summary());
        assertEquals(
                1,
                db.count("SELECT COUNT(*) FROM items WHERE id = 'b'"),
                "append is exactly-once: " + db.column("SELECT id FROM items ORDER BY id"));
        assertEquals(3, db.count("SELECT COUNT(*) FROM items"));
    }

    // ---- preview ----

    /** preview of a connector with drift: evolve failed as soon as the source sent a new field. */
    @Test
    void previewOfAnEvolvingConnectorShowsTheNewField() throws Exception {
        PreviewSink preview = new PreviewSink(5);
        tributary =
                new ConnectorHarness(db)
                        .start(c -> c.getRegistry().bind(PreviewSink.BEAN, preview));
        add("a", BASE.plusSeconds(3600));
        add("b", BASE.plusSeconds(7200)).put("color", "red");
        tributary.add(items().drift("evolve").pagination("none"));

        SyncOutcome outcome = tributary.sync("items");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(2, preview.rows().size());
        assertFalse(db.tableExists("items"), "preview writes nothing");
    }
}
