package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import io.tributary.support.ShopifyGraphql;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify's GraphQL cost limit paid before each request: an answer's {@code extensions.cost} says
 * what the bucket holds, so a query it cannot pay for is never sent. On PostgreSQL too: {@link
 * ShopifyGraphqlThrottleOnPostgresTest}.
 */
class ShopifyGraphqlThrottleTest {
    static final String QUERY =
            "query($after: String, $filter: String) { orders(first: 2, after: $after, sortKey:"
                    + " UPDATED_AT, query: $filter) { pageInfo { hasNextPage endCursor } nodes { id"
                    + " name email updatedAt } } }";

    final Database db = newDatabase();
    // 100 points restoring 50/s, 40 a query: two queries empty it, the third must wait 0.4 s
    final ShopifyGraphql shopify = new ShopifyGraphql(100, 50, 40);
    ConnectorHarness tributary;

    Database newDatabase() {
        return Database.h2();
    }

    @AfterEach
    void stop() throws Exception {
        if (tributary != null) {
            tributary.close();
        }
        shopify.close();
    }

    void start() throws Exception {
        tributary = new ConnectorHarness(db);
        tributary.start();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", shopify.url());
        p.put("auth", "api-key-header");
        p.put("authName", "X-Shopify-Access-Token");
        p.put("authSecret", ShopifyGraphql.TOKEN);
        p.put("pagination", "graphql");
        p.put(
                "requestBody",
                "{\"query\": \""
                        + QUERY
                        + "\", \"variables\": {\"filter\": \"updated_at:>='{cursor}'\"}}");
        p.put("recordsPath", "/data/orders/nodes");
        p.put("nextPath", "/data/orders/pageInfo/endCursor");
        p.put("hasMorePath", "/data/orders/pageInfo/hasNextPage");
        p.put("cursorStart", "2024-01-01T00:00:00Z");
        p.put("schema", "src/test/resources/paging/shopify-graphql-orders.schema.yaml");
        p.put("table", "shopify_orders");
        tributary.add("orders", p);
    }

    Timer waits() {
        return tributary
                .context()
                .getRegistry()
                .lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find("tributary.rate.limit.wait")
                .tag("connector", "orders")
                .timer();
    }

    @Test
    void aSyncOfMorePagesThanTheBucketHoldsWaitsForItsRefillAndIsNeverThrottled() throws Exception {
        IntStream.rangeClosed(1, 11)
                .forEach(n -> shopify.order(n, "2024-03-01T10:%02d:00Z".formatted(n)));
        start();

        SyncOutcome outcome = tributary.sync("orders");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(0, shopify.throttled(), "queries answered THROTTLED");
        assertTrue(shopify.api.requests().size() >= 6, "more queries than the bucket holds");
        assertEquals(
                IntStream.rangeClosed(1, 11)
                        .mapToObj(n -> (Object) ("gid://shopify/Order/" + n))
                        .toList(),
                db.column("SELECT id FROM shopify_orders ORDER BY updated_at"));
        assertTrue(waits().count() >= 1, "the refill is waited for through the rate limiter");
    }

    @Test
    void aBucketThatHoldsTheNextQueryCostsNoWait() throws Exception {
        IntStream.rangeClosed(1, 3)
                .forEach(n -> shopify.order(n, "2024-03-01T10:%02d:00Z".formatted(n)));
        start();

        SyncOutcome outcome = tributary.sync("orders");

        assertTrue(outcome.success(), outcome.summary());
        assertEquals(3L, db.count("SELECT COUNT(*) FROM shopify_orders"));
        assertEquals(0L, waits() == null ? 0L : waits().count(), "two queries of 40 in 100 points");
    }
}
