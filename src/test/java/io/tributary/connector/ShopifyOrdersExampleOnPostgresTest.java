package io.tributary.connector;

import io.tributary.support.Database;

class ShopifyOrdersExampleOnPostgresTest extends ShopifyOrdersExampleTest {
    @Override
    Database newDatabase() {
        return Database.of("postgresql");
    }
}
