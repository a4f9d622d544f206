package io.tributary.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connector.Connector;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tributary replay: dead letters re-mapped after the schema was fixed leave the table only once
 * loaded.
 */
class ReplayTest {
    final Database db = newDatabase();

    Database newDatabase() {
        return Database.h2();
    }

    final SinkTestApi api = new SinkTestApi();
    ConnectorHarness tributary;
    @TempDir Path dir;

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    void schema(Path file, String amountType) throws Exception {
        Files.writeString(
                file,
                "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n  id: {type: string, required: true}\n"
                        + "  name: string\n  amount: "
                        + amountType
                        + "\n  updated_at: {type: timestamp, required: true}\n");
    }

    DeadLetterReplay.Result replay() {
        return tributary
                .context()
                .getRegistry()
                .lookupByNameAndType("tributaryConnector:items", Connector.class)
                .replay();
    }

    @Test
    void replayLoadsTheRecordsTheFixedSchemaAcceptsAndKeepsTheRestWithTheirNewReason()
            throws Exception {
        Path schema = dir.resolve("items.schema.yaml");
        schema(schema, "integer");
        api.add("a", "Ada", "2026-01-01T00:00:00Z").put("amount", 5);
        api.add("b", "Bob", "2026-01-02T00:00:00Z").put("amount", "5.50");
        api.add("c", "Cy", "2026-01-03T00:00:00Z").put("amount", "lots");
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString());
        assertTrue(tributary.sync("items").success());
        assertEquals(1, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(
                2,
                db.count("SELECT COUNT(*) FROM tributary_dead_letters WHERE connector = 'items'"));
        Object cursor =
                db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'items'");

        tributary.close();
        schema(schema, "decimal"); // the fix: amounts have cents
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE items ALTER COLUMN amount SET DATA TYPE "
                            + io.tributary.sql.SqlDialect.of(c)
                                    .sqlType(io.tributary.schema.ColumnType.DECIMAL));
        }
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString());
        DeadLetterReplay.Result result = replay();
        assertEquals(1, result.loaded());
        assertEquals(1, result.failing());
        assertEquals(
                0,
                new BigDecimal("5.50")
                        .compareTo(
                                new BigDecimal(
                                        db.single("SELECT amount FROM items WHERE id = 'b'")
                                                .toString())));
        List<Object> reasons =
                db.column("SELECT reason FROM tributary_dead_letters WHERE connector = 'items'");
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).toString().contains("not a valid decimal"), reasons.toString());
        assertEquals(
                cursor,
                db.single("SELECT cursor_value FROM tributary_cursors WHERE connector = 'items'"),
                "replay moves no cursor");

        DeadLetterReplay.Result again = replay();
        assertEquals(0, again.loaded(), "a replayed record is loaded once");
        assertEquals(1, again.failing());
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"));
    }

    /**
     * Under replace a replay loads into the table itself: between syncs there is no staging one.
     */
    @Test
    void replayUnderReplaceLoadsIntoTheTable() throws Exception {
        Path schema = dir.resolve("items.schema.yaml");
        schema(schema, "integer");
        api.add("a", "Ada", "2026-01-01T00:00:00Z").put("amount", 5);
        api.add("b", "Bob", "2026-01-02T00:00:00Z").put("amount", "5.50");
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString(), "writeMode", "replace", "cursorParam", "");
        assertTrue(tributary.sync("items").success());
        tributary.close();
        schema(schema, "decimal");
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE items ALTER COLUMN amount SET DATA TYPE "
                            + io.tributary.sql.SqlDialect.of(c)
                                    .sqlType(io.tributary.schema.ColumnType.DECIMAL));
        }
        tributary = new ConnectorHarness(db).start();
        api.connect(tributary, schema.toString(), "writeMode", "replace", "cursorParam", "");

        DeadLetterReplay.Result result = replay();

        assertEquals(1, result.loaded());
        assertEquals(2, db.count("SELECT COUNT(*) FROM items"));
    }
}
