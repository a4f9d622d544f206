package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.LegacyOrders;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legacy database table as a source ({@code tributary-sql-source} to {@code
 * tributary-jdbc-sink}): keyset pages over an updated_at that many rows share, the position
 * committed with each page, resumed by the next run. Source and target on H2 here; {@link
 * SqlSourceOnPostgresTest} runs the same on a second PostgreSQL database into PostgreSQL.
 */
class SqlSourceTest {
    static final String ID = "erp-orders";

    @TempDir Path dir;

    Database source;
    Database target;
    LegacyOrders orders;
    ConnectorHarness tributary;
    final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    String sourceKind() {
        return "h2";
    }

    String targetKind() {
        return "h2";
    }

    @BeforeEach
    void databases() {
        source = Database.of(sourceKind());
        target = Database.of(targetKind());
        orders = new LegacyOrders(source);
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
    }

    LegacyOrders.Route route() {
        return new LegacyOrders.Route(ID, source);
    }

    void start(LegacyOrders.Route route) throws Exception {
        start(route, c -> {});
    }

    void start(
            LegacyOrders.Route route,
            java.util.function.Consumer<org.apache.camel.CamelContext> beans)
            throws Exception {
        tributary = new ConnectorHarness(target);
        settings.forEach(tributary::set);
        tributary.start(beans);
        tributary.load(route.writeTo(dir).toString());
    }

    List<String> loaded() {
        return LegacyOrders.rows(target, "erp_orders");
    }

    @Test
    void rowsSharingAnUpdatedAtAcrossPageBoundariesLoadExactlyOnce() throws Exception {
        orders.withTiedRows(2500);
        start(route());

        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(orders.rows(), loaded(), "every row once, as the source holds it");
        assertEquals(2500, outcome.recordsRead());
        assertEquals(2500, outcome.rowsWritten());
        assertEquals(26, outcome.pages(), "25 full pages of 100, then an empty one");
        assertEquals(
                "[\"2024-03-01T09:00:00Z\",\"2500\"]",
                target.cursor(ID),
                "the last row's position: its updated_at, then its id");
        assertEquals("2024-03-01T09:00:00Z", outcome.cursor());
    }

    @Test
    void aSecondRunLoadsOnlyTheRowsChangedSince() throws Exception {
        orders.withTiedRows(2500);
        start(route());
        tributary.sync(ID);

        orders.update(101, 110, LegacyOrders.BASE.plusHours(2));
        orders.insert(2501, 5);
        orders.update(2501, 2505, LegacyOrders.BASE.plusHours(2));
        SyncOutcome second = tributary.sync(ID);

        assertTrue(second.success(), second.summary());
        assertEquals(15, second.recordsRead(), "the 10 updated rows and the 5 new ones");
        assertEquals(orders.rows(), loaded());
        SyncOutcome third = tributary.sync(ID);
        assertEquals(0, third.recordsRead(), "nothing changed since");
        assertEquals(orders.rows(), loaded());
    }

    @Test
    void appendAddsEachVersionOnceAcrossRuns() throws Exception {
        orders.withTiedRows(2500);
        start(route().writeMode("append"));
        tributary.sync(ID);

        orders.update(101, 110, LegacyOrders.BASE.plusHours(2));
        orders.insert(2501, 5);
        tributary.sync(ID);
        tributary.sync(ID);

        assertEquals(
                2515,
                target.count("SELECT COUNT(*) FROM erp_orders"),
                "2500 + 10 new versions + 5 new rows");
        assertEquals(
                2515,
                target.count(
                        "SELECT COUNT(*) FROM (SELECT DISTINCT id, updated_at FROM erp_orders) v"),
                "no version twice");
        assertEquals(
                orders.rows(),
                LegacyOrders.rows(
                        target,
                        "(SELECT * FROM erp_orders WHERE NOT (id BETWEEN 101 AND 110 AND updated_at < TIMESTAMP WITH TIME ZONE '2024-03-01 10:00:00+00')) latest"),
                "the newest version of each row is the source's");
    }

