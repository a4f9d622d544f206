package io.tributary.sink;

import io.tributary.support.Database;

class SourceDeletesOnPostgresTest extends SourceDeletesTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
