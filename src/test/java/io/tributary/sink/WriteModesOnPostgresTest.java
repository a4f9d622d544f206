package io.tributary.sink;

import io.tributary.support.Database;

class WriteModesOnPostgresTest extends WriteModesTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
