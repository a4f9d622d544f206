package io.tributary.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.ConnectorHarness;
import io.tributary.support.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any Camel consumer feeds the sink: a route file reads CSV files ({@code from: file:}), keeps them
 * once each through {@code CommittedMessageRepository}, and sends each file as one page to {@code
 * kamelet:tributary-jdbc-sink}.
 */
class FileToKameletSinkTest {
    static final Path SCHEMA =
            Path.of("src/test/resources/kamelet/orders.schema.yaml").toAbsolutePath();

    @TempDir Path dir;

    Path inbox;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void threeCsvFilesLoadExactlyOnceAndARestartLoadsNothingAgain(String kind) throws Exception {
        Database db = Database.of(kind);
        writeOrders();
        Path route = route("orders-files", "append", "");

        try (ConnectorHarness first = new ConnectorHarness(db).start()) {
            first.load(route.toString());
            awaitRows(db, 7, first.context());
        }
        assertEquals(
                7,
                db.count("SELECT COUNT(*) FROM orders"),
                "every good line of the three files once");
        assertEquals(1, db.count("SELECT COUNT(*) FROM tributary_dead_letters"));
        assertEquals("quantity", db.single("SELECT field FROM tributary_dead_letters"));
        assertTrue(
                db.single("SELECT reason FROM tributary_dead_letters")
                        .toString()
                        .contains("integer"),
                "the reason says what was wrong");
        assertEquals(
                3,
                db.count(
                        "SELECT COUNT(*) FROM tributary_cursors WHERE connector LIKE 'orders-files/%'"),
                "one row per file");
        assertEquals(
                1,
                db.count(
                        "SELECT COUNT(*) FROM orders WHERE order_id = 'A1' AND line = 2 AND quantity = 3 "
                                + "AND price = 4.50 AND ordered = DATE '2026-11-02'"),
                "CSV text typed by the schema");

        try (ConnectorHarness second =
                new ConnectorHarness(db).start()) { // a restart: noop=true reads every file again
            second.load(route.toString());
            Thread.sleep(1500); // several polls
            assertEquals(
                    3, skipped(second.context()), "each file seen again is skipped as committed");
        }
        assertEquals(
                7,
                db.count("SELECT COUNT(*) FROM orders"),
                "append would have doubled any file loaded again");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2"})
    void userStepsBetweenTheConsumerAndTheSinkKeepTheContract(String kind) throws Exception {
        Database db = Database.of(kind);
        writeOrders();
        // a filter drops file c.csv, a setHeader names the stream; the sink still commits each page
        // once and acks it
        Path route =
                route(
                        "orders-files",
                        "upsert",
                        String.join(
                                "\n",
                                "          - filter:",
                                "              simple: \"${header.CamelFileName} != 'c.csv'\"",
                                "              steps:",
                                "                - setHeader:",
                                "                    name: tributary.stream",
                                "                    simple: \"orders-files/${header.CamelFileName}\"",
                                "                - to:",
                                "                    uri: kamelet:tributary-jdbc-sink",
                                "                    parameters: {schema: \""
                                        + SCHEMA
                                        + "\", table: orders, writeMode: upsert}",
                                "                - to: mock:acks"));
        try (ConnectorHarness h = new ConnectorHarness(db).start()) {
            h.load(route.toString());
            org.apache.camel.component.mock.MockEndpoint acks =
                    h.context()
                            .getEndpoint(
                                    "mock:acks",
                                    org.apache.camel.component.mock.MockEndpoint.class);
            acks.expectedMessageCount(2);
            acks.assertIsSatisfied(20_000);
            for (org.apache.camel.Exchange e : acks.getExchanges()) {
                PageContract.PageAck ack =
                        e.getProperty(PageContract.ACK, PageContract.PageAck.class);
                assertEquals("committed", ack.status());
                assertEquals(
                        "orders-files/" + e.getMessage().getHeader("CamelFileName"), ack.stream());
            }
        }
        assertEquals(
                5,
                db.count("SELECT COUNT(*) FROM orders"),
                "a.csv's 3 lines and b.csv's 2 good ones; c.csv filtered out");
        assertEquals(
                2,
                db.count(
                        "SELECT COUNT(*) FROM tributary_cursors WHERE connector LIKE 'orders-files/%'"));
    }

    /**
     * a.csv: 3 lines; b.csv: 2 good lines and one whose quantity is not a number; c.csv: 2 lines.
     */
    void writeOrders() throws Exception {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(
                inbox.resolve("a.csv"),
                "order_id,line,sku,quantity,price,ordered\n"
                        + "A1,1,SKU-1,1,9.99,2026-11-02\nA1,2,SKU-2,3,4.50,2026-11-02\nA2,1,SKU-1,2,,\n");
        Files.writeString(
                inbox.resolve("b.csv"),
                "order_id,line,sku,quantity,price,ordered\n"
                        + "B1,1,\"SKU, large\",1,120.00,2026-11-03\nB1,2,SKU-9,many,1.00,2026-11-03\nB2,1,SKU-3,5,2.00,2026-11-03\n");
        Files.writeString(
                inbox.resolve("c.csv"),
                "order_id,line,sku,quantity,price,ordered\n"
                        + "C1,1,SKU-4,1,3.00,2026-11-04\nC1,2,SKU-5,1,3.00,2026-11-04\n");
    }

    /**
     * The route file as a user writes it; {@code steps} replaces the plain {@code to: kamelet:...}
     * when given.
     */
    Path route(String id, String writeMode, String steps) throws Exception {
        String sink =
                steps.isEmpty()
                        ? String.join(
                                "\n",
                                "          - to:",
                                "              uri: kamelet:tributary-jdbc-sink",
                                "              parameters: {schema: \""
                                        + SCHEMA
                                        + "\", table: orders, writeMode: "
                                        + writeMode
                                        + "}")
                        : steps;
        Path route = dir.resolve(id + ".camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- route:",
                        "    id: " + id,
                        "    from:",
                        "      uri: \"file:" + inbox + "?noop=true&delay=200&sortBy=file:name\"",
                        "      steps:",
                        "        - idempotentConsumer:",
                        "            id: seen",
                        "            simple: \"${header.CamelFileName}:${header.CamelFileLength}:${header.CamelFileLastModified}\"",
                        "            idempotentRepository: \"#class:io.tributary.state.CommittedMessageRepository('"
                                + id
                                + "')\"",
                        "            eager: false",
                        "            steps:",
                        "              - unmarshal:",
                        "                  custom: {ref: tributaryCsv}",
                        "              - setProperty: {name: lines, simple: \"${body.size}\"}",
                        sink.lines()
                                .map(line -> "    " + line)
                                .collect(java.util.stream.Collectors.joining("\n")),
                        ""));
        return route;
    }

    static void awaitRows(Database db, long rows, CamelContext context)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (db.tableExists("orders")
                    && db.count("SELECT COUNT(*) FROM orders") >= rows
                    && db.count(
                                    "SELECT COUNT(*) FROM tributary_cursors WHERE connector LIKE 'orders-files/%'")
                            >= 3) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "the files were not loaded within 30 s: "
                        + (db.tableExists("tributary_cursors")
                                ? db.column("SELECT connector FROM tributary_cursors")
                                : "no cursors"));
    }

    /** Messages the idempotent consumer (node id {@code seen}) dropped as already committed. */
    static long skipped(CamelContext context) {
        return ((org.apache.camel.processor.idempotent.IdempotentConsumer)
                        context.getProcessor("seen"))
                .getDuplicateMessageCount();
    }
}
