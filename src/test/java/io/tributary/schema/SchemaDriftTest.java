package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.tributary.metrics.ConnectorMetrics;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each drift policy, through the http-to-jdbc template: a Stripe-like source starts sending a new
 * field.
 */
class SchemaDriftTest {
    final Database db = newDatabase();

    Database newDatabase() {
        return Database.h2();
    }

    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    PagedApi api;
    ConnectorHarness tributary;

    @BeforeEach
    void start() throws Exception {
        tributary = new ConnectorHarness(db).start();
        api =
                new PagedApi(
                        r -> {
                            ObjectNode body = PagedApi.JSON.createObjectNode();
                            body.putArray("items").addAll(records);
                            return Reply.json(body);
                        });
        add("a", "Ada", "2026-01-01T00:00:00Z");
        add("b", "Bob", "2026-01-02T00:00:00Z");
        add("c", "Cy", "2026-01-03T00:00:00Z").put("color", "red").put("score", 7.5);
        add("d", "Dee", "2026-01-04T00:00:00Z");
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    ObjectNode add(String id, String name, String updatedAt) {
        ObjectNode o =
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", id)
                        .put("name", name)
                        .put("updated_at", updatedAt);
        records.add(o);
        return o;
    }

    SyncOutcome sync(String policy) throws Exception {
        tributary.add(
                ConnectorSpec.named("items")
                        .url(api.baseUrl() + "/v1/items")
                        .table("items")
                        .schema("src/test/resources/paging/items.schema.yaml")
                        .recordsPath("/items")
                        .pagination("none")
                        .drift(policy));
        return tributary.sync("items");
    }

    List<Object> events(String column) {
        return db.column(
                "SELECT "
                        + column
                        + " FROM tributary_drift_events WHERE connector = 'items' ORDER BY id");
    }

    double driftCount(String kind) {
        Counter c =
                ConnectorMetrics.of(tributary.context())
                        .registry()
                        .find("tributary.schema.drift")
                        .tag("connector", "items")
                        .tag("kind", kind)
                        .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void evolveAddsANullableColumnPerNewFieldAndLoadsItsValues() throws Exception {
        assertTrue(sync("evolve").success());
        assertEquals(4, db.count("SELECT COUNT(*) FROM items"));
        assertEquals("red", db.single("SELECT color FROM items WHERE id = 'c'"));
        assertEquals(
                7.5,
                Double.parseDouble(db.single("SELECT score FROM items WHERE id = 'c'").toString()));
        assertNull(db.single("SELECT color FROM items WHERE id = 'd'"));
        assertEquals(List.of("new_field", "new_field"), events("kind"));
        assertEquals(List.of("column_added", "column_added"), events("action"));
        assertEquals(2.0, driftCount("new_field"));
    }

    @Test
    void freezeFailsTheRunNamingTheNewField() throws Exception {
        SyncOutcome outcome = sync("freeze");
        assertFalse(outcome.success());
        assertTrue(outcome.summary().contains("new field 'color'"), outcome.summary());
        assertTrue(outcome.summary().contains("freeze"), outcome.summary());
        assertEquals(
                0,
                db.count("SELECT COUNT(*) FROM items"),
                "the page with the drifted record is not loaded");
        assertEquals(List.of("run_failed"), events("action"));
    }

    @Test
    void quarantineSendsTheDriftedRecordToTheDeadLetters() throws Exception {
        assertTrue(sync("quarantine").success());
        assertEquals(List.of("a", "b", "d"), db.column("SELECT id FROM items ORDER BY id"));
        Object reason =
                db.single("SELECT reason FROM tributary_dead_letters WHERE connector = 'items'");
        assertTrue(
                reason.toString().startsWith("schema drift: new field 'color'"), reason.toString());
        assertEquals(List.of("quarantined", "quarantined"), events("action"));
    }

    @Test
    void aChangedTypeAndAMissingFieldAreReportedAndQuarantined() throws Exception {
        records.clear();
        add("a", "Ada", "2026-01-01T00:00:00Z");
        records.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", "b")
                        .put("name", 42)
                        .put("updated_at", "2026-01-02T00:00:00Z"));
        records.add(
                PagedApi.JSON
                        .createObjectNode()
                        .put("id", "c")
                        .put("updated_at", "2026-01-03T00:00:00Z"));
        assertTrue(sync("quarantine").success());
        assertEquals(List.of("a"), db.column("SELECT id FROM items ORDER BY id"));
        assertEquals(List.of("changed_type", "missing_field"), events("kind"));
        assertEquals("was string, now number", events("detail").get(0));
    }

    @Test
    void offLoadsTheDeclaredColumnsAndReportsNothing() throws Exception {
        assertTrue(sync("off").success());
        assertEquals(4, db.count("SELECT COUNT(*) FROM items"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_drift_events"));
    }

    @Test
    void anUnknownPolicyStopsStartUpNamingTheParameter() {
        Exception e =
                org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> sync("adapt"));
        Throwable root = e;
        while (root.getCause() != null && !root.getMessage().contains("drift")) {
            root = root.getCause();
        }
        assertTrue(
                root.getMessage().contains("parameter 'drift' value 'adapt'"), root.getMessage());
    }
}
