package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kamelet form's {@code tributary.ack} on the sinks that pipeline their writes (H2,
 * PostgreSQL): a page's ack says {@code committed} only once its rows are in (docs/ARCHITECTURE.md,
 * "Page contract"); a page still on the writer thread is {@code staged}. A step after the sink
 * reads each ack; the database refuses the second page's rows (a CHECK constraint), so an ack that
 * said {@code committed} for it would name rows that never went in. The loopback API serves
 * numbered pages of 5 items, as a page-number paginated list does (GitHub's {@code
 * ?page=N&per_page=5}).
 */
class BoundSinkAckTest {
    final List<String> acks = new CopyOnWriteArrayList<>();
    PagedApi api;
    ConnectorHarness tributary;
    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        if (api != null) {
            api.close();
        }
    }

    PagedApi.Reply page(PagedApi.Request r) {
        int page = Integer.parseInt(r.param("page"));
        ObjectNode body = PagedApi.JSON.createObjectNode();
        var items = body.putArray("items");
        for (int i = (page - 1) * 5; i < Math.min(12, page * 5); i++) {
            items.addObject()
                    .put("id", "i" + i)
                    .put("name", "item " + i)
                    .put("updated_at", "2026-11-20T00:00:" + (10 + i) + "Z");
        }
        return PagedApi.Reply.json(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPageStillOnTheWriterThreadIsAckedStagedNotCommitted(String kind) throws Exception {
        Database db = Database.of(kind);
        api = new PagedApi(this::page);
        Processor probe =
                exchange -> {
                    PageContract.PageAck ack =
                            exchange.getProperty(PageContract.ACK, PageContract.PageAck.class);
                    acks.add(ack.status() + ":" + ack.rows());
                };
        tributary =
                new ConnectorHarness(db)
                        .set("tributary.retry.max-redeliveries", "1")
                        .start(c -> c.getRegistry().bind("ackProbe", probe));
        Path route = dir.resolve("items.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: items",
                        "    from:",
                        "      uri: kamelet:tributary-http-source",
                        "      parameters:",
                        "        schedule: direct:items",
                        "        url: " + api.baseUrl() + "/items",
                        "        recordsPath: /items",
                        "        pagination: page-number",
                        "        pageSize: 5",
                        "      steps:",
                        "        - to:",
                        "            uri: kamelet:tributary-jdbc-sink",
                        "            parameters:",
                        "              schema: src/test/resources/paging/items.schema.yaml",
                        "              table: items",
                        "        - process: {ref: ackProbe}",
                        ""));
        tributary.load(route.toString());
        tributary.context().getRouteController().startAllRoutes();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE items ADD CONSTRAINT no_i7 CHECK (id <> 'i7')");
        }

        SyncOutcome failed = tributary.sync("items");

        assertFalse(failed.success(), failed.summary());
        assertEquals(5, db.count("SELECT COUNT(*) FROM items"), "the first page only");
        long committedRows =
                acks.stream()
                        .filter(a -> a.startsWith("committed:"))
                        .mapToLong(a -> Long.parseLong(a.substring("committed:".length())))
                        .sum();
        assertEquals(
                true,
                committedRows <= 5,
                "the acks said committed for rows that are not in the table: " + acks);
    }
}
