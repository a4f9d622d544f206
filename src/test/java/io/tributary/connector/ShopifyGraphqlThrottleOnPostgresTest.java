package io.tributary.connector;

import io.tributary.support.Database;

/** The cost limit of {@link ShopifyGraphqlThrottleTest}, on a real PostgreSQL. */
class ShopifyGraphqlThrottleOnPostgresTest extends ShopifyGraphqlThrottleTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
