package io.tributary.cli;

import io.tributary.support.Database;

/** Every behaviour of {@link SchemaDiffCommandTest}, into a DuckDB file. */
class SchemaDiffCommandOnDuckDbTest extends SchemaDiffCommandTest {
    @Override
    Database newDatabase() {
        return Database.of("duckdb");
    }
}
