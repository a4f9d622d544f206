package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.DeletingApi;
import io.tributary.support.LogCapture;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes at the source reach the table, in each of the three shapes (a flag in the record, a
 * deleted-records endpoint, a full key scan) and both actions ({@code onDelete: delete | mark}), on
 * H2 (and, in a subclass, PostgreSQL).
 */
class SourceDeletesTest {
    static final String DIR = "src/test/resources/deletes/";
    Database db;
    ConnectorHarness tributary;
    final DeletingApi api = new DeletingApi();
    LogCapture log;

    Database newDatabase() {
        return Database.h2();
    }

    ConnectorHarness harness(Database db) {
        return new ConnectorHarness(db);
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        tributary = harness(db).start();
        log = LogCapture.open();
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        tributary.close();
        api.close();
    }

    ConnectorSpec tickets() {
        return ConnectorSpec.named("tickets")
                .url(api.baseUrl() + "/api/v2/incremental/tickets.json")
                .table("tickets")
                .schema(DIR + "tickets.schema.yaml")
                .recordsPath("/tickets")
                .pagination("none");
    }

    ConnectorSpec accounts() {
        return ConnectorSpec.named("accounts")
                .url(api.baseUrl() + "/services/data/v59.0/query?q=SELECT+Id,Name+FROM+Account")
                .table("accounts")
                .schema(DIR + "accounts.schema.yaml")
                .recordsPath("/records")
                .pagination("none");
    }

    ConnectorSpec deletedAccounts() {
        return ConnectorSpec.named("accounts-deleted")
                .url(
                        api.baseUrl()
                                + "/services/data/v59.0/sobjects/Account/deleted/"
                                + "?start=2026-01-01T00:00:00Z&end=2026-12-31T00:00:00Z")
                .table("accounts")
                .schema(DIR + "accounts-deleted.schema.yaml")
                .recordsPath("/deletedRecords")
                .pagination("none")
                .writeMode("delete");
    }

    ConnectorSpec prices() {
        return ConnectorSpec.named("prices")
                .url(api.pricesUrl())
                .table("prices")
                .schema(DIR + "prices.schema.yaml")
                .recordsPath("/items")
                .pagination("page-number")
                .pageSize(2)
                .totalPagesPath("/total_pages")
                .deleteMissing(true);
    }

    double deleted(String connector, String kind) {
        Counter c =
                ConnectorMetrics.of(tributary.context())
                        .registry()
                        .find("tributary.records.deleted")
                        .tag("connector", connector)
                        .tag("kind", kind)
                        .counter();
        return c == null ? -1 : c.count();
    }

    /** The {@code deleted=N} of the connector's last summary line. */
    String summaryDeleted(String connector) {
        List<String> lines = log.linesContaining("sync connector=" + connector + " ");
        String last = lines.get(lines.size() - 1);
        return last.replaceAll(".* deleted=(\\d+).*", "$1");
    }

    List<Object> ids(String sql) {
        return db.column(sql).stream().map(String::valueOf).map(Object.class::cast).toList();
    }

    // ---- a flag in the record ----

    @Test
    void aReplayedTicketTheExportCalledDeletedLosesItsRow(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        api.ticket(1, "Printer on fire", "open");
        api.ticket(2, "Password reset", "open");
        tributary.add(tickets());
        assertTrue(tributary.sync("tickets").success());
        tributary.close();
        // a schema that wants a subject: the deleted ticket, which has none, is a dead letter
        java.nio.file.Path strict = dir.resolve("strict.schema.yaml");
        java.nio.file.Files.writeString(
                strict,
                java.nio.file.Files.readString(java.nio.file.Path.of(DIR + "tickets.schema.yaml"))
                        .replace(
                                "subject: {type: string}",
                                "subject: {type: string, required: true}"));
        api.ticket(2, null, "deleted");
        tributary = harness(db).start();
        tributary.add(tickets().schema(strict.toString()));
        assertTrue(tributary.sync("tickets").success());
        assertEquals(List.of("1", "2"), ids("SELECT id FROM tickets ORDER BY id"));
        tributary.close();

        tributary = harness(db).start();
        tributary.add(tickets());
        io.tributary.sink.DeadLetterReplay.Result replayed =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType(
                                "tributaryConnector:tickets",
                                io.tributary.connector.Connector.class)
                        .replay();

        assertEquals(1, replayed.loaded());
        assertEquals(
                List.of("1"), ids("SELECT id FROM tickets ORDER BY id"), "deleted, not upserted");
    }

