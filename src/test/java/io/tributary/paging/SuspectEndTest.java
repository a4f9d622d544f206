package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sync that stops after a full page the source did not call the last (no next link or token, no
 * flag, no total) may have left records behind while it says success: it warns beside the summary
 * line, naming the likely fix, and counts it in {@code tributary_sync_suspect_end_total}.
 */
class SuspectEndTest {
    final Database db = Database.h2();
    final ConnectorHarness tributary = new ConnectorHarness(db);
    final List<Map<String, Object>> records = new ArrayList<>();
    PagedApi api;

    @BeforeEach
    void start() throws Exception {
        tributary.start();
        for (int i = 1; i <= 12; i++) {
            records.add(
                    Map.of(
                            "id",
                            String.format("r%02d", i),
                            "name",
                            "n" + i,
                            "updated_at",
                            String.format("2024-01-01T00:00:%02dZ", i)));
        }
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        if (api != null) {
            api.close();
        }
    }

    /** A connector on the fake API, paged as {@code pagination}, five records a page. */
    ConnectorSpec spec(String connector, String pagination) {
        return ConnectorSpec.named(connector)
                .url(api.baseUrl() + "/items")
                .table("items")
                .schema("src/test/resources/paging/items.schema.yaml")
                .pagination(pagination)
                .pageSizeParam("per_page")
                .pageSize(5);
    }

    List<Map<String, Object>> page(int n, int size) {
        return records.subList(
                Math.min(records.size(), (n - 1) * size), Math.min(records.size(), n * size));
    }

    double suspectEnds(String connector, String pagination) {
        Counter c =
                ConnectorMetrics.of(tributary.context())
                        .registry()
                        .find("tributary.sync.suspect.end")
                        .tags("connector", connector, "pagination", pagination)
                        .counter();
        return c == null ? 0 : c.count();
    }

    SyncOutcome syncLogging(String connector, LogCapture[] logs) {
        logs[0] = LogCapture.open();
        try {
            return tributary.sync(connector);
        } finally {
            logs[0].close();
        }
    }

