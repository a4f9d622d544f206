package io.tributary.sink;

import io.tributary.support.Database;

/** Every behaviour of {@link SourceDeletesTest}, into a DuckDB file. */
class SourceDeletesOnDuckDbTest extends SourceDeletesTest {
    @Override
    Database newDatabase() {
        return Database.of("duckdb");
    }
}
