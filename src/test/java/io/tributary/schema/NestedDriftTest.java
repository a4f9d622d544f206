package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.metrics.SyncOutcome;
import io.tributary.support.ConnectorHarness;
import io.tributary.support.ConnectorSpec;
import io.tributary.support.Database;
import io.tributary.support.PagedApi;
import io.tributary.support.PagedApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift below the top level: the schema maps {@code customer.address.city} and {@code
 * customer.name}, and stores {@code meta} whole; a Shopify-like source starts sending {@code
 * customer.address.zip}. On H2 (and, in a subclass, PostgreSQL).
 */
class NestedDriftTest {
    static final String SCHEMA =
            "primaryKey: [id]\ncursorField: updated_at\ncolumns:\n"
                    + "  id:            {type: string, required: true}\n"
                    + "  updated_at:    {type: timestamp, required: true}\n"
                    + "  customer_name: {type: string, path: /customer/name}\n"
                    + "  city:          {type: string, path: /customer/address/city}\n"
                    + "  first_phone:   {type: string, path: /customer/phones/0/number}\n"
                    + "  meta:          {type: json}\n";
    final Database db = newDatabase();
    final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    @TempDir Path dir;
    PagedApi api;
    ConnectorHarness tributary;

    Database newDatabase() {
        return Database.h2();
    }

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
        order("a", "2026-01-01T00:00:00Z");
        order("b", "2026-01-02T00:00:00Z").with("customer").with("address").put("zip", "10115");
        order("c", "2026-01-03T00:00:00Z");
        order("d", "2026-01-04T00:00:00Z").with("customer").with("address").put("zip", "80331");
    }

    @AfterEach
    void stop() throws Exception {
        tributary.close();
        api.close();
    }

    /** An order whose customer, address, phones and meta are what the schema maps. */
    ObjectNode order(String id, String updatedAt) {
        ObjectNode o = PagedApi.JSON.createObjectNode().put("id", id).put("updated_at", updatedAt);
        ObjectNode customer = o.putObject("customer").put("name", "Ada " + id);
        customer.putObject("address").put("city", "Berlin");
        customer.putArray("phones").addObject().put("number", "+49 30 " + id);
        o.putObject("meta").put("source", "web");
        records.add(o);
        return o;
    }

    SyncOutcome sync(String policy) throws Exception {
        Path schema = Files.writeString(dir.resolve("orders.schema.yaml"), SCHEMA);
        tributary.add(
                ConnectorSpec.named("orders")
                        .url(api.baseUrl() + "/v1/orders")
                        .table("orders")
                        .schema(schema.toString())
                        .recordsPath("/items")
                        .pagination("none")
                        .drift(policy));
        return tributary.sync("orders");
    }

    List<Object> events(String column) {
        return db.column(
                "SELECT "
                        + column
                        + " FROM tributary_drift_events WHERE connector = 'orders' ORDER BY id");
    }

    @Test
    void evolveAddsAColumnNamedByTheFullPathAndMapsItFromThenOn() throws Exception {
        assertTrue(sync("evolve").success());
        assertEquals(4, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(
                "10115", db.single("SELECT customer__address__zip FROM orders WHERE id = 'b'"));
        assertEquals(
                "80331",
                db.single("SELECT customer__address__zip FROM orders WHERE id = 'd'"),
                "a later record's value goes to the same column");
        assertEquals(
                2,
                db.count("SELECT COUNT(*) FROM orders WHERE customer__address__zip IS NULL"),
                "records without the field have no value");
        assertEquals(List.of("customer.address.zip"), events("field"));
        assertEquals(List.of("column_added"), events("action"));
        assertEquals(List.of("string -> column customer__address__zip string"), events("detail"));
        assertEquals("Berlin", db.single("SELECT city FROM orders WHERE id = 'b'"));
    }

    @Test
    void freezeFailsTheRunNamingTheFullPath() throws Exception {
        SyncOutcome outcome = sync("freeze");
        assertFalse(outcome.success());
        assertTrue(
                outcome.summary().contains("new field 'customer.address.zip' (string)"),
                outcome.summary());
        assertEquals(0, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(List.of("run_failed"), events("action"));
    }

    @Test
    void quarantineSendsTheRecordToTheDeadLettersNamingThePath() throws Exception {
        assertTrue(sync("quarantine").success());
        assertEquals(List.of("a", "c"), db.column("SELECT id FROM orders ORDER BY id"));
        assertEquals(
                List.of(
                        "schema drift: new field 'customer.address.zip' (string)",
                        "schema drift: new field 'customer.address.zip' (string)"),
                db.column(
                        "SELECT reason FROM tributary_dead_letters WHERE connector = 'orders' ORDER BY id"));
        assertEquals(List.of("quarantined"), events("action"), "reported once per process");
    }

    @Test
    void aNewFieldInsideAWholeJsonColumnOrAnArrayElementIsNoDrift() throws Exception {
        records.clear();
        order("a", "2026-01-01T00:00:00Z").with("meta").put("campaign", "spring");
        ObjectNode b = order("b", "2026-01-02T00:00:00Z");
        ((ObjectNode) b.with("customer").withArray("phones").get(0)).put("extension", "12");
        b.with("customer")
                .withArray("phones")
                .addObject()
                .put("number", "+49 89 1")
                .put("kind", "mobile");
        assertTrue(sync("freeze").success());
        assertEquals(2, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM tributary_drift_events"));
    }

    @Test
    void aNewObjectInsideAMappedOneIsOneFindingStoredWhole() throws Exception {
        records.clear();
        order("a", "2026-01-01T00:00:00Z")
                .with("customer")
                .with("address")
                .putObject("geo")
                .put("lat", 52.5)
                .put("lng", 13.4);
        order("b", "2026-01-02T00:00:00Z");
        assertTrue(sync("evolve").success());
        assertEquals(List.of("customer.address.geo"), events("field"));
        String geo =
                String.valueOf(
                        db.single("SELECT customer__address__geo FROM orders WHERE id = 'a'"));
        assertTrue(geo.replace(" ", "").contains("\"lat\":52.5"), geo);
    }
}