    @Test
    void aTicketTheExportCallsDeletedLosesItsRow() throws Exception {
        api.ticket(1, "Printer on fire", "open");
        api.ticket(2, "Password reset", "solved");
        api.ticket(3, "Refund", "pending");
        tributary.add(tickets());
        assertTrue(tributary.sync("tickets").success());
        assertEquals(0.0, deleted("tickets", "flag"), "registered at zero");
        assertEquals(3, db.count("SELECT COUNT(*) FROM tickets"));

        api.ticket(2, "Password reset", "deleted");
        assertTrue(tributary.sync("tickets").success());
        assertEquals(List.of("1", "3"), ids("SELECT id FROM tickets ORDER BY id"));
        assertEquals(1.0, deleted("tickets", "flag"));
        assertEquals("1", summaryDeleted("tickets"));

        // the export sends the deleted ticket again: nothing changes, nothing is counted
        assertTrue(tributary.sync("tickets").success());
        assertEquals(List.of("1", "3"), ids("SELECT id FROM tickets ORDER BY id"));
        assertEquals(1.0, deleted("tickets", "flag"));
        assertEquals("0", summaryDeleted("tickets"));
    }

    @Test
    void underMarkADeletedTicketKeepsItsRowMarkedUntilItComesBack() throws Exception {
        api.ticket(1, "Printer on fire", "open");
        api.ticket(2, "Password reset", "solved");
        tributary.add(tickets().onDelete("mark"));
        assertTrue(tributary.sync("tickets").success());
        assertEquals(2, db.count("SELECT COUNT(*) FROM tickets WHERE _deleted_at IS NULL"));

        api.ticket(2, "Password reset", "deleted");
        assertTrue(tributary.sync("tickets").success());
        assertEquals("deleted", db.single("SELECT status FROM tickets WHERE id = 2"));
        Object marked = db.single("SELECT _deleted_at FROM tickets WHERE id = 2");
        assertNotNull(marked);
        assertNull(db.single("SELECT _deleted_at FROM tickets WHERE id = 1"));
        assertEquals(1.0, deleted("tickets", "flag"));

        assertTrue(tributary.sync("tickets").success()); // delivered again: the first mark stays
        assertEquals(
                String.valueOf(marked),
                String.valueOf(db.single("SELECT _deleted_at FROM tickets WHERE id = 2")));
        assertEquals(1.0, deleted("tickets", "flag"));

        api.ticket(2, "Password reset", "open"); // restored from the trash
        assertTrue(tributary.sync("tickets").success());
        assertNull(db.single("SELECT _deleted_at FROM tickets WHERE id = 2"));
        assertEquals("open", db.single("SELECT status FROM tickets WHERE id = 2"));
    }

    // ---- a deleted-records endpoint ----

    @Test
    void getDeletedDeletesTheAccountsItNamesFromTheAccountsTable() throws Exception {
        api.account("001A", "Acme");
        api.account("001B", "Globex");
        api.account("001C", "Initech");
        tributary.add(accounts());
        tributary.add(deletedAccounts());
        assertTrue(tributary.sync("accounts").success());
        assertTrue(tributary.sync("accounts-deleted").success());
        assertEquals(3, db.count("SELECT COUNT(*) FROM accounts"));

        api.deleteAccount("001B", "2026-03-01T10:15:00.000+0000");
        assertTrue(tributary.sync("accounts-deleted").success());
        assertEquals(List.of("001A", "001C"), ids("SELECT id FROM accounts ORDER BY id"));
        assertEquals(1.0, deleted("accounts-deleted", "endpoint"));
        assertEquals("1", summaryDeleted("accounts-deleted"));
        assertEquals("Acme", db.single("SELECT name FROM accounts WHERE id = '001A'"));

        assertTrue(tributary.sync("accounts-deleted").success()); // the same window again
        assertTrue(tributary.sync("accounts").success());
        assertEquals(List.of("001A", "001C"), ids("SELECT id FROM accounts ORDER BY id"));
        assertEquals(1.0, deleted("accounts-deleted", "endpoint"));
    }

