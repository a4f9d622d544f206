package io.tributary.schema;

import io.tributary.support.Database;

class NestedDriftOnPostgresTest extends NestedDriftTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
