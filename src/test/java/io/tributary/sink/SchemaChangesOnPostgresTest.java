package io.tributary.sink;

import io.tributary.support.Database;

class SchemaChangesOnPostgresTest extends SchemaChangesTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
