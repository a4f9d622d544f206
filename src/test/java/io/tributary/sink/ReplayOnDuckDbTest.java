package io.tributary.sink;

import io.tributary.support.Database;

/** Every behaviour of {@link ReplayTest}, into a DuckDB file. */
class ReplayOnDuckDbTest extends ReplayTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
