package io.tributary.sink;

import io.tributary.support.Database;
import java.util.List;

class SchemaChangesOnDuckDbTest extends SchemaChangesTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }

    /** DuckDB ignores a VARCHAR's length: VARCHAR(3) holds any text, nothing to widen. */
    @Override
    List<String> changesOfTheNarrowTable() {
        return List.of("name drop_not_null", "qty widen_type", "legacy drop_not_null");
    }
}
