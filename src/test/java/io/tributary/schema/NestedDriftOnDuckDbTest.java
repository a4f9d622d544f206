package io.tributary.schema;

import io.tributary.support.Database;

/** Every behaviour of {@link NestedDriftTest}, into a DuckDB file. */
class NestedDriftOnDuckDbTest extends NestedDriftTest {
    @Override
    Database newDatabase() {
        return Database.of("duckdb");
    }
}
