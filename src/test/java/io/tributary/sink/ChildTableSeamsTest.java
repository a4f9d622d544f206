package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.ShopifyOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where child tables meet schema versions, drift and a deleted-records stream (H2; DuckDB in a
 * subclass).
 */
class ChildTableSeamsTest {
    static final String SCHEMA = ChildTablesTest.SCHEMA;
    final Database db = newDatabase();
    ConnectorHarness tributary;
    final ShopifyOrders shop = new ShopifyOrders();
    final ShopifyOrders gone = new ShopifyOrders(); // the deleted-records endpoint

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        shop.close();
        gone.close();
    }

    ConnectorSpec orders() {
        return ConnectorSpec.named("orders")
                .url(shop.baseUrl() + ShopifyOrders.PATH + "?status=any")
                .table("orders")
                .schema(SCHEMA)
                .recordsPath("/orders")
                .pagination("link-header")
                .pageSizeParam("limit")
                .pageSize(2)
                .cursorParam("updated_at_min")
                .with(
                        "auth",
                        "api-key-header",
                        "authName",
                        "X-Shopify-Access-Token",
                        "authSecret",
                        ShopifyOrders.TOKEN);
    }

    ConnectorSpec deletedOrders(Path keys) {
        return ConnectorSpec.named("orders-deleted")
                .url(gone.baseUrl() + ShopifyOrders.PATH + "?status=any")
                .table("orders")
                .schema(keys.toString())
                .recordsPath("/orders")
                .pagination("link-header")
                .pageSizeParam("limit")
                .pageSize(2)
                .writeMode("delete")
                .with(
                        "auth",
                        "api-key-header",
                        "authName",
                        "X-Shopify-Access-Token",
                        "authSecret",
                        ShopifyOrders.TOKEN);
    }

    @Test
    void oneStartUpThatChangesTheTableAndAChildTableMakesOneSchemaVersion(@TempDir Path dir)
            throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 2);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());
        tributary.close();
        Path wider = dir.resolve("wider.schema.yaml");
        Files.writeString(
                wider,
                Files.readString(Path.of(SCHEMA))
                        .replace(
                                "  currency:         {type: string}\n",
                                "  currency:         {type: string}\n  note: {type: string}\n")
                        .replace(
                                "      price:    {type: decimal}\n",
                                "      price:    {type: decimal}\n      vendor:   {type: string}\n"));

        tributary = new ConnectorHarness(db).start();
        tributary.add(orders().with("schema", wider.toString()));

        assertEquals(
                List.of("orders", "orders__lines"),
                db.column(
                        "SELECT DISTINCT table_name FROM tributary_schema_changes ORDER BY table_name"));
        assertEquals(
                List.of(1L),
                db.column(
                        "SELECT DISTINCT CAST(version AS BIGINT) FROM tributary_schema_changes"
                                + " WHERE connector = 'orders'"));
    }

    @Test
    void anOrderDeletedByItsDeletedRecordsStreamTakesItsChildRows(@TempDir Path dir)
            throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 1);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());
        Path keys = dir.resolve("orders-deleted.schema.yaml");
        Files.writeString(
                keys, "primaryKey: [id]\ncolumns:\n  id: {type: integer, required: true}\n");
        gone.order(1001, "2024-10-02T10:00:00Z", 0);
        tributary.add(deletedOrders(keys));

        assertTrue(tributary.sync("orders-deleted").success());

        assertEquals(List.of(1002L), db.column("SELECT id FROM orders"));
        assertEquals(List.of(1002L), db.column("SELECT DISTINCT _parent_id FROM orders__lines"));
        assertEquals(
                List.of(1002L),
                db.column("SELECT DISTINCT _parent_id FROM orders__lines__discounts"));
        assertEquals(
                List.of(1002L),
                db.column("SELECT DISTINCT _parent_id FROM orders__shipping_lines"));
    }

    @Test
    void aNewTopLevelFieldUnderEvolveKeepsTheChildTablesLoading() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 2);
        tributary.add(orders().with("drift", "evolve"));
        assertTrue(tributary.sync("orders").success());
        shop.get(1001).put("note", "gift").put("updated_at", "2024-10-02T10:00:00Z");
        shop.order(1002, "2024-10-02T11:00:00Z", 3).put("note", "rush");

        assertTrue(tributary.sync("orders").success());

        assertEquals(List.of("gift", "rush"), db.column("SELECT note FROM orders ORDER BY id"));
        assertEquals(
                List.of(2L, 3L),
                db.column(
                        "SELECT COUNT(*) FROM orders__lines GROUP BY _parent_id ORDER BY _parent_id"));
    }

    @Test
    void aDeleteStreamThatStartedBeforeTheChildTablesExistedStillTakesTheChildRows(
            @TempDir Path dir) throws Exception {
        Path keys = dir.resolve("orders-deleted.schema.yaml");
        Files.writeString(
                keys, "primaryKey: [id]\ncolumns:\n  id: {type: integer, required: true}\n");
        tributary.add(deletedOrders(keys)); // first: makes the table from its key alone
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 1);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());
        gone.order(1001, "2024-10-02T10:00:00Z", 0);

        assertTrue(tributary.sync("orders-deleted").success());

        assertEquals(List.of(1002L), db.column("SELECT id FROM orders"));
        assertEquals(List.of(1002L), db.column("SELECT DISTINCT _parent_id FROM orders__lines"));
    }

    @Test
    void aReplayedDeletionDeletesTheOrderAndItsChildRows(@TempDir Path dir) throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 1);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());
        Path keys = dir.resolve("orders-deleted.schema.yaml");
        // a wrong path: each deletion goes to the dead letters
        Files.writeString(
                keys,
                "primaryKey: [id]\ncolumns:\n  id: {type: integer, required: true, path: /order_id}\n");
        gone.order(1001, "2024-10-02T10:00:00Z", 0); // no order_id: a dead letter
        gone.order(9999, "2024-10-02T11:00:00Z", 0).put("order_id", 9999); // fits
        tributary.add(deletedOrders(keys));
        io.tributary.metrics.SyncOutcome lettered = tributary.sync("orders-deleted");
        assertTrue(lettered.success(), lettered.summary());
        assertEquals(List.of(1001L, 1002L), db.column("SELECT id FROM orders ORDER BY id"));
        tributary.close();

        Files.writeString(
                keys, "primaryKey: [id]\ncolumns:\n  id: {type: integer, required: true}\n");
        tributary = new ConnectorHarness(db).start();
        tributary.add(orders());
        tributary.add(deletedOrders(keys));
        DeadLetterReplay.Result replayed =
                tributary
                        .context()
                        .getRegistry()
                        .lookupByNameAndType(
                                "tributaryConnector:orders-deleted",
                                io.tributary.connector.Connector.class)
                        .replay();

        assertEquals(1, replayed.loaded());
        assertEquals(List.of(1002L), db.column("SELECT id FROM orders"), "deleted, not upserted");
        assertEquals(List.of(1002L), db.column("SELECT DISTINCT _parent_id FROM orders__lines"));
    }
}
