package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.ShopifyOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In Kamelet form each connector's sink Kamelet route is {@code <connector>-sink}: a connector
 * whose id is another's sink route (orders and orders-sink) is refused as it loads, naming both; it
 * left the first connector without a sink (KameletConsumerNotAvailableException after 30 s).
 */
class SinkRouteIdTest {
    final ShopifyOrders shop = new ShopifyOrders();
    final ConnectorHarness tributary = new ConnectorHarness(Database.h2()).inKameletForm();

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        shop.close();
    }

    ConnectorSpec orders(String name) {
        return ConnectorSpec.named(name)
                .url(shop.baseUrl() + ShopifyOrders.PATH + "?status=any")
                .table(name.replace('-', '_'))
                .schema("src/test/resources/deletes/tickets.schema.yaml")
                .recordsPath("/orders")
                .pagination("none")
                .with(
                        "auth",
                        "api-key-header",
                        "authName",
                        "X-Shopify-Access-Token",
                        "authSecret",
                        ShopifyOrders.TOKEN);
    }

    @Test
    void aConnectorNamedAfterAnothersSinkRouteIsRefusedNamingBoth() throws Exception {
        tributary.start();
        tributary.add(orders("orders"));

        Exception e = assertThrows(Exception.class, () -> tributary.add(orders("orders-sink")));

        String message = String.valueOf(rootMessage(e));
        assertTrue(
                message.contains("connector 'orders'")
                        && message.contains("parameter 'id' value 'orders-sink'")
                        && message.contains("rename one of the two routes"),
                message);
    }

    @Test
    void theOtherOrderIsRefusedToo() throws Exception {
        tributary.start();
        tributary.add(orders("orders-sink"));

        Exception e = assertThrows(Exception.class, () -> tributary.add(orders("orders")));

        assertTrue(
                String.valueOf(rootMessage(e)).contains("parameter 'id' value 'orders-sink'"),
                String.valueOf(rootMessage(e)));
    }

    static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
