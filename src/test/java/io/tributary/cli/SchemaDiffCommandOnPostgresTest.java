package io.tributary.cli;

import io.tributary.support.Database;

class SchemaDiffCommandOnPostgresTest extends SchemaDiffCommandTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
