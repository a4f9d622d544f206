package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.ShopifyOrders;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/shopify-orders/} as it ships, in the Kamelet form ({@code to:
 * kamelet:tributary-jdbc-sink}), against a loopback API shaped like Shopify's Admin REST orders
 * list: orders, their lines with each line's discounts, discount codes and shipping lines in child
 * tables; a second sync asks from the cursor and replaces the children of the orders it reads
 * again. On PostgreSQL too: {@link ShopifyOrdersExampleOnPostgresTest}.
 */
class ShopifyOrdersExampleTest {
    final Database db = newDatabase();
    final ShopifyOrders shop = new ShopifyOrders();
    ConnectorHarness tributary;

    Database newDatabase() {
        return Database.h2();
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        shop.close();
    }

    void load() throws Exception {
        tributary = new ConnectorHarness(db);
        tributary.set("shopify.schedule", "direct:shopify-orders");
        tributary.set("shopify.base-url", shop.baseUrl());
        tributary.set("shopify.token", ShopifyOrders.TOKEN);
        tributary.start();
        tributary.load("examples/shopify-orders/shopify-orders.camel.yaml");
    }

    @Test
    void shopifyOrdersLoadWithTheirLinesDiscountsAndShippingLinesInChildTables() throws Exception {
        for (int i = 0; i < 300; i++) { // two pages of 250
            shop.order(5000 + i, "2024-10-01T10:" + String.format("%02d", i % 60) + ":00Z", 2);
        }
        load();

        SyncOutcome first = tributary.sync("shopify-orders");
        int before = shop.api.requests().size();
        shop.order(5007, "2024-10-02T08:00:00Z", 1);
        shop.line(5007, 0).put("sku", "REPLACED");
        SyncOutcome second = tributary.sync("shopify-orders");

        assertTrue(first.success(), first.summary());
        assertTrue(second.success(), second.summary());
        assertEquals(300, db.count("SELECT COUNT(*) FROM shopify_orders"));
        assertEquals(599, db.count("SELECT COUNT(*) FROM shopify_orders__lines"));
        assertEquals(599, db.count("SELECT COUNT(*) FROM shopify_orders__lines__discounts"));
        assertEquals(300, db.count("SELECT COUNT(*) FROM shopify_orders__discount_codes"));
        assertEquals(300, db.count("SELECT COUNT(*) FROM shopify_orders__shipping_lines"));
        assertEquals(
                List.of("REPLACED"),
                db.column("SELECT sku FROM shopify_orders__lines WHERE _parent_id = 5007"));
        PagedApi.Request sent = shop.api.requests().get(before);
        assertEquals("2024-10-01T10:59:00Z", sent.param("updated_at_min"));
        assertEquals("any", sent.param("status"));
        assertEquals("2024-10-02T08:00:00Z", db.cursor("shopify-orders"));
    }
}
