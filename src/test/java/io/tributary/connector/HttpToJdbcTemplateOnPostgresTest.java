package io.tributary.connector;

import io.tributary.support.Database;

/** Every behaviour of {@link HttpToJdbcTemplateTest}, on a real PostgreSQL. */
class HttpToJdbcTemplateOnPostgresTest extends HttpToJdbcTemplateTest {
    @Override
    Database newDatabase() {
        return Database.postgres();
    }
}