    @Test
    void getDeletedUnderMarkStampsTheTimeTheSourceDeletedTheAccount() throws Exception {
        api.account("001A", "Acme");
        api.account("001B", "Globex");
        tributary.add(accounts().onDelete("mark"));
        tributary.add(deletedAccounts().onDelete("mark"));
        assertTrue(tributary.sync("accounts").success());

        api.deleteAccount("001B", "2026-03-01T10:15:00.000+0000");
        assertTrue(tributary.sync("accounts-deleted").success());
        assertEquals(
                OffsetDateTime.parse("2026-03-01T10:15:00Z").toInstant(),
                instant(db.single("SELECT _deleted_at FROM accounts WHERE id = '001B'")));
        assertEquals("Globex", db.single("SELECT name FROM accounts WHERE id = '001B'"));
        assertNull(db.single("SELECT _deleted_at FROM accounts WHERE id = '001A'"));
        assertEquals(1.0, deleted("accounts-deleted", "endpoint"));

        api.account("001B", "Globex"); // undeleted from the recycle bin: the query has it again
        assertTrue(tributary.sync("accounts").success());
        assertNull(db.single("SELECT _deleted_at FROM accounts WHERE id = '001B'"));
    }

    @Test
    void aDeleteStreamStartedFirstMakesTheKeyAndTheMainConnectorAddsTheRestAcrossARestart()
            throws Exception {
        tributary.add(deletedAccounts().onDelete("mark"));
        assertTrue(db.tableExists("accounts"));
        tributary.add(accounts().onDelete("mark")); // its schema change adds name to the table
        api.account("001A", "Acme");
        api.account("001B", "Globex");
        assertTrue(tributary.sync("accounts").success());
        api.deleteAccount("001B", "2026-03-01T10:15:00.000+0000");
        assertTrue(tributary.sync("accounts-deleted").success());
        tributary.close();

        // a restart compares both schemas with the table again: nothing is refused or dropped
        tributary = harness(db).start();
        tributary.add(accounts().onDelete("mark"));
        tributary.add(deletedAccounts().onDelete("mark"));
        assertTrue(tributary.sync("accounts").success());
        assertEquals("Globex", db.single("SELECT name FROM accounts WHERE id = '001B'"));
        assertNotNull(db.single("SELECT _deleted_at FROM accounts WHERE id = '001B'"));
        assertNull(db.single("SELECT _deleted_at FROM accounts WHERE id = '001A'"));
    }

