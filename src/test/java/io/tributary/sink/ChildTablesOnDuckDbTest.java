package io.tributary.sink;

import io.tributary.support.Database;

/** Every behaviour of {@link ChildTablesTest}, into a DuckDB file. */
class ChildTablesOnDuckDbTest extends ChildTablesTest {
    @Override
    Database newDatabase() {
        return Database.of("duckdb");
    }
}
