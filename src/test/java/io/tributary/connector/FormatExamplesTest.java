package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.ExportApi;
import io.tributary.support.PagedApi;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response-format examples ({@code examples/csv-export/}, {@code examples/jsonl-export/}), each
 * route file loaded as it ships, its properties pointed at a loopback export endpoint ({@link
 * ExportApi}), synced twice: everything loads, a broken line becomes a dead letter, and the second
 * sync asks from the first one's cursor.
 */
class FormatExamplesTest {
    static final Instant BASE =
            Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    final Database db = Database.h2();
    ConnectorHarness tributary;
    ExportApi api;

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        if (api != null) {
            api.close();
        }
    }

    void items(int count) {
        for (int i = 0; i < count; i++) {
            api.put(
                    String.format("i%05d", i),
                    "item \"" + i + "\", boxed",
                    i % 9,
                    BASE.plusSeconds(i));
        }
    }

    @Test
    void theInventoryCsvExportStreamsInPagesAndTheNextRunAsksSinceItsCursor() throws Exception {
        api = new ExportApi().format(ExportApi.Format.CSV).gzip(ExportApi.Gzip.CONTENT_ENCODING);
        items(2500);
        api.breakLines(body -> body.replaceFirst("(?m)^(i00002,[^\\r]*),[0-9]+,", "$1,"));
        tributary =
                new ConnectorHarness(db)
                        .set("inventory.schedule", "direct:inventory-items")
                        .set("inventory.base-url", api.url().replace("/export", ""))
                        .set("inventory.api-key", "k-123")
                        .start();
        tributary.load("examples/csv-export/inventory-items.camel.yaml");

        SyncOutcome first = tributary.sync("inventory-items");

        assertTrue(first.success(), first.summary());
        assertEquals(2499, db.count("SELECT COUNT(*) FROM inventory_items"));
        assertTrue(
                db.single("SELECT reason FROM tributary_dead_letters")
                        .toString()
                        .startsWith("line 4: "));
        api.put("i00010", "restocked", 40, BASE.plusSeconds(5000));

        SyncOutcome second = tributary.sync("inventory-items");

        assertTrue(second.success(), second.summary());
        assertEquals(
                BASE.plusSeconds(2499).toString(),
                PagedApi.parseQuery(api.requests().get(1)).get("since"));
        assertEquals(
                40L,
                ((Number) db.single("SELECT quantity FROM inventory_items WHERE id = 'i00010'"))
                        .longValue());
    }

    @Test
    void theJsonLinesEventExportLoadsEveryPageAndResumesFromItsCursor() throws Exception {
        api = new ExportApi().format(ExportApi.Format.JSONL);
        items(12_000);
        tributary =
                new ConnectorHarness(db)
                        .set("events.schedule", "direct:events")
                        .set("events.base-url", api.url().replace("/export", ""))
                        .set("events.token", "t-123")
                        .start();
        tributary.load("examples/jsonl-export/events.camel.yaml");

        SyncOutcome first = tributary.sync("events");

        assertTrue(first.success(), first.summary());
        assertEquals(12_000, db.count("SELECT COUNT(*) FROM events"));
        assertEquals(BASE.plusSeconds(11_999).toString(), db.cursor("events"));
    }
}
