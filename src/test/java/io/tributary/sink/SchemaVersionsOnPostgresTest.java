package io.tributary.sink;

import io.tributary.support.Database;

class SchemaVersionsOnPostgresTest extends SchemaVersionsTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
