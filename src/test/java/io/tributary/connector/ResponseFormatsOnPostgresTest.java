package io.tributary.connector;

import io.tributary.support.Database;

/** {@link ResponseFormatsTest} into PostgreSQL (pipelined writes, COPY for append). */
class ResponseFormatsOnPostgresTest extends ResponseFormatsTest {
    @Override
    Database newDatabase() {
        return Database.of("postgresql");
    }
}
