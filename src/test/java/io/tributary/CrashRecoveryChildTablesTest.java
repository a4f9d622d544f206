package io.tributary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.support.Database;
import io.tributary.support.ShopifyOrders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGKILL in the middle of a sync of Shopify orders with child tables, twice, in a child JVM, some
 * orders changing to fewer lines between the kills: the rerun leaves every order once and exactly
 * its current lines, discounts and shipping lines — no orphan, no duplicate — because children
 * commit in their parent's page transaction with the cursor.
 */
class CrashRecoveryChildTablesTest {
    static final Instant BASE =
            Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    static final int ORDERS = 400;
    final ShopifyOrders shop = new ShopifyOrders();
    Database db;

    @TempDir Path dir;

    @AfterEach
    void stop() {
        shop.close();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"upsert, postgresql", "upsert, h2-file", "replace, h2-file"})
    void aSyncKilledTwiceEndsWithEachOrderAndExactlyItsCurrentChildren(
            String writeMode, String kind) throws Exception {
        db = kind.equals("postgresql") ? Database.of("postgresql") : Database.h2File(dir);
        for (int i = 0; i < ORDERS; i++) {
            shop.order(1000 + i, BASE.plusSeconds(i / 3 * 60L).toString(), 1 + i % 4); // ties of 3
        }
        shop.delay(60); // so the kill lands mid-sync
        Path route = writeRoute(writeMode);

        int round = 0;
        for (int killAfter : new int[] {6, 9}) {
            Process child = startChild(route);
            try {
                awaitRequests(killAfter, child);
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
            }
            if (writeMode.equals("upsert")) {
                long orders =
                        db.tableExists("orders") ? db.count("SELECT COUNT(*) FROM orders") : 0;
                assertTrue(
                        orders > 0 && orders < ORDERS,
                        "killed mid-sync with " + orders + " orders");
                assertTrue(db.count("SELECT COUNT(*) FROM orders__lines") > 0, "lines of them too");
            }
            round++;
            // orders already loaded change: fewer lines (and a later updated_at, read again)
            for (int i = round; i < ORDERS; i += 37) {
                shop.order(1000 + i, BASE.plusSeconds(ORDERS * 60L + round).toString(), 1);
            }
        }
        shop.delay(0);
        assertEquals(Tributary.OK, new Tributary().run(options(route).toArray(String[]::new)));

        assertEquals(ORDERS, db.count("SELECT COUNT(DISTINCT id) FROM orders"));
        assertEquals(ORDERS, db.count("SELECT COUNT(*) FROM orders"));
        long lines = 0;
        for (int i = 0; i < ORDERS; i++) {
            lines += shop.get(1000 + i).get("line_items").size();
        }
        assertEquals(lines, db.count("SELECT COUNT(*) FROM orders__lines"), "lines");
        assertEquals(lines, db.count("SELECT COUNT(*) FROM orders__lines__discounts"), "discounts");
        assertEquals(ORDERS, db.count("SELECT COUNT(*) FROM orders__shipping_lines"));
        for (int i = 0; i < ORDERS; i += 37) {
            assertEquals(
                    shop.get(1000 + i).get("line_items").size(),
                    db.count("SELECT COUNT(*) FROM orders__lines WHERE _parent_id = ?", 1000L + i),
                    "order " + (1000 + i));
        }
        assertEquals(
                0,
                db.count(
                        "SELECT COUNT(*) FROM orders__lines l WHERE NOT EXISTS"
                                + " (SELECT 1 FROM orders o WHERE o.id = l._parent_id)"),
                "no orphans");
        assertTrue(
                db.count(
                                "SELECT COUNT(*) FROM orders__lines__discounts d WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM orders__lines l WHERE l._parent_id = d._parent_id"
                                        + " AND l._position = d._lines_position)")
                        == 0,
                "no orphan discounts");
    }

    Path writeRoute(String writeMode) throws IOException {
        Path schema =
                Path.of("examples/shopify-orders/shopify-orders.schema.yaml").toAbsolutePath();
        Path route = dir.resolve("orders.camel.yaml");
        Files.writeString(
                route,
                String.join(
                        "\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: http-to-jdbc",
                        "    parameters:",
                        "      - {name: connector, value: orders}",
                        "      - {name: schedule, value: \"timer:orders?period=3600000\"}",
                        "      - {name: url, value: \""
                                + shop.baseUrl()
                                + ShopifyOrders.PATH
                                + "?status=any\"}",
                        "      - {name: auth, value: api-key-header}",
                        "      - {name: authName, value: X-Shopify-Access-Token}",
                        "      - {name: authSecret, value: " + ShopifyOrders.TOKEN + "}",
                        "      - {name: pagination, value: link-header}",
                        "      - {name: pageSizeParam, value: limit}",
                        "      - {name: pageSize, value: \"20\"}",
                        "      - {name: recordsPath, value: /orders}",
                        "      - {name: cursorParam, value: updated_at_min}",
                        "      - {name: writeMode, value: " + writeMode + "}",
                        "      - {name: schema, value: \"" + schema + "\"}",
                        "      - {name: table, value: orders}",
                        ""));
        return route;
    }

    List<String> options(Path route) {
        List<String> o =
                new ArrayList<>(
                        List.of(
                                "--once",
                                "--tributary.demo.enabled=false",
                                "--camel.main.routes-include-pattern=file:" + route));
        o.addAll(db.options());
        return o;
    }

    Process startChild(Path route) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tributary.class.getName()));
        command.addAll(options(route));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/crash-child-tables-child.log"));
        return pb.start();
    }

    void awaitRequests(int n, Process child) throws InterruptedException {
        int start = shop.api.requests().size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the run ended by itself (exit "
                                + child.exitValue()
                                + "); see target/crash-child-tables-child.log");
            }
            if (shop.api.requests().size() - start >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "the run never asked for " + n + " pages; see target/crash-child-tables-child.log");
    }
}