    @Test
    void aLinkHeaderSourceThatSendsLinkOnlyWithAPageParameterIsReported() throws Exception {
        // as a real server did: Link only when ?page= is in the request, so the first request ends
        // the sync
        api =
                new PagedApi(
                        r -> {
                            int size = Integer.parseInt(r.param("per_page"));
                            if (r.param("page") == null) {
                                return Reply.json(page(1, size));
                            }
                            int n = Integer.parseInt(r.param("page"));
                            String link =
                                    n * size < records.size()
                                            ? "<"
                                                    + api.baseUrl()
                                                    + "/items?per_page="
                                                    + size
                                                    + "&page="
                                                    + (n + 1)
                                                    + ">; rel=\"next\""
                                            : "";
                            return Reply.json(
                                    page(n, size),
                                    link.isEmpty() ? Map.of() : Map.of("Link", link));
                        });
        tributary.add(spec("links", "link-header").recordsPath("/"));
        LogCapture[] logs = new LogCapture[1];

        SyncOutcome outcome = syncLogging("links", logs);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                5, db.count("SELECT COUNT(*) FROM items"), "the partial sync this test is about");
        List<String> warnings = logs[0].linesContaining("warning=suspect_end");
        assertEquals(1, warnings.size(), logs[0].all());
        assertTrue(
                warnings.get(0)
                                .contains(
                                        "connector=links warning=suspect_end pagination=link-header")
                        && warnings.get(0).contains("held 5 records")
                        && warnings.get(0).contains("no Link header")
                        && warnings.get(0).contains("pagination: page-number"),
                warnings.get(0));
        assertEquals(1.0, suspectEnds("links", "link-header"));
    }

    @Test
    void aNextUrlSourceWhoseNextPathIsWrongIsReported() throws Exception {
        api =
                new PagedApi(
                        r ->
                                Reply.json(
                                        Map.of(
                                                "records",
                                                page(1, 5),
                                                "paging",
                                                Map.of(
                                                        "next",
                                                        Map.of(
                                                                "link",
                                                                api.baseUrl()
                                                                        + "/items?page=2")))));
        tributary.add(
                spec("nexturl", "next-url")
                        .recordsPath("/records")
                        .nextPath("/nextRecordsUrl")); // the source puts it at /paging/next/link
        LogCapture[] logs = new LogCapture[1];

        assertTrue(syncLogging("nexturl", logs).success());

        List<String> warnings = logs[0].linesContaining("warning=suspect_end");
        assertEquals(1, warnings.size(), logs[0].all());
        assertTrue(
                warnings.get(0).contains("no next URL at nextPath '/nextRecordsUrl'"),
                warnings.get(0));
        assertEquals(1.0, suspectEnds("nexturl", "next-url"));
    }

    @Test
    void aCursorSourceWhoseTokenIsMissingIsReported() throws Exception {
        api = new PagedApi(r -> Reply.json(Map.of("files", page(1, 5), "next_page_token", "abc")));
        tributary.add(
                spec("tokens", "cursor")
                        .recordsPath("/files")
                        .nextPath("/nextPageToken")
                        .tokenParam("pageToken"));
        LogCapture[] logs = new LogCapture[1];

        assertTrue(syncLogging("tokens", logs).success());

        List<String> warnings = logs[0].linesContaining("warning=suspect_end");
        assertEquals(1, warnings.size(), logs[0].all());
        assertTrue(
                warnings.get(0).contains("no token at nextPath '/nextPageToken'"), warnings.get(0));
        assertEquals(1.0, suspectEnds("tokens", "cursor"));
    }

    @Test
    void aShortLastPageOrAFlagThatSaysTheEndIsNotReportedWhileAMissingTokenIs() throws Exception {
        // the cursor style to the end: 5, 5, then a short page of 2 without a token
        api =
                new PagedApi(
                        r -> {
                            int n =
                                    r.param("pageToken") == null
                                            ? 1
                                            : Integer.parseInt(r.param("pageToken"));
                            Map<String, Object> body = new HashMap<>();
                            body.put("files", page(n, 5));
                            if (n * 5 < records.size()) {
                                body.put("nextPageToken", Integer.toString(n + 1));
                            }
                            return Reply.json(body);
                        });
        tributary.add(
                spec("complete", "cursor")
                        .recordsPath("/files")
                        .nextPath("/nextPageToken")
                        .tokenParam("pageToken"));
        LogCapture[] logs = new LogCapture[1];

        assertTrue(syncLogging("complete", logs).success());
        assertEquals(12, db.count("SELECT COUNT(*) FROM items"));

        // a full last page whose flag says it is the last: the source said so
        api.handler(r -> Reply.json(Map.of("files", page(1, 5), "has_more", false)));
        tributary.add(
                spec("flagged", "cursor")
                        .recordsPath("/files")
                        .nextPath("/nextPageToken")
                        .tokenParam("pageToken")
                        .hasMorePath("/has_more")
                        .table("flagged"));
        LogCapture[] more = new LogCapture[1];
        assertTrue(syncLogging("flagged", more).success());

        assertTrue(logs[0].linesContaining("suspect_end").isEmpty(), logs[0].all());
        assertTrue(more[0].linesContaining("suspect_end").isEmpty(), more[0].all());
        assertEquals(0.0, suspectEnds("complete", "cursor") + suspectEnds("flagged", "cursor"));

        // and the same style on a full page without its token: reported
        api.handler(r -> Reply.json(Map.of("files", page(1, 5))));
        tributary.add(
                spec("missing", "cursor")
                        .recordsPath("/files")
                        .nextPath("/nextPageToken")
                        .tokenParam("pageToken")
                        .table("missing"));
        assertTrue(tributary.sync("missing").success());
        assertEquals(1.0, suspectEnds("missing", "cursor"));
    }
}
