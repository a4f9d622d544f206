package io.tributary.connector;

import io.tributary.support.Database;

/** Every behaviour of {@link HttpToJdbcTemplateTest}, into a DuckDB file. */
class HttpToJdbcTemplateOnDuckDbTest extends HttpToJdbcTemplateTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
