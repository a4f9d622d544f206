package io.tributary.connector;

import io.tributary.support.Database;

/** Every behaviour of {@link CursorRoundTripTest}, into a DuckDB file. */
class CursorRoundTripOnDuckDbTest extends CursorRoundTripTest {
    @Override
    Database newDatabase() {
        return Database.duckdb();
    }

    /** DuckDB adds no constraint to an existing table: the empty table is made again with it. */
    @Override
    void refuseRowsOf(String id) throws Exception {
        String create =
                (String) db.single("SELECT sql FROM duckdb_tables() WHERE table_name = 'items'");
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("DROP TABLE items");
            s.execute(create.replaceFirst("\\);\\s*$", ", CHECK (id <> '" + id + "'));"));
        }
    }
}
