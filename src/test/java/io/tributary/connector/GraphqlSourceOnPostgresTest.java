package io.tributary.connector;

import io.tributary.support.Database;

/** The GraphQL source of {@link GraphqlSourceTest}, on a real PostgreSQL. */
class GraphqlSourceOnPostgresTest extends GraphqlSourceTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
