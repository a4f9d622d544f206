package io.tributary.sink;

import io.tributary.support.Database;

class WriteModesOnDuckDbTest extends WriteModesTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