    static java.time.Instant instant(Object value) {
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant();
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toInstant();
        }
        return OffsetDateTime.parse(String.valueOf(value).replace(' ', 'T')).toInstant();
    }

    // ---- a full key scan ----

    void fivePrices() {
        for (String sku : new String[] {"a", "b", "c", "d", "e"}) {
            api.price(sku, "1.50");
        }
    }

    @Test
    void aFullReadDeletesThePricesTheListNoLongerHas() throws Exception {
        fivePrices();
        tributary.add(prices());
        assertTrue(tributary.sync("prices").success());
        assertEquals(5, db.count("SELECT COUNT(*) FROM prices"));
        assertEquals("0", summaryDeleted("prices"));

        api.prices.removeIf(p -> p.get("sku").asText().matches("[bd]"));
        assertTrue(tributary.sync("prices").success());
        assertEquals(List.of("a", "c", "e"), ids("SELECT sku FROM prices ORDER BY sku"));
        assertEquals(2.0, deleted("prices", "scan"));
        assertEquals("2", summaryDeleted("prices"));

        assertTrue(tributary.sync("prices").success()); // nothing more is missing
        assertEquals(3, db.count("SELECT COUNT(*) FROM prices"));
        assertEquals(2.0, deleted("prices", "scan"));
    }

    @Test
    void aFullReadUnderMarkMarksMissingPricesAndClearsTheMarkOfOneThatReturns() throws Exception {
        fivePrices();
        tributary.add(prices().onDelete("mark"));
        assertTrue(tributary.sync("prices").success());

        api.prices.removeIf(p -> p.get("sku").asText().equals("b"));
        assertTrue(tributary.sync("prices").success());
        assertEquals(5, db.count("SELECT COUNT(*) FROM prices"));
        assertEquals(List.of("b"), ids("SELECT sku FROM prices WHERE _deleted_at IS NOT NULL"));
        assertEquals(1.0, deleted("prices", "scan"));

        assertTrue(tributary.sync("prices").success()); // still missing: marked once
        assertEquals(1.0, deleted("prices", "scan"));

        api.price("b", "2.00");
        assertTrue(tributary.sync("prices").success());
        assertEquals(0, db.count("SELECT COUNT(*) FROM prices WHERE _deleted_at IS NOT NULL"));
    }

    @Test
    void aFailedFullReadDeletesNothing() throws Exception {
        fivePrices();
        tributary.add(prices());
        assertTrue(tributary.sync("prices").success());

        api.prices.removeIf(p -> p.get("sku").asText().equals("a"));
        api.brokenPage = 2; // page 1 commits, page 2 fails every retry: the read is partial
        assertFalse(tributary.sync("prices").success());
        assertEquals(5, db.count("SELECT COUNT(*) FROM prices"), "no key is taken as missing");
        assertEquals(0.0, deleted("prices", "scan"));

        api.brokenPage = 0;
        assertTrue(tributary.sync("prices").success());
        assertEquals(List.of("b", "c", "d", "e"), ids("SELECT sku FROM prices ORDER BY sku"));
        assertEquals(1.0, deleted("prices", "scan"));
    }

    @Test
    void aReadThatStoppedAfterAFullPageWithoutANextLinkDeletesNothing() throws Exception {
        fivePrices();
        tributary.add(prices());
        tributary.add(
                prices().as("price-feed")
                        .url(api.baseUrl() + "/v1/price-feed")
                        .pagination("next-url")
                        .nextPath("/next")
                        .without("totalPagesPath")
                        // a sink Kamelet's parameters differing from prices' (identical ones
                        // share one Kamelet route, which binds to one of the two sources)
                        .onDelete("delete"));
        assertTrue(tributary.sync("prices").success());
        assertTrue(tributary.sync("price-feed").success());
        assertEquals(5, db.count("SELECT COUNT(*) FROM prices"), "c, d and e were never read");
        assertEquals(0.0, deleted("price-feed", "scan"));
        assertEquals(1, log.linesContaining("deleteMissing skipped").size());
    }

    @Test
    void aPreviewDeletesNothing() throws Exception {
        fivePrices();
        api.ticket(1, "Printer on fire", "open");
        tributary.add(prices());
        tributary.add(tickets());
        assertTrue(tributary.sync("prices").success());
        assertTrue(tributary.sync("tickets").success());
        tributary.close();

        api.prices.removeIf(p -> p.get("sku").asText().equals("a"));
        api.ticket(1, "Printer on fire", "deleted");
        tributary =
                harness(db).start(c -> c.getRegistry().bind(PreviewSink.BEAN, new PreviewSink(5)));
        tributary.add(prices());
        tributary.add(tickets());
        assertTrue(tributary.sync("prices").success());
        assertTrue(tributary.sync("tickets").success());
        assertEquals(5, db.count("SELECT COUNT(*) FROM prices"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM tickets"));
    }
}
