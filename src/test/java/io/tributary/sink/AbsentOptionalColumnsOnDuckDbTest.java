package io.tributary.sink;

import io.tributary.support.Database;

/** DuckDB: pages with a record that lacks a path take the row-by-row statements that keep it. */
class AbsentOptionalColumnsOnDuckDbTest extends AbsentOptionalColumnsTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
