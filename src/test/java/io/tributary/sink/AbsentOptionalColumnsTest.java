package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upsert does not overwrite a stored value with NULL because a record lacked an optional
 * column's path; a JSON {@code null} still writes NULL. On H2 (and, in a subclass, PostgreSQL).
 */
class AbsentOptionalColumnsTest {
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
        api.add("a", "Ada", "2026-01-01T00:00:00Z");
        api.add("b", "Bob", "2026-01-02T00:00:00Z");
        api.add("c", "Cy", "2026-01-03T00:00:00Z");
        api.connect(tributary, SCHEMA);
        assertTrue(tributary.sync("items").success());
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    Object name(String id) {
        return db.single("SELECT name FROM items WHERE id = ?", id);
    }

    @Test
    void aRecordWithoutTheOptionalPathKeepsTheStoredValue() throws Exception {
        api.records.clear();
        api.add("a", "", "2026-02-01T00:00:00Z").remove("name");
        api.add("b", "", "2026-02-01T00:00:00Z").remove("name");
        assertTrue(tributary.sync("items").success());
        assertEquals("Ada", name("a"));
        assertEquals("Bob", name("b"));
        assertEquals(
                2,
                db.count(
                        "SELECT COUNT(*) FROM items WHERE updated_at = ?",
                        java.time.OffsetDateTime.parse("2026-02-01T00:00:00Z")),
                "the columns the records have are updated");
    }

    @Test
    void aJsonNullStillWritesNull() throws Exception {
        api.records.clear();
        api.add("a", "", "2026-02-01T00:00:00Z").putNull("name");
        assertTrue(tributary.sync("items").success());
        assertNull(name("a"));
    }

    @Test
    void recordsOfOnePageAreJudgedOneByOneAndANewRecordWithoutThePathGetsNull() throws Exception {
        api.records.clear();
        api.add("a", "Ada Lovelace", "2026-02-01T00:00:00Z");
        api.add("b", "", "2026-02-02T00:00:00Z").remove("name");
        api.add("c", "", "2026-02-03T00:00:00Z").putNull("name");
        api.add("d", "", "2026-02-04T00:00:00Z").remove("name");
        assertTrue(tributary.sync("items").success());
        assertEquals("Ada Lovelace", name("a"));
        assertEquals("Bob", name("b"));
        assertNull(name("c"));
        assertNull(name("d"));
        assertEquals(4, db.count("SELECT COUNT(*) FROM items"));
    }
}
