package io.tributary.sink;

import io.tributary.support.Database;

/** Child tables' seams on PostgreSQL (through {@code PipelinedSink}). */
class ChildTableSeamsOnPostgresTest extends ChildTableSeamsTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