    /**
     * The summary line in JSON, as an HTTP source's: the run's facts as fields, with its run id
     * (the SQL source wrote the text alone, so a log pipeline saw no connector or outcome field).
     */
    @Test
    void itsSummaryLineCarriesTheRunsFactsAsFieldsLikeAnHttpSourcesLine() throws Exception {
        orders.withTiedRows(250);
        start(route());
        java.util.List<String> json;
        SyncOutcome outcome;
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open()) {
            outcome = tributary.sync(ID);
            json = logs.written("json");
        }
        assertTrue(outcome.success(), outcome.summary());
        com.fasterxml.jackson.databind.JsonNode line = null;
        for (String l : json) {
            com.fasterxml.jackson.databind.JsonNode n =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            if (n.path("loggerName").asText().equals("io.tributary.sync")
                    && n.path("formattedMessage")
                            .asText()
                            .startsWith("sync connector=" + ID + " ")) {
                line = n;
            }
        }
        assertTrue(line != null, "no summary line in " + json);
        assertEquals(ID, line.path("connector").asText(), line.toString());
        assertEquals("success", line.path("outcome").asText(), line.toString());
        assertEquals(250, line.path("records").asLong(-1), line.toString());
        assertEquals(250, line.path("written").asLong(-1), line.toString());
        assertEquals(outcome.pages(), line.path("pages").asInt(-1), line.toString());
        assertTrue(line.path("run").asText().matches("[0-9a-f]{12}"), line.toString());
        assertTrue(line.has("cursor_from"), line.toString());

