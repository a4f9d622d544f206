package io.tributary.sink;

import io.tributary.support.Database;

class AbsentOptionalColumnsOnPostgresTest extends AbsentOptionalColumnsTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
