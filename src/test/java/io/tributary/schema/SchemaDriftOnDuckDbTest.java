package io.tributary.schema;

import io.tributary.support.Database;

/** Every behaviour of {@link SchemaDriftTest}, into a DuckDB file. */
class SchemaDriftOnDuckDbTest extends SchemaDriftTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