        // the next sync names the position it started from: where this one ended
        try (io.tributary.support.LogCapture logs = io.tributary.support.LogCapture.open()) {
            assertTrue(tributary.sync(ID).success());
            json = logs.written("json");
        }
        com.fasterxml.jackson.databind.JsonNode next = null;
        for (String l : json) {
            com.fasterxml.jackson.databind.JsonNode n =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            if (n.path("loggerName").asText().equals("io.tributary.sync")) {
                next = n;
            }
        }
        assertTrue(next != null, "no summary line in " + json);
        assertFalse(line.path("cursor").isNull(), line.toString());
        assertEquals(
                line.path("cursor").asText(), next.path("cursor_from").asText(), next.toString());
    }

    /** Updates the source between pages: on page 2, rows already read and rows not yet read. */
    static final class UpdateOnPage2 implements Processor {
        final LegacyOrders orders;
        final AtomicInteger pages = new AtomicInteger();

        UpdateOnPage2(LegacyOrders orders) {
            this.orders = orders;
        }

        @Override
        public void process(Exchange exchange) {
            if (PageContract.PAGE.equals(PageContract.read(exchange, PageContract.EVENT))
                    && pages.incrementAndGet() == 2) {
                orders.touch(1, 10); // on page 1, already committed
                orders.touch(150, 160); // on page 2, being written now
                orders.touch(2000, 2010); // on a page still to come
                orders.insert(3001, 3);
            }
        }
    }

    @Test
    void rowsUpdatedDuringASyncAllArriveByTheEndOfTheNextRun() throws Exception {
        orders.withTiedRows(2500);
        UpdateOnPage2 writer = new UpdateOnPage2(orders);
        start(
                route().steps("- process: {ref: updateOnPage2}"),
                c -> c.getRegistry().bind("updateOnPage2", writer));

        SyncOutcome during = tributary.sync(ID);
        assertTrue(during.success(), during.summary());
        assertNotEquals(
                orders.rows(), loaded(), "the changes made during the sync are not all in yet");

        SyncOutcome next = tributary.sync(ID);

        assertTrue(next.success(), next.summary());
        assertEquals(orders.rows(), loaded(), "every change, once the next run is over");
    }

    /** Takes the source's table away after page 3 is committed (and puts nothing back). */
    static final class RenameAfterPage3 implements Processor {
        final LegacyOrders orders;
        final AtomicInteger pages = new AtomicInteger();

        RenameAfterPage3(LegacyOrders orders) {
            this.orders = orders;
        }

        @Override
        public void process(Exchange exchange) {
            if (PageContract.PAGE.equals(PageContract.read(exchange, PageContract.EVENT))
                    && pages.incrementAndGet() == 3) {
                orders.execute("ALTER TABLE orders RENAME TO orders_away");
            }
        }
    }

    @Test
    void aSourceQueryThatFailsMidSyncFailsTheRunAtTheLastCommittedPageAndTheNextRunCompletes()
            throws Exception {
        orders.withTiedRows(2500);
        RenameAfterPage3 dba = new RenameAfterPage3(orders);
        start(route().steps("- process: {ref: dba}"), c -> c.getRegistry().bind("dba", dba));

        SyncOutcome failed = tributary.sync(ID);

        assertFalse(failed.success());
        assertTrue(failed.error().startsWith("page 4: "), failed.error());
        assertEquals(
                300, target.count("SELECT COUNT(*) FROM erp_orders"), "pages 1 to 3 committed");
        assertEquals(
                "[\"2024-03-01T08:00:42Z\",\"300\"]",
                target.cursor(ID),
                "the position of page 3's last row");
        assertEquals(300, failed.rowsWritten());

        orders.execute("ALTER TABLE orders_away RENAME TO orders");
        SyncOutcome next = tributary.sync(ID);

        assertTrue(next.success(), next.summary());
        assertEquals(2200, next.recordsRead(), "from page 4 on");
        assertEquals(orders.rows(), loaded());
    }

    @Test
    void aStepThatStopsAPageFailsTheRunInsteadOfPagingPastIt() throws Exception {
        orders.withTiedRows(250);
        start(
                route().steps(
                                "- filter:",
                                "    simple: \"${exchangeProperty.CamelLoopIndex} == 1\"",
                                "    steps:",
                                "      - stop: {}"));

        SyncOutcome outcome = tributary.sync(ID);

        assertFalse(outcome.success(), outcome.summary());
        assertTrue(outcome.error().contains("ended before the sink acknowledged"), outcome.error());
        assertEquals(100, target.count("SELECT COUNT(*) FROM erp_orders"), "page 1 only");
        assertEquals("[\"2024-03-01T08:00:14Z\",\"100\"]", target.cursor(ID));
    }

    @Test
    void rowsWithNoCursorValueFailTheRunSayingHowManyAndWhatToDo() throws Exception {
        orders.withTiedRows(20);
        orders.execute("UPDATE orders SET updated_at = NULL WHERE id IN (3, 4)");
        start(route());

        SyncOutcome outcome = tributary.sync(ID);

        assertFalse(outcome.success());
        assertTrue(
                outcome.error().contains("parameter 'cursorColumn' value 'updated_at': 2 row(s)"),
                outcome.error());
        assertTrue(outcome.error().contains("COALESCE"), outcome.error());
        assertFalse(
                target.tableExists("erp_orders")
                        && target.count("SELECT COUNT(*) FROM erp_orders") > 0);
    }

    @Test
    void rowsYoungerThanTheSettleTimeWaitForALaterRun() throws Exception {
        orders.withTiedRows(20);
        orders.execute("UPDATE orders SET updated_at = CURRENT_TIMESTAMP WHERE id = 20");
        start(route().with("settle", "PT1H"));

        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                19, target.count("SELECT COUNT(*) FROM erp_orders"), "row 20 was written just now");
        assertEquals(0, target.count("SELECT COUNT(*) FROM erp_orders WHERE id = 20"));
    }

    @Test
    void aQueryIsReadAsASubqueryAndCursorStartSkipsOlderRows() throws Exception {
        orders.withTiedRows(100);
        start(
                route().with("table", null)
                        .with(
                                "query",
                                "SELECT id, customer, amount, active, ordered, updated_at FROM orders WHERE active")
                        .with("cursorStart", "2024-03-01T08:00:07Z"));

        SyncOutcome outcome = tributary.sync(ID);

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(
                source.count(
                        "SELECT COUNT(*) FROM orders WHERE active AND updated_at >= TIMESTAMP WITH TIME ZONE '2024-03-01 08:00:07+00'"),
                target.count("SELECT COUNT(*) FROM erp_orders"));
        assertEquals(0, target.count("SELECT COUNT(*) FROM erp_orders WHERE NOT active"));
    }

    @Test
    void anIdCursorReadsNewRowsByIdAlone() throws Exception {
        orders.withTiedRows(250);
        start(route().with("cursorColumn", "id").with("keyColumns", "id"));
        tributary.sync(ID);
        orders.insert(251, 7);

        SyncOutcome second = tributary.sync(ID);

        assertEquals(7, second.recordsRead());
        assertEquals("[\"257\"]", target.cursor(ID));
        assertEquals(orders.rows(), loaded());
    }
}
