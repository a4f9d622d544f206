package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.LogCapture;
import io.tributary.support.ShopifyOrders;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify orders with their line items (and each line's discount allocations), discount codes and
 * shipping lines loaded into child tables, on H2 (and, in a subclass, PostgreSQL).
 */
class ChildTablesTest {
    static final String SCHEMA = "examples/shopify-orders/shopify-orders.schema.yaml";
    Database db;
    ConnectorHarness tributary;
    final ShopifyOrders shop = new ShopifyOrders();

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
        shop.close();
    }

    ConnectorSpec orders(String... extra) {
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
                        ShopifyOrders.TOKEN)
                .with(extra);
    }

    long count(String table) {
        return db.count("SELECT COUNT(*) FROM " + table);
    }

    @Test
    void eachOrdersArraysLandInChildTablesKeyedByTheOrderAndThePosition() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 1);
        shop.order(1003, "2024-10-01T12:00:00Z", 2);
        tributary.add(orders());

        SyncOutcome sync;
        List<String> summary;
        try (LogCapture log = LogCapture.open()) {
            sync = tributary.sync("orders");
            summary = log.linesContaining("io.tributary.sync");
        }

        assertTrue(sync.success(), sync.summary());
        assertEquals(3, count("orders"));
        assertEquals(6, count("orders__lines"));
        assertEquals(6, count("orders__lines__discounts"));
        assertEquals(3, count("orders__discount_codes"));
        assertEquals(3, count("orders__shipping_lines"));
        assertEquals(
                List.of(0L, 1L, 2L),
                db.column(
                        "SELECT _position FROM orders__lines WHERE _parent_id = 1001 ORDER BY _position"));
        assertEquals(
                "SKU-2",
                db.single(
                        "SELECT sku FROM orders__lines WHERE _parent_id = 1001 AND _position = 2"));
        // a grandchild joins its line by the line's whole key
        assertEquals(
                100102L,
                db.single(
                        "SELECT l.id FROM orders__lines__discounts d JOIN orders__lines l"
                                + " ON d._parent_id = l._parent_id AND d._lines_position = l._position"
                                + " WHERE d._parent_id = 1001 AND d._lines_position = 2"));
        assertEquals(
                0,
                new BigDecimal("1.00")
                        .compareTo(
                                (BigDecimal)
                                        db.single(
                                                "SELECT amount FROM orders__lines__discounts WHERE _parent_id = 1003 AND _lines_position = 1")));
        // 6 lines, 6 discounts, 3 codes, 3 shipping lines
        assertTrue(summary.stream().anyMatch(l -> l.contains("children=18")), summary.toString());
    }

    @Test
    void anUpdatedOrderWithFewerLinesKeepsExactlyItsNewLines() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 2);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());

        shop.order(1001, "2024-10-02T09:00:00Z", 1);
        shop.line(1001, 0).put("sku", "NEW");
        SyncOutcome second = tributary.sync("orders");

        assertTrue(second.success(), second.summary());
        assertEquals(
                List.of("NEW"),
                db.column(
                        "SELECT sku FROM orders__lines WHERE _parent_id = 1001 ORDER BY _position"));
        assertEquals(
                1,
                db.count("SELECT COUNT(*) FROM orders__lines__discounts WHERE _parent_id = 1001"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders__lines WHERE _parent_id = 1002"));
        assertEquals(
                2,
                db.count("SELECT COUNT(*) FROM orders__lines__discounts WHERE _parent_id = 1002"));
        assertEquals(
                1, db.count("SELECT COUNT(*) FROM orders__shipping_lines WHERE _parent_id = 1001"));
    }

    @Test
    void anOrderWithoutAnArrayKeepsNoRowsOfIt() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 2);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());

        shop.order(1001, "2024-10-02T10:00:00Z", 2).putArray("discount_codes");
        shop.get(1001).remove("shipping_lines");
        assertTrue(tributary.sync("orders").success());

        assertEquals(0, count("orders__discount_codes"));
        assertEquals(0, count("orders__shipping_lines"));
        assertEquals(2, count("orders__lines"));
    }

    @Test
    void aLineWithABadTypeSendsTheWholeOrderToTheDeadLettersNamingTheElement() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 2);
        shop.order(1002, "2024-10-01T11:00:00Z", 5);
        shop.line(1002, 3).put("quantity", "three");
        tributary.add(orders());

        SyncOutcome sync = tributary.sync("orders");

        assertTrue(sync.success(), sync.summary());
        assertEquals(List.of(1001L), db.column("SELECT id FROM orders"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM orders__lines WHERE _parent_id = 1002"));
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM orders__lines__discounts WHERE _parent_id = 1002"));
        assertEquals(
                0, db.count("SELECT COUNT(*) FROM orders__shipping_lines WHERE _parent_id = 1002"));
        assertEquals(
                "line_items[3].quantity",
                db.single("SELECT field FROM tributary_dead_letters WHERE connector = 'orders'"));
        String reason =
                (String)
                        db.single(
                                "SELECT reason FROM tributary_dead_letters WHERE connector = 'orders'");
        assertTrue(reason.contains("integer"), reason);
        String record =
                (String)
                        db.single(
                                "SELECT CAST(record AS VARCHAR(100000)) FROM tributary_dead_letters WHERE connector = 'orders'");
        assertTrue(record.contains("\"id\":1002") && record.contains("\"line_items\""), record);
    }

    @Test
    void aBadDiscountOfALineNamesItsPathThroughBothArrays() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        shop.line(1001, 1).get("discount_allocations").get(0))
                .put("amount", "a lot");
        tributary.add(orders());

        assertTrue(tributary.sync("orders").success());

        assertEquals(List.of(1002L), db.column("SELECT id FROM orders"));
        assertEquals(
                "line_items[1].discount_allocations[0].amount",
                db.single("SELECT field FROM tributary_dead_letters WHERE connector = 'orders'"));
    }

    @Test
    void replaceSwapsInTheChildTablesWithTheOrders() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 2);
        shop.order(1003, "2024-10-01T12:00:00Z", 1);
        tributary.add(orders("writeMode", "replace"));
        assertTrue(tributary.sync("orders").success());
        assertEquals(6, count("orders__lines"));

        shop.order(1002, "2024-10-02T11:00:00Z", 4);
        SyncOutcome second = tributary.sync("orders");

        assertTrue(second.success(), second.summary());
        assertEquals(8, count("orders__lines"));
        assertEquals(4, db.count("SELECT COUNT(*) FROM orders__lines WHERE _parent_id = 1002"));
        assertEquals(8, count("orders__lines__discounts"));
        assertFalse(db.tableExists("orders__lines__staging"));
    }

    @Test
    void aChildTableTakesANewColumnOfTheSchemaFileAndRefusesAnotherType(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 2);
        tributary.add(orders());
        assertTrue(tributary.sync("orders").success());
        tributary.close();
        String schema = java.nio.file.Files.readString(java.nio.file.Path.of(SCHEMA));
        java.nio.file.Path wider = dir.resolve("wider.schema.yaml");
        java.nio.file.Files.writeString(
                wider,
                schema.replace(
                        "      price:    {type: decimal}\n",
                        "      price:    {type: decimal}\n      vendor:   {type: string}\n"));
        java.nio.file.Path other = dir.resolve("other.schema.yaml");
        java.nio.file.Files.writeString(
                other,
                schema.replace(
                        "      sku:      {type: string}", "      sku:      {type: integer}"));

        tributary = new ConnectorHarness(db).start();
        shop.get(1001)
                .withArray("line_items")
                .forEach(
                        l ->
                                ((com.fasterxml.jackson.databind.node.ObjectNode) l)
                                        .put("vendor", "Acme"));
        shop.get(1001).put("updated_at", "2024-10-02T10:00:00Z");
        tributary.add(orders().with("schema", wider.toString()));
        assertTrue(tributary.sync("orders").success());
        assertEquals(
                List.of("Acme", "Acme"),
                db.column("SELECT vendor FROM orders__lines ORDER BY _position"));
        tributary.close();

        tributary = new ConnectorHarness(db).start();
        Exception e =
                assertThrows(
                        Exception.class,
                        () -> tributary.add(orders().with("schema", other.toString())));
        String message = rootMessage(e);
        assertTrue(
                message.contains("child table 'orders__lines'") && message.contains("'sku'"),
                message);
    }

    @Test
    void appendIsRefusedForASchemaWithChildrenNamingThem() {
        Exception e =
                assertThrows(Exception.class, () -> tributary.add(orders("writeMode", "append")));
        String message = rootMessage(e);
        assertTrue(message.contains("'writeMode'") && message.contains("'children'"), message);
    }

    @Test
    void aFileSinkIsRefusedForASchemaWithChildrenNamingThem() {
        Exception e =
                assertThrows(
                        Exception.class,
                        () ->
                                tributary.add(
                                        orders(
                                                "sink",
                                                "jsonl",
                                                "directory",
                                                "target/children-files")));
        String message = rootMessage(e);
        assertTrue(message.contains("'sink'") && message.contains("'children'"), message);
    }

    static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** The example's schema, changed as {@code edit} says, in a file of its own. */
    String schemaWith(java.util.function.UnaryOperator<String> edit) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("orders", ".schema.yaml");
        java.nio.file.Files.writeString(
                file, edit.apply(java.nio.file.Files.readString(java.nio.file.Path.of(SCHEMA))));
        return file.toString();
    }

    @Test
    void anOrderFlaggedDeletedAtTheSourceTakesItsChildRowsWithIt() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 2);
        tributary.add(
                orders().schema(
                                schemaWith(
                                        s ->
                                                s.replace(
                                                        "primaryKey: [id]\n",
                                                        "primaryKey: [id]\ndeletedWhen: {path: /cancelled_at, notNull: true}\n"))));
        assertTrue(tributary.sync("orders").success());
        assertEquals(5, count("orders__lines"));

        shop.get(1001)
                .put("cancelled_at", "2024-10-02T09:00:00Z")
                .put("updated_at", "2024-10-02T09:00:00Z");
        SyncOutcome again = tributary.sync("orders");

        assertTrue(again.success(), again.summary());
        assertEquals(List.of(1002L), db.column("SELECT id FROM orders ORDER BY id"));
        assertEquals(2, count("orders__lines"));
        assertEquals(0, count("orders__lines__discounts WHERE _parent_id = 1001"));
        assertEquals(0, count("orders__shipping_lines WHERE _parent_id = 1001"));
        assertEquals(1, count("orders__discount_codes"));
    }

    @Test
    void anOrderAFullKeyScanNoLongerFindsTakesItsChildRowsWithIt() throws Exception {
        shop.order(1001, "2024-10-01T10:00:00Z", 3);
        shop.order(1002, "2024-10-01T11:00:00Z", 2);
        tributary.add(
                ConnectorSpec.named("orders")
                        .url(shop.baseUrl() + ShopifyOrders.PATH + "?status=any")
                        .table("orders")
                        .schema(schemaWith(s -> s.replace("cursorField: updated_at\n", "")))
                        .recordsPath("/orders")
                        .pagination("link-header")
                        .pageSizeParam("limit")
                        .pageSize(2)
                        .deleteMissing(true)
                        .with(
                                "auth",
                                "api-key-header",
                                "authName",
                                "X-Shopify-Access-Token",
                                "authSecret",
                                ShopifyOrders.TOKEN));
        assertTrue(tributary.sync("orders").success());
        assertEquals(5, count("orders__lines"));

        shop.remove(1001);
        SyncOutcome again = tributary.sync("orders");

        assertTrue(again.success(), again.summary());
        assertEquals(List.of(1002L), db.column("SELECT id FROM orders ORDER BY id"));
        assertEquals(2, count("orders__lines"));
        assertEquals(2, count("orders__lines__discounts"));
        assertEquals(1, count("orders__shipping_lines"));
        assertEquals(1, count("orders__discount_codes"));
    }
}
