package io.tributary.sink;

import io.tributary.support.Database;

/** The child tables on PostgreSQL (pipelined writes, transactional swap). */
class ChildTablesOnPostgresTest extends ChildTablesTest {
    @Override
    Database newDatabase() {
        return Database.of("postgresql");
    }
}
