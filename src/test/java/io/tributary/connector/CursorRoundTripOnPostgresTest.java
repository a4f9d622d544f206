package io.tributary.connector;

import io.tributary.support.Database;

/**
 * Every behaviour of {@link CursorRoundTripTest}, on a real PostgreSQL (where pages are written
 * overlapped).
 */
class CursorRoundTripOnPostgresTest extends CursorRoundTripTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
