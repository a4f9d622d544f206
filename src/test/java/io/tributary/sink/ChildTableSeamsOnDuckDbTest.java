package io.tributary.sink;

import io.tributary.support.Database;

/** Child tables' seams on DuckDB: a delete stream finds the child tables in its catalog too. */
class ChildTableSeamsOnDuckDbTest extends ChildTableSeamsTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }
}
