package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** append and replace through the http-to-jdbc template, on H2 (and, in a subclass, PostgreSQL). */
class WriteModesTest {
    static final String SCHEMA = "src/test/resources/paging/items.schema.yaml";
    Database db;
    ConnectorHarness tributary;
    final SinkTestApi api = new SinkTestApi();

    Database newDatabase() {
        return Database.h2();
    }

    @BeforeEach
    void start() throws Exception {
        db = newDatabase();
        tributary = new ConnectorHarness(db).start();
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    List<Object> names() {
        return db.column("SELECT name FROM items ORDER BY id");
    }

    @Test
    void appendKeepsEveryRecordOfEverySync() throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        api.add("b", "Bob", "2026-01-02T00:00:00Z");
        api.add("c", "say \"x\", y\nz", "2026-01-03T00:00:00Z");
        api.add("d", "", "2026-01-04T00:00:00+02:00").remove("name");
        api.connect(tributary, SCHEMA, "writeMode", "append");
        assertTrue(tributary.sync("items").success());
        assertTrue(tributary.sync("items").success());
        assertEquals(8, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM items WHERE id = 'a'"));
        // the values survive PostgreSQL's COPY path as they do the INSERT path
        assertEquals("say \"x\", y\nz", db.single("SELECT name FROM items WHERE id = 'c' LIMIT 1"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM items WHERE id = 'd' AND name IS NULL"));
        assertEquals(
                2,
                db.count(
                        "SELECT COUNT(*) FROM items WHERE updated_at = ?",
                        java.time.OffsetDateTime.parse("2026-01-03T22:00:00Z")));
    }

    @Test
    void replaceSwapsInTheRefreshedTableOnlyWhenTheSyncCompletes() throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        api.add("b", "Bob", "2026-01-02T00:00:00Z");
        api.add("c", "Cy", "2026-01-03T00:00:00Z");
        api.connect(tributary, SCHEMA, "writeMode", "replace");
        assertTrue(tributary.sync("items").success());
        assertEquals(List.of("Ada", "Bob", "Cy"), names());

        api.records.clear(); // the source now holds c (renamed) and d only: a and b must go
        api.add("c", "Cyrus", "2026-01-03T00:00:00Z");
        api.add("d", "Dee", "2026-01-04T00:00:00Z");
        assertTrue(tributary.sync("items").success());
        assertEquals(List.of("Cyrus", "Dee"), names());
        Object cursor =
                db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'items'");
        assertEquals("2026-01-04T00:00:00Z", cursor);
    }

    @Test
    void aFailedRefreshLeavesTheOldTableAndCursorIntact() throws Exception {
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        api.add("b", "Bob", "2026-01-02T00:00:00Z");
        api.connect(tributary, SCHEMA, "writeMode", "replace");
        assertTrue(tributary.sync("items").success());

        api.records.clear();
        for (String id : new String[] {"e", "f", "g", "h", "i"}) {
            api.add(
                    id,
                    id.toUpperCase(java.util.Locale.ROOT),
                    "2026-02-0" + (id.charAt(0) - 'd') + "T00:00:00Z");
        }
        api.brokenPage = 2; // page 1 is staged, page 2 fails every retry
        SyncOutcome failed = tributary.sync("items");
        assertFalse(failed.success());
        assertEquals(List.of("Ada", "Bob"), names(), "readers still see the old table, whole");
        assertEquals(
                "2026-01-02T00:00:00Z",
                db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'items'"));

        api.brokenPage = 0;
        assertTrue(tributary.sync("items").success());
        assertEquals(List.of("E", "F", "G", "H", "I"), names());
    }
}
