package io.tributary.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.schema.ColumnType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDialectTest {
    private static final List<String> COLUMNS = List.of("id", "station_id", "temperature_c");

    @Test
    void postgresUpsertUpdatesTheNonKeyColumnsFromExcluded() {
        assertEquals(
                "INSERT INTO \"obs\" (\"id\", \"station_id\", \"temperature_c\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"id\") DO UPDATE SET \"station_id\" = EXCLUDED.\"station_id\","
                        + " \"temperature_c\" = EXCLUDED.\"temperature_c\"",
                SqlDialect.POSTGRESQL.upsert("obs", COLUMNS, List.of("id")));
    }

    @Test
    void postgresUpsertDoesNothingWhenEveryColumnIsInTheKey() {
        assertEquals(
                "INSERT INTO \"tags\" (\"item\", \"tag\") VALUES (?, ?) ON CONFLICT (\"item\", \"tag\") DO NOTHING",
                SqlDialect.POSTGRESQL.upsert(
                        "tags", List.of("item", "tag"), List.of("item", "tag")));
    }

    @Test
    void postgresInsertIfAbsentDoesNothingOnConflict() {
        assertEquals(
                "INSERT INTO \"obs\" (\"id\", \"station_id\", \"temperature_c\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"id\", \"station_id\") DO NOTHING",
                SqlDialect.POSTGRESQL.insertIfAbsent("obs", COLUMNS, List.of("id", "station_id")));
    }

    @Test
    void h2UpsertIsAMergeByKey() {
        assertEquals(
                "MERGE INTO \"obs\" (\"id\", \"station_id\", \"temperature_c\") KEY (\"id\") VALUES (?, ?, ?)",
                SqlDialect.H2.upsert("obs", COLUMNS, List.of("id")));
    }

    @Test
    void decimalsAndJsonGetTypesThatKeepEverything() {
        assertEquals("NUMERIC", SqlDialect.POSTGRESQL.sqlType(ColumnType.DECIMAL));
        assertEquals("JSONB", SqlDialect.POSTGRESQL.sqlType(ColumnType.JSON));
        assertEquals("DECFLOAT", SqlDialect.H2.sqlType(ColumnType.DECIMAL));
        assertEquals("TIMESTAMP WITH TIME ZONE", SqlDialect.H2.sqlType(ColumnType.TIMESTAMP));
    }
}
