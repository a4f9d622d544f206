package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import org.junit.jupiter.api.Test;

/** Every behaviour of {@link SchemaVersionsTest}, into a DuckDB file. */
class SchemaVersionsOnDuckDbTest extends SchemaVersionsTest {
    @Override
    Database newDatabase() {
        return Database.of("duckdb");
    }

    /**
     * DuckDB came with schema versions: no install has its tables from before them (the base test
     * builds those with H2's and PostgreSQL's IDENTITY, which DuckDB has not), so its tables have
     * the columns from their creation.
     */
    @Override
    @Test
    void tablesFromBeforeVersionsGainTheColumnAndKeepTheirRows() throws Exception {
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        restartWith(V1 + "  extra:      {type: string}\n"); // a change: its table is made now
        for (String table : new String[] {"tributary_schema_changes", "tributary_drift_events"}) {
            assertEquals(
                    1,
                    db.count(
                            "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = '"
                                    + table
                                    + "' AND column_name = 'version'"),
                    table);
        }
        assertEquals(
                1L,
                ((Number)
                                db.single(
                                        "SELECT version FROM tributary_schema_changes WHERE column_name = 'extra'"))
                        .longValue());
    }
}
